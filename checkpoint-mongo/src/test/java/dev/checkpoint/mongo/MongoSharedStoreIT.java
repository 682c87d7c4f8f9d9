package dev.checkpoint.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.checkpoint.spi.StoreRecord;
import dev.checkpoint.testkit.TestMongo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The conditional writes chunked runs coordinate through, on the MongoDB of this run ({@link
 * TestMongo}: the in-process server here). The test in the caller's transaction needs a replica set
 * and is skipped, loudly, without one.
 */
class MongoSharedStoreIT {
  private static TestMongo mongo;
  private static MongoDatabase db;
  private static int collections;

  @BeforeAll
  static void start() {
    mongo = TestMongo.start();
    db = mongo.freshDatabase("shared");
  }

  @AfterAll
  static void stop() {
    mongo.drop(db);
    mongo.close();
  }

  /** A store on a collection of its own. */
  private static MongoPositionStore store() {
    return MongoPositionStore.builder()
        .client(mongo.client())
        .collection(db.getName(), "positions" + ++collections)
        .build();
  }

  private static MongoCollection<Document> collectionOf(MongoPositionStore store) {
    String location = store.location();
    return db.getCollection(location.substring(location.lastIndexOf('.') + 1));
  }

  private static String data(MongoPositionStore store, String key) {
    return store.readRecords("t").stream()
        .filter(r -> r.key().equals(key))
        .map(StoreRecord::data)
        .findFirst()
        .orElse(null);
  }

  @Test
  void eachWriteLandsOnlyOnTheExpectedData() {
    try (MongoPositionStore store = store()) {
      assertThat(store.compareAndSet("t", "Chunk", "k", null, "a")).isTrue();
      assertThat(store.compareAndSet("t", "Chunk", "k", null, "b")).isFalse();
      assertThat(store.compareAndSet("t", "Chunk", "k", "x", "b")).isFalse();
      assertThat(data(store, "k")).isEqualTo("a");
      assertThat(store.compareAndSet("t", "Chunk", "k", "a", "b")).isTrue();
      assertThat(store.compareAndSet("t", "Chunk", "k", "B", "c")).isFalse(); // binary compare
      assertThat(store.compareAndSet("t", "Chunk", "k", "b", "b")).isTrue(); // held: no change
      assertThat(store.compareAndSet("t", "Chunk", "k", "a", null)).isFalse();
      assertThat(data(store, "k")).isEqualTo("b");
      assertThat(store.compareAndSet("t", "Chunk", "k", "b", null)).isTrue();
      assertThat(data(store, "k")).isNull();
      assertThat(store.compareAndSet("t", "Chunk", "k", null, "again")).isTrue();
      assertThat(data(store, "k")).isEqualTo("again");
    }
  }

  @Test
  void recordsOfAnotherTaskKindOrKeyAreNeitherMatchedNorChanged() {
    try (MongoPositionStore store = store()) {
      assertThat(store.compareAndSet("t", "Chunk", "k", null, "a")).isTrue();
      assertThat(store.compareAndSet("u", "Chunk", "k", null, "a")).isTrue();
      assertThat(store.compareAndSet("t", "ChunkPlan", "k", null, "a")).isTrue();
      assertThat(store.compareAndSet("t", "Chunk", "k2", null, "a")).isTrue();
      assertThat(store.compareAndSet("t", "Chunk", "k", "a", "z")).isTrue();
      assertThat(store.compareAndSet("t", "Chunk", "k2", "a", null)).isTrue();
      assertThat(store.readRecords("t"))
          .extracting(StoreRecord::kind, StoreRecord::key, StoreRecord::data)
          .containsExactlyInAnyOrder(tuple("Chunk", "k", "z"), tuple("ChunkPlan", "k", "a"));
      assertThat(store.readRecords("u")).extracting(StoreRecord::data).containsExactly("a");
    }
  }

