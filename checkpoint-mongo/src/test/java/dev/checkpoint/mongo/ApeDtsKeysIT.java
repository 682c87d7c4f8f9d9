package dev.checkpoint.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.checkpoint.Batch;
import dev.checkpoint.Position;
import dev.checkpoint.PositionJson;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.testkit.TestMongo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.bson.BsonBinary;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mongo {@code _id} values in ape-dts's forms, both ways, against the in-process server: a position
 * ape-dts wrote (hand-written here in its forms) resumes after that document, and the positions
 * this library writes carry ape-dts's forms in both the flat and the order_key field. Each
 * collection holds five documents of one key type; the positions name the second one. The database
 * is named {@code test_db_@…}; MongoDB allows no {@code $} in a collection name.
 */
class ApeDtsKeysIT {
  private static TestMongo mongo;
  private static MongoDatabase db;

  @BeforeAll
  static void start() {
    mongo = TestMongo.start();
    db = mongo.freshDatabase("test_db_@");
  }

  @AfterAll
  static void stop() {
    mongo.drop(db);
    mongo.close();
  }

  private static List<BsonValue> objectIds() {
    List<BsonValue> ids = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      ids.add(new BsonObjectId(new ObjectId("648195af9aa9cadd41a9dcb" + i)));
    }
    return ids;
  }

  private static List<BsonValue> of(java.util.function.IntFunction<BsonValue> f) {
    List<BsonValue> out = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      out.add(f.apply(i));
    }
    return out;
  }

  /** Type, the five keys in order, and ape-dts's text for the second key. */
  static Stream<Arguments> apeDtsForms() {
    return Stream.of(
        Arguments.of("object_id", objectIds(), "{\"ObjectId\":\"648195af9aa9cadd41a9dcb2\"}"),
        Arguments.of(
            "object_id_oid", objectIds(), "{\"ObjectId\":{\"$oid\":\"648195af9aa9cadd41a9dcb2\"}}"),
        Arguments.of(
            "string",
            of(i -> new BsonString(String.valueOf((char) ('a' + i - 1)))),
            "{\"String\":\"b\"}"),
        Arguments.of("int32", of(BsonInt32::new), "{\"Int32\":2}"),
        Arguments.of("int64", of(i -> new BsonInt64(i)), "{\"Int64\":2}"),
        Arguments.of(
            "datetime",
            of(i -> new BsonDateTime(1704067200000L + i * 43_200_000L)),
            "{\"DateTime\":{\"$date\":{\"$numberLong\":\"1704153600000\"}}}"),
        Arguments.of(
            "datetime_ext",
            of(i -> new BsonDateTime(1704067200000L + i * 43_200_000L)),
            "{\"CanonicalExtJson\":{\"$date\":{\"$numberLong\":\"1704153600000\"}}}"),
        Arguments.of(
            "timestamp",
            of(i -> new BsonTimestamp(1700000000, i)),
            "{\"Timestamp\":{\"$timestamp\":{\"t\":1700000000,\"i\":2}}}"),
        Arguments.of(
            "double",
            of(i -> new BsonDouble(i + 0.5)),
            "{\"CanonicalExtJson\":{\"$numberDouble\":\"2.5\"}}"),
        Arguments.of(
            "decimal",
            of(i -> new BsonDecimal128(Decimal128.parse(i + ".2"))),
            "{\"CanonicalExtJson\":{\"$numberDecimal\":\"2.2\"}}"),
        Arguments.of(
            "binary",
            of(i -> new BsonBinary(new byte[] {(byte) i})),
            "{\"CanonicalExtJson\":{\"$binary\":{\"base64\":\"Ag==\",\"subType\":\"00\"}}}"),
        Arguments.of(
            "document",
            of(i -> new BsonDocument("k", new BsonInt32(i))),
            "{\"CanonicalExtJson\":{\"k\":{\"$numberInt\":\"2\"}}}"));
  }

  /** Type, the five keys in order, and the text this library wrote for the second key before. */
  static Stream<Arguments> formsThisLibraryWroteBefore() {
    return Stream.of(
        Arguments.of("old_double", of(i -> new BsonDouble(i + 0.5)), "{\"Double\":\"2.5\"}"),
        Arguments.of(
            "old_decimal",
            of(i -> new BsonDecimal128(Decimal128.parse(i + ".2"))),
            "{\"Decimal128\":\"2.2\"}"),
        Arguments.of(
            "old_datetime",
            of(i -> new BsonDateTime(1704067200000L + i * 43_200_000L)),
            "{\"DateTime\":1704153600000}"),
        Arguments.of(
            "old_timestamp",
            of(i -> new BsonTimestamp(1700000000, i)),
            "{\"Timestamp\":{\"t\":1700000000,\"i\":2}}"),
        Arguments.of(
            "old_binary",
            of(i -> new BsonBinary(new byte[] {(byte) i})),
            "{\"Binary\":{\"subtype\":0,\"hex\":\"02\"}}"),
        Arguments.of(
            "old_document",
            of(i -> new BsonDocument("k", new BsonInt32(i))),
            "{\"Document\":{\"k\": {\"$numberInt\": \"2\"}}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formsThisLibraryWroteBefore")
  void aPositionThisLibraryWroteBeforeStillResumesAfterItsDocument(
      String type, List<BsonValue> keys, String text) {
    MongoCollection<BsonDocument> c = collection(type, keys);
    TableRef t = ref(c);
    Source<BsonDocument> source = MongoSources.keyed(c).batchSize(2).build();
    String line = head(t) + "\"order_col\":\"_id\",\"value\":" + quoted(text) + "}";
    assertThat(Reads.ids(Reads.all(source, decision(t, line))))
        .containsExactlyElementsOf(Reads.exact(keys.subList(2, 5)));
  }

  private static MongoCollection<BsonDocument> collection(String type, List<BsonValue> keys) {
    MongoCollection<BsonDocument> c =
        db.getCollection("resume_" + type + "_tb_*1", BsonDocument.class);
    c.drop();
    List<BsonDocument> docs = new ArrayList<>();
    for (int i = keys.size() - 1; i >= 0; i--) {
      docs.add(new BsonDocument("_id", keys.get(i)).append("n", new BsonInt32(i)));
    }
    c.insertMany(docs);
    return c;
  }

  private static TableRef ref(MongoCollection<BsonDocument> c) {
    return TableRef.of("mongo", db.getName(), c.getNamespace().getCollectionName());
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static ResumeDecision decision(TableRef t, String json) {
    Position p = PositionJson.read(json).orElseThrow().position();
    return new ResumeDecision(t, false, Optional.of(p), Optional.of("ape-dts position"));
  }

  private static String head(TableRef t) {
    return "{\"type\":\"RdbSnapshot\",\"db_type\":\"mongo\",\"schema\":"
        + quoted(t.schema())
        + ",\"tb\":"
        + quoted(t.table())
        + ",";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apeDtsForms")
  void anApeDtsPositionResumesAfterItsDocument(String type, List<BsonValue> keys, String text) {
    MongoCollection<BsonDocument> c = collection(type, keys);
    TableRef t = ref(c);
    Source<BsonDocument> source = MongoSources.keyed(c).batchSize(2).build();
    List<String> rest = Reads.exact(keys.subList(2, 5));
    // v2.0.26 and later: order_key.single, the value a JSON string holding the tagged key.
    String newer = head(t) + "\"order_key\":{\"single\":[\"_id\"," + quoted(text) + "]}}";
    assertThat(Reads.ids(Reads.all(source, decision(t, newer)))).containsExactlyElementsOf(rest);
    // v2.0.25 and earlier: order_col and value.
    String older = head(t) + "\"order_col\":\"_id\",\"value\":" + quoted(text) + "}";
    assertThat(Reads.ids(Reads.all(source, decision(t, older)))).containsExactlyElementsOf(rest);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apeDtsForms")
  void positionsThisLibraryWritesCarryApeDtsFormsAndResume(
      String type, List<BsonValue> keys, String text) {
    MongoCollection<BsonDocument> c = collection(type, keys);
    TableRef t = ref(c);
    Source<BsonDocument> source = MongoSources.keyed(c).batchSize(2).build();
    List<Batch<BsonDocument>> batches = Reads.batches(source, ResumeDecision.fromStart(t));
    String written = PositionJson.write(t, batches.get(0).position());
    // ape-dts's own text for the key: the one form it writes for each type.
    String expected = KeyValues.encode(KeyValues.decode(text));
    if (!type.equals("object_id_oid") && !type.equals("datetime_ext")) {
      assertThat(expected).isEqualTo(text);
    }
    assertThat(expected)
        .doesNotContain("$oid")
        .doesNotStartWith("{\"CanonicalExtJson\":{\"$date\"");
    assertThat(written)
        .endsWith(
            "\"order_col\":\"_id\",\"value\":"
                + quoted(expected)
                + ",\"order_key\":{\"single\":[\"_id\","
                + quoted(expected)
                + "]}}");
    assertThat(Reads.ids(Reads.all(source, decision(t, written))))
        .containsExactlyElementsOf(Reads.exact(keys.subList(2, 5)));
  }
}
