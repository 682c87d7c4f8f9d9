package dev.checkpoint.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.checkpoint.InvalidPositionException;
import dev.checkpoint.Position;
import dev.checkpoint.PositionJson;
import dev.checkpoint.PositionStore;
import dev.checkpoint.ResumeState;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskLockedException;
import dev.checkpoint.spi.RecordChange;
import dev.checkpoint.testkit.PositionStoreContract;
import dev.checkpoint.testkit.TestMongo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract on a Mongo collection, plus the lease, fencing and document format. */
class MongoPositionStoreIT extends PositionStoreContract {
  private static TestMongo mongo;
  private static MongoDatabase db;

  @BeforeAll
  static void start() {
    mongo = TestMongo.start();
    db = mongo.freshDatabase("store");
  }

  @AfterAll
  static void stop() {
    mongo.drop(db);
    mongo.close();
  }

  private static String collectionName() {
    return db.getName() + ".positions";
  }

  private static MongoPositionStore.Builder builder() {
    return MongoPositionStore.builder().client(mongo.client()).collection(collectionName());
  }

  @Override
  protected PositionStore newStore() {
    return builder().build();
  }

  @Override
  protected PositionStore reopen(PositionStore store) {
    return builder().build();
  }

  /** The writer stops renewing (a long pause) and its lease is run out, as the clock would. */
  @Override
  protected boolean loseWriter(PositionStore store, String taskId) {
    ((MongoPositionStore) store).openSessionOf(taskId).pauseHeartbeat();
    raw()
        .updateOne(
            new BsonDocument("task_id", new org.bson.BsonString(taskId))
                .append("resumer_type", new org.bson.BsonString(StoreFields.LOCK)),
            new BsonDocument(
                "$set", new BsonDocument(StoreFields.EXPIRES_AT, new org.bson.BsonDateTime(0))));
    return true;
  }

  /**
   * None: without a transaction (the in-process server has none) an ordered bulk write stops at a
   * failing change but keeps those before it; docs/stores.md says so.
   */
  @Override
  protected java.util.Optional<RecordChange> aChangeTheStoreRefuses() {
    return java.util.Optional.empty();
  }

  private static MongoCollection<BsonDocument> raw() {
    return db.getCollection("positions", BsonDocument.class);
  }

  private static List<BsonDocument> docsOf(String taskId) {
    return raw()
        .find(new BsonDocument("task_id", new org.bson.BsonString(taskId)))
        .into(new ArrayList<>());
  }

  @Test
  void recordsTheJdbcTableFieldsAndPositionKeys() {
    TableRef t = TableRef.of("mysql", "a-b", "c.d");
    Instant before = Instant.now().minusSeconds(1);
    try (var s = builder().build().open(taskId())) {
      s.record(t, Position.keyed("id", "6"));
      s.finish(t);
    }
    try (var s = builder().build().open(taskId())) {
      s.record(TableRef.of("mysql", "shop", "orders"), Position.keyed("id", "7"));
    }
    List<BsonDocument> docs = docsOf(taskId());
    // The JDBC store's rule (core PositionKey): schema-tb, or a JSON array when the schema holds
    // a dash and schema-tb would be ambiguous.
    assertThat(
            docs.stream()
                .filter(d -> d.getString("resumer_type").getValue().startsWith("Snapshot"))
                .map(d -> d.getString("position_key").getValue()))
        .containsExactlyInAnyOrder("[\"a-b\",\"c.d\"]", "shop-orders");
    BsonDocument doing =
        docs.stream()
            .filter(d -> d.getString("position_key").getValue().equals("shop-orders"))
            .findFirst()
            .orElseThrow();
    assertThat(doing.getString("resumer_type").getValue()).isEqualTo("SnapshotDoing");
    t = TableRef.of("mysql", "shop", "orders");
    assertThat(doing.getString("position_data").getValue())
        .isEqualTo(PositionJson.write(t, Position.keyed("id", "7")))
        .isEqualTo(
            "{\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"shop\",\"tb\":\"orders\","
                + "\"order_col\":\"id\",\"value\":\"7\",\"order_key\":{\"single\":[\"id\",\"7\"]}}");
    assertThat(Instant.ofEpochMilli(doing.getDateTime("created_at").getValue())).isAfter(before);
    assertThat(doing.getDateTime("updated_at").getValue())
        .isGreaterThanOrEqualTo(doing.getDateTime("created_at").getValue());
    // Finishing a table drops its position record, as in the JDBC store.
    BsonDocument finished = only(docs, "SnapshotFinished");
    assertThat(finished.getString("position_key").getValue()).isEqualTo("[\"a-b\",\"c.d\"]");
    assertThat(finished.getString("position_data").getValue())
        .isEqualTo(
            "{\"type\":\"RdbSnapshotFinished\",\"db_type\":\"mysql\",\"schema\":\"a-b\",\"tb\":\"c.d\"}");
    BsonDocument unique = null;
    for (Document ix : db.getCollection("positions").listIndexes()) {
      if (ix.get("key", Document.class)
          .keySet()
          .equals(java.util.Set.of("task_id", "resumer_type", "position_key"))) {
        unique = BsonDocument.parse(ix.toJson());
      }
    }
    assertThat(unique).isNotNull();
    assertThat(unique.getDocument("key").keySet())
        .containsExactly("task_id", "resumer_type", "position_key");
    assertThat(unique.getBoolean("unique").getValue()).isTrue();
  }