  @Test
  void documentsKeepTheStoresFieldsAndTheUniqueIndex() {
    try (MongoPositionStore store = store()) {
      store.compareAndSet("t", "Chunk", "shop-orders#1", null, "{\"state\":\"doing\"}");
      Document inserted = collectionOf(store).find().first();
      store.compareAndSet(
          "t", "Chunk", "shop-orders#1", "{\"state\":\"doing\"}", "{\"state\":\"finished\"}");
      Document doc = collectionOf(store).find().first();
      assertThat(doc.keySet())
          .isEqualTo(
              Set.of(
                  "_id",
                  "task_id",
                  "resumer_type",
                  "position_key",
                  "position_data",
                  "created_at",
                  "updated_at"));
      assertThat(doc.get("created_at")).isInstanceOf(java.util.Date.class);
      assertThat(doc.get("updated_at")).isInstanceOf(java.util.Date.class);
      assertThat(doc.get("created_at")).isEqualTo(inserted.get("created_at"));
      assertThat(doc.getString("position_data")).isEqualTo("{\"state\":\"finished\"}");
      List<String> indexes = new ArrayList<>();
      collectionOf(store).listIndexes().forEach(i -> indexes.add(i.getString("name")));
      assertThat(indexes).contains(MongoPositionStore.INDEX_NAME);
    }
  }

  @Test
  void expectedAndNextBothNullIsRefused() {
    try (MongoPositionStore store = store()) {
      assertThatThrownBy(() -> store.compareAndSet("t", "Chunk", "k", null, null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("expected and next are both null");
    }
  }

  @Test
  void concurrentIncrementsThroughCompareAndSetLoseNothing() throws Exception {
    try (MongoPositionStore store = store()) {
      store.compareAndSet("t", "Chunk", "n", null, "0");
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<Integer>> done = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        done.add(
            pool.submit(
                () -> {
                  int wins = 0;
                  while (wins < 25) {
                    String now = data(store, "n");
                    String next = Integer.toString(Integer.parseInt(now) + 1);
                    if (store.compareAndSet("t", "Chunk", "n", now, next)) {
                      wins++;
                    }
                  }
                  return wins;
                }));
      }
      int total = 0;
      for (Future<Integer> f : done) {
        total += f.get();
      }
      pool.shutdown();
      assertThat(total).isEqualTo(100);
      assertThat(data(store, "n")).isEqualTo("100");
    }
  }

  @Test
  void concurrentInsertsOfOneRecordLetExactlyOneWin() throws Exception {
    try (MongoPositionStore store = store()) {
      for (int round = 0; round < 20; round++) {
        String key = "plan" + round;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Boolean>> tries = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
          String mine = "w" + w;
          tries.add(pool.submit(() -> store.compareAndSet("t", "ChunkPlan", key, null, mine)));
        }
        int wins = 0;
        for (Future<Boolean> f : tries) {
          wins += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(wins).as("round %d", round).isEqualTo(1);
        assertThat(data(store, key)).startsWith("w");
      }
    }
  }

  @Test
  @Tag("real-mongo")
  void inTheCallersTransactionAnAbortUndoesTheWriteAndARefusalLeavesItUsable() {
    mongo.requireTransactions();
    try (MongoPositionStore store = store();
        ClientSession s = mongo.client().startSession()) {
      store.compareAndSet("t", "Chunk", "other", null, "x"); // creates the collection and index
      s.startTransaction();
      assertThat(store.compareAndSetIn(s, "t", "Chunk", "k", null, "a")).isTrue();
      s.abortTransaction();
      assertThat(data(store, "k")).isNull();
      s.startTransaction();
      assertThat(store.compareAndSetIn(s, "t", "Chunk", "k", null, "a")).isTrue();
      assertThat(store.compareAndSetIn(s, "t", "Chunk", "k", null, "b")).isFalse();
      assertThat(store.compareAndSetIn(s, "t", "Chunk", "k", "a", "c")).isTrue();
      s.commitTransaction();
      assertThat(data(store, "k")).isEqualTo("c");
    }
  }
}
