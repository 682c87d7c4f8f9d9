package dev.checkpoint.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.checkpoint.CheckpointException;
import dev.checkpoint.InvalidPositionException;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.testkit.TestMongo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The keyed reader over a collection whose _id mixes every BSON type a key can hold. */
class KeyedReaderIT {
  private static TestMongo mongo;
  private static MongoDatabase db;
  private static MongoCollection<BsonDocument> mixed;
  private static List<BsonValue> sortedKeys;
  private static final TableRef TABLE = TableRef.of("mongo", "db", "mixed");

  @BeforeAll
  static void start() {
    mongo = TestMongo.start();
    db = mongo.freshDatabase("keyed");
    mixed = db.getCollection("mixed", BsonDocument.class);
    List<BsonValue> keys = MixedKeys.all(mongo.real());
    List<BsonDocument> docs = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      docs.add(new BsonDocument("_id", keys.get(i)).append("n", new BsonInt32(i)));
    }
    mixed.insertMany(docs);
    sortedKeys = new ArrayList<>(keys);
    sortedKeys.sort(BsonOrder.INSTANCE);
  }

  @AfterAll
  static void stop() {
    mongo.drop(db);
    mongo.close();
  }

  private static ResumeDecision fromStart() {
    return ResumeDecision.fromStart(TABLE);
  }

  @Test
  void readsMixedIdTypesInMongoDbOrder() {
    Source<BsonDocument> source = MongoSources.keyed(mixed).batchSize(7).build();
    assertThat(Reads.ids(Reads.all(source, fromStart())))
        .containsExactlyElementsOf(Reads.exact(sortedKeys));
  }

  @Test
  void resumesAfterEveryDocumentWithExactlyTheRest() {
    Source<BsonDocument> source = MongoSources.keyed(mixed).batchSize(5).build();
    for (int i = 0; i < sortedKeys.size(); i++) {
      Position after = Position.keyed("_id", KeyValues.encode(sortedKeys.get(i)));
      List<BsonDocument> rest = Reads.all(source, Reads.resumeAt(TABLE, after));
      assertThat(Reads.ids(rest))
          .as("after %s", Reads.exact(sortedKeys.get(i)))
          .containsExactlyElementsOf(Reads.exact(sortedKeys.subList(i + 1, sortedKeys.size())));
    }
  }

  @Test
  void eachBatchCarriesTheTypedKeyOfItsLastDocument() {
    Source<Document> source = MongoSources.keyed(db.getCollection("mixed")).batchSize(7).build();
    List<dev.checkpoint.Batch<Document>> batches = Reads.batches(source, fromStart());
    int seen = 0;
    for (dev.checkpoint.Batch<Document> b : batches) {
      seen += b.size();
      BsonValue last = sortedKeys.get(seen - 1);
      assertThat(b.position()).isEqualTo(Position.keyed("_id", KeyValues.encode(last)));
    }
    assertThat(seen).isEqualTo(sortedKeys.size());
  }

  @Test
  void anInt32FiveAnInt64FiveAndAStringFiveResumeDifferently() {
    MongoCollection<BsonDocument> c = db.getCollection("fives", BsonDocument.class);
    c.insertMany(
        List.of(
            new BsonDocument("_id", new BsonInt32(5)),
            new BsonDocument("_id", new BsonInt32(6)),
            new BsonDocument("_id", new BsonString("5")),
            new BsonDocument("_id", new BsonString("6"))));
    TableRef t = TableRef.of("mongo", "db", "fives");
    Source<BsonDocument> source = MongoSources.keyed(c).build();
    assertThat(
            Reads.ids(Reads.all(source, Reads.resumeAt(t, Position.keyed("_id", "{\"Int32\":5}")))))
        .containsExactly("{\"$numberInt\": \"6\"}", "\"5\"", "\"6\"");
    // An int64 5 is the same place in key order as an int32 5.
    assertThat(
            Reads.ids(Reads.all(source, Reads.resumeAt(t, Position.keyed("_id", "{\"Int64\":5}")))))
        .containsExactly("{\"$numberInt\": \"6\"}", "\"5\"", "\"6\"");
    assertThat(
            Reads.ids(
                Reads.all(source, Reads.resumeAt(t, Position.keyed("_id", "{\"String\":\"5\"}")))))
        .containsExactly("\"6\"");
  }

  @Test
  void resumesFromABareObjectIdAsApeDtsWroteIt() {
    List<BsonValue> oids = sortedKeys.stream().filter(BsonValue::isObjectId).toList();
    String bare = oids.get(0).asObjectId().getValue().toHexString();
    List<BsonDocument> rest =
        Reads.all(
            MongoSources.keyed(mixed).build(), Reads.resumeAt(TABLE, Position.keyed("_id", bare)));
    assertThat(Reads.ids(rest).get(0)).isEqualTo(Reads.exact(oids.get(1)));
  }

  @Test
  void userFilterAndProjectionApplyOnResume() {
    Source<BsonDocument> source =
        MongoSources.keyed(mixed)
            .filter(new Document("n", new Document("$gte", 10)))
            .projection(new Document("n", 1))
            .batchSize(3)
            .build();
    BsonValue after = sortedKeys.get(sortedKeys.size() / 2);
    List<BsonDocument> rest =
        Reads.all(source, Reads.resumeAt(TABLE, Position.keyed("_id", KeyValues.encode(after))));
    List<BsonDocument> expected = new ArrayList<>();
    for (BsonValue k : sortedKeys.subList(sortedKeys.size() / 2 + 1, sortedKeys.size())) {
      BsonDocument doc = mixed.find(new BsonDocument("_id", new BsonDocument("$eq", k))).first();
      if (doc.getInt32("n").getValue() >= 10) {
        expected.add(new BsonDocument("_id", k).append("n", doc.get("n")));
      }
    }
    assertThat(expected).isNotEmpty();
    assertThat(rest.stream().map(d -> d.toJson(Json.CANONICAL)))
        .containsExactlyElementsOf(expected.stream().map(d -> d.toJson(Json.CANONICAL)).toList());
  }

  @Test
  void refusesAPositionOfAnotherKeyOrKind() {
    Source<BsonDocument> source = MongoSources.keyed(mixed).build();
    assertThatThrownBy(() -> source.open(Reads.resumeAt(TABLE, Position.keyed("id", "6"))))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("keyed on [id]")
        .hasMessageContaining(mixed.getNamespace().getFullName());
    assertThatThrownBy(() -> source.open(Reads.resumeAt(TABLE, Position.rowOffset(3, "ab"))))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("RowOffset");
  }

  @Test
  void anUnparsableStoredValueNamesCollectionFieldValueAndSource() {
    ResumeDecision d =
        new ResumeDecision(
            TABLE,
            false,
            Optional.of(Position.keyed("_id", "6")),
            Optional.of("mongo:meta.positions"));
    assertThatThrownBy(() -> MongoSources.keyed(mixed).build().open(d))
        .isInstanceOf(InvalidPositionException.class)
        .hasMessageContaining(mixed.getNamespace().getFullName())
        .hasMessageContaining("key field _id")
        .hasMessageContaining("\"6\"")
        .hasMessageContaining("mongo:meta.positions");
  }

  @Test
  void anotherKeyNeedsAUniqueNonSparseIndex() {
    MongoCollection<BsonDocument> c = db.getCollection("codes", BsonDocument.class);
    c.insertOne(new BsonDocument("code", new BsonInt32(1)));
    Source<BsonDocument> source = MongoSources.keyed(c).key("code").build();
    assertThatThrownBy(() -> source.open(fromStart()))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("needs a unique index on {\"code\": 1}");
    c.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true).sparse(true));
    assertThatThrownBy(() -> source.open(fromStart()))
        .hasMessageContaining("neither sparse nor partial");
    c.dropIndex("code_1");
    c.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true));
    assertThat(Reads.all(source, fromStart())).hasSize(1);
  }

  @Test
  void anArrayInTheKeyFieldIsRefusedBeforeReading() {
    MongoCollection<BsonDocument> c = db.getCollection("arrays", BsonDocument.class);
    c.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true));
    c.insertOne(new BsonDocument("code", new BsonInt32(1)));
    c.insertOne(
        new BsonDocument("code", new BsonArray(List.of(new BsonInt32(2), new BsonInt32(3)))));
    assertThatThrownBy(() -> MongoSources.keyed(c).key("code").build().open(fromStart()))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("key field code of BSON type array");
  }

  @Test
  void compositeKeyResumesAfterEveryDocument() {
    MongoCollection<BsonDocument> c = db.getCollection("composite", BsonDocument.class);
    c.createIndex(Indexes.ascending("a", "b"), new IndexOptions().unique(true));
    List<BsonValue> as =
        List.of(
            new BsonInt32(1),
            new BsonString("x"),
            new BsonInt64(-4),
            BsonDocument.parse("{\"k\": 1}"));
    // The second field avoids NaN: the in-process server orders NaN differently (see docs) and a
    // non-leading key field is ordered by the server's sort.
    List<BsonValue> bs =
        MixedKeys.all(mongo.real()).stream()
            .filter(v -> Bracket.of(v) != Bracket.NAN)
            .toList()
            .subList(0, 12);
    List<BsonDocument> docs = new ArrayList<>();
    for (BsonValue a : as) {
      for (BsonValue b : bs) {
        docs.add(new BsonDocument("a", a).append("b", b));
      }
    }
    c.insertMany(docs);
    docs.sort(
        (x, y) -> {
          int r = BsonOrder.INSTANCE.compare(x.get("a"), y.get("a"));
          return r != 0 ? r : BsonOrder.INSTANCE.compare(x.get("b"), y.get("b"));
        });
    Source<BsonDocument> source = MongoSources.keyed(c).key("a", "b").batchSize(4).build();
    TableRef t = TableRef.of("mongo", "db", "composite");
    assertThat(keysOf(Reads.all(source, fromStart()))).containsExactlyElementsOf(keysOf(docs));
    for (int i = 0; i < docs.size(); i++) {
      Position p = KeyedResume.positionOf(docs.get(i), List.of("a", "b"), "composite");
      assertThat(keysOf(Reads.all(source, Reads.resumeAt(t, p))))
          .as("after %s", p)
          .containsExactlyElementsOf(keysOf(docs.subList(i + 1, docs.size())));
    }
  }

  private static List<String> keysOf(List<BsonDocument> docs) {
    return docs.stream().map(d -> Reads.exact(d.get("a")) + "," + Reads.exact(d.get("b"))).toList();
  }

  @Test
  @Tag("real-mongo")
  void everyQueryOfAResumedReadUsesTheIdIndexWithoutSorting() {
    mongo.requireRealServer("explain, to show which index a query uses");
    KeyedSource<BsonDocument> source =
        (KeyedSource<BsonDocument>) MongoSources.keyed(mixed).build();
    BsonValue after = sortedKeys.get(sortedKeys.size() / 3);
    ResumeDecision d = Reads.resumeAt(TABLE, Position.keyed("_id", KeyValues.encode(after)));
    List<BsonDocument> queries = source.queries(d);
    assertThat(queries).isNotEmpty();
    for (BsonDocument q : queries) {
      BsonDocument explain =
          source.spec().find(q).sort(source.plan().sort()).explain(BsonDocument.class);
      List<String> stages = Explain.stages(explain);
      assertThat(stages).as("plan of %s: %s", q.toJson(), explain.toJson()).contains("IXSCAN");
      assertThat(stages).doesNotContain("COLLSCAN", "SORT");
      assertThat(Explain.indexNames(explain)).containsOnly("_id_");
    }
  }
}
