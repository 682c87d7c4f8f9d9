package dev.checkpoint.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import dev.checkpoint.BatchSink;
import dev.checkpoint.Position;
import dev.checkpoint.PositionJson;
import dev.checkpoint.PositionKey;
import dev.checkpoint.TableRef;
import dev.checkpoint.chunk.ChunkedResult;
import dev.checkpoint.chunk.ChunkedRun;
import dev.checkpoint.chunk.ChunkedSource;
import dev.checkpoint.spi.RecordKinds;
import dev.checkpoint.spi.StoreRecord;
import dev.checkpoint.testkit.TestMongo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@link ChunkedRun} copying a collection into another with four threads, coordinated only by a
 * {@link MongoPositionStore} in the same server ({@link TestMongo}: the in-process server here).
 * The sink upserts by {@code _id}; it also counts every document it is handed, so the tests see
 * that nothing is delivered twice, not only that the target ends up equal.
 */
class MongoChunkedRunIT {
  private static final int DOCS = 20_000;

  private static TestMongo mongo;
  private static MongoDatabase db;
  private static MongoCollection<BsonDocument> source;
  private static List<BsonValue> sortedIds;
  private static int runs;

  @BeforeAll
  static void start() {
    mongo = TestMongo.start();
    db = mongo.freshDatabase("chunkrun");
    source = db.getCollection("orders", BsonDocument.class);
    Random r = new Random(42);
    List<BsonValue> ids = new ArrayList<>();
    List<BsonDocument> docs = new ArrayList<>();
    for (int i = 0; i < DOCS; i++) {
      byte[] b = new byte[12];
      r.nextBytes(b);
      BsonValue id = new BsonObjectId(new ObjectId(b));
      ids.add(id);
      docs.add(
          new BsonDocument("_id", id)
              .append("n", new BsonInt32(i))
              .append("note", new BsonString("order " + i)));
      if (docs.size() == 5_000) {
        source.insertMany(docs);
        docs.clear();
      }
    }
    ids.sort(BsonOrder.INSTANCE);
    sortedIds = ids;
  }

  @AfterAll
  static void stop() {
    mongo.drop(db);
    mongo.close();
  }

  /** A fresh target, a fresh position collection and a fresh task for each test. */
  private final int run = ++runs;

  private final MongoCollection<BsonDocument> target =
      db.getCollection("target" + run, BsonDocument.class);
  private final TableRef table = TableRef.of("mongo", db.getName(), "orders");
  private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();

  private MongoPositionStore store() {
    return MongoPositionStore.builder()
        .client(mongo.client())
        .collection(db.getName(), "positions" + run)
        .build();
  }

  private static ChunkedSource<BsonDocument> chunkedSource() {
    return MongoSources.keyed(source).batchSize(500).buildChunked();
  }

  private static ChunkedRun.Builder chunkedRun(MongoPositionStore store, Duration lease) {
    return ChunkedRun.builder(store).taskId("copy-orders").threads(4).chunkRows(1_000).lease(lease);
  }

  /** Upserts each batch by _id, counting each document handed over. */
  private BatchSink<BsonDocument> upsert() {
    ReplaceOptions upsert = new ReplaceOptions().upsert(true);
    return batch -> {
      List<WriteModel<BsonDocument>> writes = new ArrayList<>(batch.size());
      for (BsonDocument d : batch) {
        writes.add(new ReplaceOneModel<>(new BsonDocument("_id", d.get("_id")), d, upsert));
      }
      target.bulkWrite(writes);
      for (BsonDocument d : batch) {
        deliveries
            .computeIfAbsent(Reads.exact(d.get("_id")), k -> new AtomicInteger())
            .incrementAndGet();
      }
    };
  }

  private void assertTargetEqualsSource() {
    List<BsonDocument> want = new ArrayList<>();
    source.find().sort(new BsonDocument("_id", new BsonInt32(1))).into(want);
    List<BsonDocument> got = new ArrayList<>();
    target.find().sort(new BsonDocument("_id", new BsonInt32(1))).into(got);
    assertThat(got).hasSize(DOCS);
    assertThat(got).isEqualTo(want);
  }

  private void assertDeliveredOnce(List<BsonValue> ids) {
    assertThat(deliveries).hasSize(ids.size());
    assertThat(deliveries.keySet()).containsExactlyInAnyOrderElementsOf(Reads.exact(ids));
    assertThat(deliveries.entrySet())
        .filteredOn(e -> e.getValue().get() != 1)
        .as("documents delivered more than once")
        .isEmpty();
  }