  @Test
  void statusesAndTaskStateAreRecordsOfTheirOwnThatResetForgets() {
    TableRef t = TableRef.of("mongo", "db", "c");
    Instant t0 = Instant.parse("2025-12-16T10:30:00Z");
    try (var s = builder().build().open(taskId())) {
      s.recordStatus(
          new dev.checkpoint.TableStatus(
              t, dev.checkpoint.TableStatus.State.IN_PROGRESS, 5, t0, t0, Duration.ZERO, null));
      s.recordState("{\"total\":5}");
      s.record(t, Position.keyed("_id", "{\"Int32\":5}"));
    }
    Map<String, Long> kinds = new java.util.TreeMap<>();
    docsOf(taskId())
        .forEach(d -> kinds.merge(d.getString("resumer_type").getValue(), 1L, Long::sum));
    assertThat(kinds)
        .containsEntry("TableStatus", 1L)
        .containsEntry("TaskState", 1L)
        .containsEntry("SnapshotDoing", 1L);
    MongoPositionStore reader = builder().build();
    assertThat(reader.readStatuses(taskId()).get(t).rows()).isEqualTo(5);
    assertThat(reader.readState(taskId())).contains("{\"total\":5}");
    try (var s = builder().build().open(taskId())) {
      s.reset(t);
      assertThat(s.loadStatuses()).isEmpty();
      assertThat(s.loadState()).contains("{\"total\":5}");
    }
  }

  private static BsonDocument only(List<BsonDocument> docs, String type) {
    List<BsonDocument> of =
        docs.stream().filter(d -> d.getString("resumer_type").getValue().equals(type)).toList();
    assertThat(of).hasSize(1);
    return of.get(0);
  }

  @Test
  void namesWithDashesAndDotsNeverShareAPositionKey() {
    List<TableRef> lookalikes =
        List.of(
            TableRef.of("mysql", "a-b", "c"),
            TableRef.of("mysql", "a", "b-c"),
            TableRef.of("mongo", "db", "x.y"),
            TableRef.of("mongo", "db.x", "y"),
            TableRef.of("mysql", "a\",\"b", "c"),
            TableRef.of("mysql", "a", "b\",\"c"));
    try (var s = builder().build().open(taskId())) {
      for (int i = 0; i < lookalikes.size(); i++) {
        s.record(lookalikes.get(i), Position.keyed("id", Integer.toString(i)));
      }
    }
    ResumeState state = builder().build().read(taskId());
    for (int i = 0; i < lookalikes.size(); i++) {
      assertThat(state.position(lookalikes.get(i)))
          .contains(Position.keyed("id", Integer.toString(i)));
    }
    assertThat(docsOf(taskId()).stream().filter(d -> d.containsKey("position_data"))).hasSize(6);
    assertThat(docsOf(taskId()).stream().map(d -> d.getString("position_key").getValue()))
        .doesNotHaveDuplicates();
  }

  @Test
  void readTakesNoLeaseAndCreatesNothing() {
    MongoDatabase other = mongo.freshDatabase("readonly");
    MongoPositionStore store =
        MongoPositionStore.builder()
            .client(mongo.client())
            .collection(other.getName() + ".pos")
            .build();
    assertThat(store.read("nothing-here").isEmpty()).isTrue();
    assertThat(other.listCollectionNames().into(new ArrayList<>())).doesNotContain("pos");

    TableRef t = TableRef.of("mongo", "db", "c");
    try (var writer = builder().build().open(taskId())) {
      writer.record(t, Position.keyed("_id", "{\"Int32\":2}"));
      // Another process can show the task while its writer holds it.
      assertThat(builder().build().read(taskId()).position(t))
          .contains(Position.keyed("_id", "{\"Int32\":2}"));
    }
  }

