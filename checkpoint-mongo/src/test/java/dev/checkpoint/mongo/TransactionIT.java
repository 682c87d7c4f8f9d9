package dev.checkpoint.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.checkpoint.Position;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskLockedException;
import dev.checkpoint.testkit.TestMongo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A batch and its position in one transaction: both commit or neither. Needs a replica set: {@code
 * CHECKPOINT_MONGO_URI=mongodb://host/?replicaSet=rs0 mvn -pl checkpoint-mongo verify}, or a Docker
 * engine for Testcontainers. Skipped, with a message, on the in-process server.
 */
@Tag("real-mongo")
class TransactionIT {
  private static TestMongo mongo;
  private static MongoDatabase db;
  private static final TableRef TABLE = TableRef.of("mongo", "shop", "orders");
  private String task;
  private MongoCollection<Document> target;

  @BeforeAll
  static void start() {
    mongo = TestMongo.start();
    db = mongo.freshDatabase("tx");
  }

  @AfterAll
  static void stop() {
    mongo.drop(db);
    mongo.close();
  }

  @BeforeEach
  void fresh() {
    mongo.requireTransactions();
    task = "tx-" + UUID.randomUUID();
    target = db.getCollection("target_" + task.substring(3, 11));
    // Collections are created outside transactions, as MongoDB before 4.4 requires.
    db.createCollection(target.getNamespace().getCollectionName());
  }

  private MongoPositionStore.Builder store() {
    return MongoPositionStore.builder()
        .client(mongo.client())
        .collection(db.getName() + ".positions");
  }

  @Test
  void aPositionRecordedInTheBatchTransactionCommitsWithIt() {
    Position p = Position.keyed("_id", "{\"Int32\":2}");
    try (MongoPositionStore store = store().build();
        var s = store.open(task);
        ClientSession cs = mongo.client().startSession()) {
      cs.withTransaction(
          () -> {
            target.insertMany(cs, List.of(new Document("_id", 1), new Document("_id", 2)));
            s.recordIn(cs, TABLE, p);
            return null;
          });
    }
    assertThat(target.countDocuments()).isEqualTo(2);
    assertThat(store().build().read(task).position(TABLE)).contains(p);
  }

  @Test
  void anAbortedTransactionKeepsNeitherTheBatchNorItsPosition() {
    try (MongoPositionStore store = store().build();
        var s = store.open(task);
        ClientSession cs = mongo.client().startSession()) {
      s.record(TABLE, Position.keyed("_id", "{\"Int32\":0}"));
      cs.startTransaction();
      target.insertOne(cs, new Document("_id", 1));
      s.recordIn(cs, TABLE, Position.keyed("_id", "{\"Int32\":1}"));
      cs.abortTransaction();
    }
    assertThat(target.countDocuments()).isZero();
    assertThat(store().build().read(task).position(TABLE))
        .contains(Position.keyed("_id", "{\"Int32\":0}"));
  }

  @Test
  void aWriterWhoseLeaseWasTakenOverCannotRecordInATransaction() {
    try (MongoPositionStore stale = store().build();
        var a = stale.open(task)) {
      Clock later = Clock.fixed(Instant.now().plus(Duration.ofMinutes(5)), ZoneOffset.UTC);
      MongoPositionStore fresh = store().clock(later).build();
      try (var b = fresh.open(task);
          ClientSession cs = mongo.client().startSession()) {
        assertThat(fresh.openSessionOf(task).epoch())
            .isGreaterThan(stale.openSessionOf(task).epoch());
        cs.startTransaction();
        target.insertOne(cs, new Document("_id", 1));
        assertThatThrownBy(() -> a.recordIn(cs, TABLE, Position.keyed("_id", "{\"Int32\":1}")))
            .isInstanceOf(TaskLockedException.class);
        cs.abortTransaction();
      }
    }
    assertThat(target.countDocuments()).isZero();
  }

  @Test
  void finishingInATransactionCommitsWithTheLastBatch() {
    try (MongoPositionStore store = store().build();
        var s = store.open(task);
        ClientSession cs = mongo.client().startSession()) {
      s.record(TABLE, Position.keyed("_id", "{\"Int32\":1}"));
      cs.withTransaction(
          () -> {
            target.insertOne(cs, new Document("_id", 2));
            s.finishIn(cs, TABLE);
            return null;
          });
    }
    assertThat(store().build().read(task).isFinished(TABLE)).isTrue();
    assertThat(target.countDocuments()).isEqualTo(1);
  }
}
