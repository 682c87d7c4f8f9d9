package dev.checkpoint.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.testkit.CrashAfter;
import dev.checkpoint.testkit.TestMongo;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each reader, run by a Checkpointer with the Mongo position store over a collection holding every
 * key type, is stopped by its sink after batch k and resumed by a new Checkpointer on a new store
 * instance. The target must then equal the source document for document, each delivered once.
 */
class CrashResumeIT {
  private static TestMongo mongo;
  private static MongoDatabase db;
  private static int size;

  enum Reader {
    /** KEY on _id, documents handed out as {@code Document}. */
    KEYED_ON_ID("by_id"),
    /** KEY on another unique field, {@code code}, whose values mix every type. */
    KEYED_ON_CODE("by_code"),
    /** ROW_SKIP in {group: 1} order (not unique; _id breaks ties). */
    ROW_SKIP("by_id");

    final String collection;

    Reader(String collection) {
      this.collection = collection;
    }
  }

  @BeforeAll
  static void start() {
    mongo = TestMongo.start();
    db = mongo.freshDatabase("crash");
    List<BsonValue> keys = MixedKeys.all(mongo.real());
    size = keys.size();
    List<BsonDocument> byId = new ArrayList<>();
    List<BsonDocument> byCode = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      byId.add(
          new BsonDocument("_id", keys.get(i))
              .append("group", new BsonInt32(i % 4))
              .append(
                  "payload",
                  BsonDocument.parse("{\"i\": " + i + ", \"tags\": [\"x\", " + i + "]}")));
      byCode.add(
          new BsonDocument("_id", new BsonObjectId())
              .append("code", keys.get(i))
              .append("n", new BsonInt32(i)));
    }
    db.getCollection("by_id", BsonDocument.class).insertMany(byId);
    MongoCollection<BsonDocument> codes = db.getCollection("by_code", BsonDocument.class);
    codes.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true));
    codes.insertMany(byCode);
  }

  @AfterAll
  static void stop() {
    mongo.drop(db);
    mongo.close();
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    // Arguments are made after @BeforeAll, so the batch counts are those of the data inserted.
    int n = size > 0 ? size : MixedKeys.all(false).size();
    for (Reader r : Reader.values()) {
      for (int batchSize : new int[] {1, 7, 1000}) {
        int batches = (n + batchSize - 1) / batchSize;
        for (int k : new TreeSet<>(List.of(0, 1, batches / 2, batches - 1))) {
          if (k < batches) {
            out.add(Arguments.of(r, batchSize, k));
          }
        }
      }
    }
    return out.stream();
  }

  private static Source<Document> source(Reader r, int batchSize) {
    MongoCollection<Document> c = db.getCollection(r.collection);
    return switch (r) {
      case KEYED_ON_ID -> MongoSources.keyed(c).batchSize(batchSize).build();
      case KEYED_ON_CODE -> MongoSources.keyed(c).key("code").batchSize(batchSize).build();
      case ROW_SKIP ->
          MongoSources.rowSkip(c).sort(new Document("group", 1)).batchSize(batchSize).build();
    };
  }

  private static MongoPositionStore store() {
    return MongoPositionStore.builder()
        .client(mongo.client())
        .collection(db.getName() + ".positions")
        .build();
  }

  /** A document as canonical extended JSON: equal texts, equal documents (types included). */
  private static String exact(Document d) {
    return toBson(d).toJson(Json.CANONICAL);
  }

  @ParameterizedTest(name = "{0}, batch size {1}, crash after batch {2}")
  @MethodSource("cases")
  void stopsAfterBatchKAndResumesToAnExactCopy(Reader reader, int batchSize, int crashAfter) {
    String task = "crash-" + UUID.randomUUID();
    TableRef table = TableRef.of("mongo", db.getName(), reader.collection);
    MongoCollection<Document> target = db.getCollection("target_" + task.substring(6, 14));
    List<String> delivered = new ArrayList<>();
    CrashAfter crash = CrashAfter.batches(crashAfter);

    try (MongoPositionStore store = store();
        Checkpointer cp =
            Checkpointer.builder()
                .taskId(task)
                .store(store)
                .policy(CheckpointPolicy.everyBatch())
                .build()) {
      assertThatThrownBy(
              () ->
                  cp.run(
                      table,
                      source(reader, batchSize),
                      crash.sink(
                          rows -> {
                            target.insertMany(rows);
                            rows.forEach(d -> delivered.add(exact(d)));
                          })))
          .isSameAs(crash.exception());
    }
    assertThat(target.countDocuments()).isEqualTo((long) crashAfter * batchSize);

    try (MongoPositionStore store = store();
        Checkpointer cp =
            Checkpointer.builder()
                .taskId(task)
                .store(store)
                .policy(CheckpointPolicy.everyBatch())
                .build()) {
      long rows =
          cp.run(
              table,
              source(reader, batchSize),
              docs -> {
                target.insertMany(docs); // a document delivered twice fails here on its _id
                docs.forEach(d -> delivered.add(exact(d)));
              });
      assertThat(rows).isEqualTo(size - (long) crashAfter * batchSize);
      assertThat(cp.resume(table).finished()).isTrue();
    }
    try (MongoPositionStore store = store()) {
      assertThat(store.read(task).isFinished(table)).isTrue();
    }

    List<String> source = new ArrayList<>();
    db.getCollection(reader.collection).find().forEach(d -> source.add(exact(d)));
    List<String> copied = new ArrayList<>();
    target.find().forEach(d -> copied.add(exact(d)));
    assertThat(copied).containsExactlyInAnyOrderElementsOf(source);
    assertThat(delivered).doesNotHaveDuplicates().containsExactlyElementsOf(expectedOrder(reader));
  }

  /** Keyed readers: MongoDB's key order. Row-skip: one uninterrupted read of the same query. */
  private static List<String> expectedOrder(Reader reader) {
    List<Document> docs = db.getCollection(reader.collection).find().into(new ArrayList<>());
    Function<Document, BsonValue> key =
        d -> toBson(d).get(reader == Reader.KEYED_ON_CODE ? "code" : "_id");
    switch (reader) {
      case ROW_SKIP:
        return Reads.all(
                source(reader, 1000), ResumeDecision.fromStart(TableRef.of("mongo", "x", "y")))
            .stream()
            .map(CrashResumeIT::exact)
            .toList();
      default:
        docs.sort((a, b) -> BsonOrder.INSTANCE.compare(key.apply(a), key.apply(b)));
        return docs.stream().map(CrashResumeIT::exact).toList();
    }
  }

  private static BsonDocument toBson(Document d) {
    return d.toBsonDocument(
        BsonDocument.class, com.mongodb.MongoClientSettings.getDefaultCodecRegistry());
  }
}