  @Test
  void positionsReadBackNameTheStoreAsTheirSource() {
    TableRef t = TableRef.of("mongo", "shop", "orders");
    try (var s = builder().build().open(taskId())) {
      s.record(t, Position.keyed("_id", "{\"ObjectId\":\"65e593330723c12a0f3bbc2e\"}"));
    }
    assertThat(builder().build().read(taskId()).table(t).orElseThrow().positionSource())
        .contains("mongo:" + collectionName());
  }

  @Test
  void anUnreadablePositionNamesTheStoreAndTheDocument() {
    raw()
        .insertOne(
            new BsonDocument("task_id", new org.bson.BsonString(taskId()))
                .append("resumer_type", new org.bson.BsonString("SnapshotDoing"))
                .append("position_key", new org.bson.BsonString("s-t"))
                .append(
                    "position_data", new org.bson.BsonString("{\"type\":\"RdbSnapshot\",\"tb\":")));
    assertThatThrownBy(() -> builder().build().read(taskId()))
        .isInstanceOf(InvalidPositionException.class)
        .hasMessageContaining("mongo:" + collectionName())
        .hasMessageContaining("s-t")
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void positionsOfOtherToolsAreSkipped() {
    raw()
        .insertOne(
            new BsonDocument("task_id", new org.bson.BsonString(taskId()))
                .append("resumer_type", new org.bson.BsonString("SnapshotDoing"))
                .append("position_key", new org.bson.BsonString("cdc"))
                .append(
                    "position_data",
                    new org.bson.BsonString("{\"type\":\"MongoCdc\",\"resume_token\":\"x\"}")));
    assertThat(builder().build().read(taskId()).isEmpty()).isTrue();
  }

  @Test
  void aClosedSessionReleasesTheLeaseAndTheNextHolderGetsAHigherEpoch() {
    MongoPositionStore store = builder().build();
    long first;
    try (var s = store.open(taskId())) {
      first = store.openSessionOf(taskId()).epoch();
    }
    MongoPositionStore next = builder().build();
    try (var s = next.open(taskId())) {
      assertThat(next.openSessionOf(taskId()).epoch()).isGreaterThan(first);
    }
  }

  @Test
  void anExpiredLeaseIsTakenOverAndTheStaleWriterCannotMoveThePositionBack() throws Exception {
    TableRef t = TableRef.of("mongo", "db", "c");
    MongoPositionStore stale =
        builder()
            .leaseDuration(Duration.ofMillis(300))
            .heartbeatInterval(Duration.ofMillis(100))
            .build();
    var a = stale.open(taskId());
    var rawA = stale.openSessionOf(taskId());
    a.record(t, Position.keyed("_id", "{\"Int32\":10}"));
    // The stale process stops renewing (a long GC pause, a frozen VM) and its lease runs out.
    rawA.pauseHeartbeat();
    Thread.sleep(600);
    MongoPositionStore fresh = builder().build();
    try (var b = fresh.open(taskId())) {
      assertThat(fresh.openSessionOf(taskId()).epoch()).isGreaterThan(rawA.epoch());
      assertThat(b.load().position(t)).contains(Position.keyed("_id", "{\"Int32\":10}"));
      b.record(t, Position.keyed("_id", "{\"Int32\":20}"));

      assertThatThrownBy(() -> a.record(t, Position.keyed("_id", "{\"Int32\":15}")))
          .isInstanceOf(TaskLockedException.class)
          .hasMessageContaining("taken over");
      assertThatThrownBy(() -> a.reset(t)).isInstanceOf(TaskLockedException.class);
      assertThatThrownBy(() -> a.resetAll()).isInstanceOf(TaskLockedException.class);
      assertThatThrownBy(() -> a.finish(t)).isInstanceOf(TaskLockedException.class);
      assertThat(b.load().position(t)).contains(Position.keyed("_id", "{\"Int32\":20}"));
      assertThat(b.load().isFinished(t)).isFalse();
      a.close();
      // Closing the stale session must not release the new holder's lease.
      b.record(t, Position.keyed("_id", "{\"Int32\":30}"));
      assertThatThrownBy(() -> builder().build().open(taskId()).close())
          .isInstanceOf(TaskLockedException.class);
    } finally {
      stale.close();
    }
    assertThat(builder().build().read(taskId()).position(t))
        .contains(Position.keyed("_id", "{\"Int32\":30}"));
  }

  @Test
  void aLeaseThatLooksExpiredToAnotherClockIsTakenOverWithTheSameEffect() {
    TableRef t = TableRef.of("mongo", "db", "c");
    var a = builder().build().open(taskId());
    a.record(t, Position.keyed("_id", "{\"Int32\":10}"));
    Clock later = Clock.fixed(Instant.now().plus(Duration.ofMinutes(5)), ZoneOffset.UTC);
    try (var b = builder().clock(later).build().open(taskId())) {
      b.record(t, Position.keyed("_id", "{\"Int32\":20}"));
      assertThatThrownBy(() -> a.record(t, Position.keyed("_id", "{\"Int32\":15}")))
          .isInstanceOf(TaskLockedException.class);
      assertThat(b.load().position(t)).contains(Position.keyed("_id", "{\"Int32\":20}"));
    } finally {
      a.close();
    }
  }

  /**
   * A write that passed its lease check just before the lease moved reaches the collection after
   * the new holder took over: it must not overwrite or delete any record the new holder has.
   */
  @Test
  void aWriteInFlightDuringTakeoverCannotOverwriteOrDeleteTheNewHoldersRecords() {
    TableRef t = TableRef.of("mongo", "db", "c");
    TableRef untouched = TableRef.of("mongo", "db", "untouched");
    MongoPositionStore first = builder().build();
    var a = first.open(taskId());
    long aEpoch = first.openSessionOf(taskId()).epoch();
    a.record(t, Position.keyed("_id", "{\"Int32\":10}"));
    a.record(untouched, Position.keyed("_id", "{\"Int32\":1}"));
    Clock later = Clock.fixed(Instant.now().plus(Duration.ofMinutes(5)), ZoneOffset.UTC);
    try (var b = builder().clock(later).build().open(taskId())) {
      b.record(t, Position.keyed("_id", "{\"Int32\":20}"));
      PositionDocs inFlight = new PositionDocs(raw(), "test");
      String stale = PositionJson.write(t, Position.keyed("_id", "{\"Int32\":15}"));
      assertThat(
              inFlight.apply(
                  null,
                  taskId(),
                  List.of(
                      RecordChange.upsert(StoreFields.DOING, StoreFields.positionKey(t), stale)),
                  aEpoch))
          .isFalse();
      // Taking the lease stamped every record with the new epoch, even those not yet rewritten.
      String staleToo = PositionJson.write(untouched, Position.keyed("_id", "{\"Int32\":0}"));
      assertThat(
              inFlight.apply(
                  null,
                  taskId(),
                  List.of(
                      RecordChange.upsert(
                          StoreFields.DOING, StoreFields.positionKey(untouched), staleToo)),
                  aEpoch))
          .isFalse();
      inFlight.apply(
          null,
          taskId(),
          List.of(
              RecordChange.delete(StoreFields.DOING, StoreFields.positionKey(t)),
              RecordChange.delete(StoreFields.DOING, StoreFields.positionKey(untouched))),
          aEpoch);
      ResumeState now = b.load();
      assertThat(now.position(t)).contains(Position.keyed("_id", "{\"Int32\":20}"));
      assertThat(now.position(untouched)).contains(Position.keyed("_id", "{\"Int32\":1}"));
    } finally {
      a.close();
    }
  }

  @Test
  void twoSessionsOfOneStoreAreTwoWriters() {
    MongoPositionStore store = builder().build();
    try (var s = store.open(taskId())) {
      assertThatThrownBy(() -> store.open(taskId()))
          .isInstanceOf(TaskLockedException.class)
          .hasMessageContaining("a second live writer is refused");
      s.record(TableRef.of("mongo", "db", "c"), Position.keyed("_id", "{\"Int32\":1}"));
    } finally {
      store.close();
    }
  }

  @Test
  void leaseDocumentsAreNotPositions() {
    try (var s = builder().build().open(taskId())) {
      s.finish(TableRef.of("mongo", "db", "c"));
    }
    Map<String, Long> kinds = new java.util.TreeMap<>();
    docsOf(taskId())
        .forEach(d -> kinds.merge(d.getString("resumer_type").getValue(), 1L, Long::sum));
    assertThat(kinds).containsEntry("TaskLock", 1L).containsEntry("SnapshotFinished", 1L);
    assertThat(builder().build().read(taskId()).tables()).hasSize(1);
  }
}