  private static List<StoreRecord> records(MongoPositionStore store, String kind) {
    return store.readRecords("copy-orders").stream().filter(r -> r.kind().equals(kind)).toList();
  }

  private static void assertFinished(MongoPositionStore store) {
    assertThat(records(store, RecordKinds.FINISHED)).hasSize(1);
    assertThat(records(store, RecordKinds.POSITION)).isEmpty();
    List<StoreRecord> chunks = records(store, RecordKinds.CHUNK);
    assertThat(chunks).hasSize(DOCS / 1_000 + 1);
    assertThat(chunks).allSatisfy(r -> assertThat(r.data()).contains("\"state\":\"finished\""));
  }

  @Test
  void fourThreadsCopyTwentyThousandDocumentsExactlyOnce() {
    try (MongoPositionStore store = store()) {
      ChunkedResult r =
          chunkedRun(store, Duration.ofSeconds(30)).build().run(table, chunkedSource(), upsert());
      assertThat(r.finished()).isTrue();
      assertThat(r.rows()).isEqualTo(DOCS);
      assertThat(r.chunks()).isEqualTo(DOCS / 1_000 + 1);
      assertTargetEqualsSource();
      assertDeliveredOnce(sortedIds);
      assertFinished(store);
      List<StoreRecord> plan = records(store, RecordKinds.CHUNK_PLAN);
      assertThat(plan).hasSize(1);
      assertThat(plan.get(0).key()).isEqualTo(PositionKey.of(table));
      assertThat(plan.get(0).data()).contains("\"column\":\"_id\"").contains("ObjectId");
    }
  }

  @Test
  void aRunKilledPartWayIsResumedFromEachChunksLastBatchWithNothingDeliveredTwice() {
    AtomicInteger calls = new AtomicInteger();
    BatchSink<BsonDocument> upsert = upsert();
    BatchSink<BsonDocument> dying =
        batch -> {
          if (calls.incrementAndGet() == 15) {
            throw new IllegalStateException("sink died");
          }
          upsert.accept(batch);
        };
    List<StoreRecord> planBefore;
    try (MongoPositionStore store = store()) {
      assertThatThrownBy(
              () ->
                  chunkedRun(store, Duration.ofMillis(1_500))
                      .build()
                      .run(table, chunkedSource(), dying))
          .hasMessageContaining("sink died");
      planBefore = records(store, RecordKinds.CHUNK_PLAN);
      assertThat(planBefore).hasSize(1);
      assertThat(records(store, RecordKinds.FINISHED)).isEmpty();
    }
    assertThat(target.countDocuments()).isBetween(1L, DOCS - 1L);
    int before = deliveries.size();

    // Another process: a store of its own on the same collection, the same task.
    try (MongoPositionStore store = store()) {
      ChunkedResult r =
          chunkedRun(store, Duration.ofMillis(1_500)).build().run(table, chunkedSource(), upsert());
      assertThat(r.finished()).isTrue();
      assertThat(r.rows()).isEqualTo(DOCS - before);
      assertThat(r.takenOver()).isPositive(); // the chunks the dead run held
      assertThat(records(store, RecordKinds.CHUNK_PLAN)).isEqualTo(planBefore); // never re-split
      assertFinished(store);
    }
    assertTargetEqualsSource();
    assertDeliveredOnce(sortedIds);
  }

  @Test
  void aKeyedPositionOnIdStartsThePlanAfterIt() {
    BsonValue at = sortedIds.get(4_999);
    try (MongoPositionStore store = store()) {
      String position = PositionJson.write(table, Position.keyed("_id", KeyValues.encode(at)));
      assertThat(
              store.compareAndSet(
                  "copy-orders", RecordKinds.POSITION, PositionKey.of(table), null, position))
          .isTrue();
      ChunkedResult r =
          chunkedRun(store, Duration.ofSeconds(30)).build().run(table, chunkedSource(), upsert());
      assertThat(r.rows()).isEqualTo(DOCS - 5_000);
      assertThat(records(store, RecordKinds.FINISHED)).hasSize(1);
      assertThat(records(store, RecordKinds.CHUNK_PLAN).get(0).data())
          .contains(at.asObjectId().getValue().toHexString());
    }
    assertDeliveredOnce(sortedIds.subList(5_000, DOCS));
  }
}
