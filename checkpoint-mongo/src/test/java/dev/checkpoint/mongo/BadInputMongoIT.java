package dev.checkpoint.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeState;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskSession;
import dev.checkpoint.testkit.CrashAfter;
import dev.checkpoint.testkit.TestMongo;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MongoDB (the in-process wire server) given key values that look like query operators or scripts
 * and names with {@code $} and dots: a string stays a string at every resume, the store's records
 * round-trip, and nothing else is touched.
 */
class BadInputMongoIT {
  private static final String[] OPERATOR_LIKE = {
    "{\"$gt\":\"\"}",
    "{\"$where\":\"sleep(1000)\"}",
    "$where",
    "'; db.dropDatabase(); //",
    "a.b.c",
    "{\"ObjectId\":\"65e593330723c12a0f3bbc2e\"}",
    "65e593330723c12a0f3bbc2e",
    "null",
    ""
  };

  private static TestMongo mongo;
  private static MongoDatabase db;

  @BeforeAll
  static void start() {
    mongo = TestMongo.start();
    db = mongo.freshDatabase("badinput");
    db.getCollection("victim").insertOne(new Document("_id", 1));
  }

  @AfterAll
  static void stop() {
    mongo.drop(db);
    mongo.close();
  }

  private static MongoPositionStore store() {
    return MongoPositionStore.builder()
        .client(mongo.client())
        .collection(db.getName() + ".positions")
        .build();
  }

  @Test
  void stringIdsThatLookLikeOperatorsOrObjectIdsStayStringsAtEveryResume() {
    MongoCollection<Document> source = db.getCollection("ops");
    for (String id : OPERATOR_LIKE) {
      source.insertOne(new Document("_id", id).append("v", id.length()));
    }
    TableRef table = TableRef.of("mongo", db.getName(), "ops");
    List<Object> delivered = new ArrayList<>();
    for (int run = 0; run < OPERATOR_LIKE.length; run++) {
      CrashAfter crash = CrashAfter.batches(1);
      try (Checkpointer cp =
          Checkpointer.builder()
              .taskId("ops")
              .store(store())
              .policy(CheckpointPolicy.everyBatch())
              .build()) {
        assertThatThrownBy(
                () ->
                    cp.run(
                        table,
                        crash.source(MongoSources.keyed(source).batchSize(1).build()),
                        rows -> rows.forEach(d -> delivered.add(d.get("_id")))))
            .isSameAs(crash.exception());
      }
    }
    try (Checkpointer cp = Checkpointer.builder().taskId("ops").store(store()).build()) {
      assertThat(cp.run(table, MongoSources.keyed(source).batchSize(1).build(), rows -> {}))
          .isZero();
    }
    assertThat(delivered).containsExactlyInAnyOrder((Object[]) OPERATOR_LIKE);
    assertThat(db.getCollection("victim").countDocuments()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"$set", "a.b", "{\"$ne\":null}", "'; db.dropDatabase(); //", "task\u0000id"})
  void taskIdsAndNamesWithDollarsAndDotsRoundTripThroughTheStore(String name) {
    TableRef t = TableRef.of("mongo", name, name);
    try (MongoPositionStore store = store()) {
      try (TaskSession s = store.open(name)) {
        s.record(t, Position.keyed("_id", name));
        s.finish(TableRef.of("mongo", name, name + "_done"));
      }
      ResumeState state = store.read(name);
      assertThat(state.position(t)).contains(Position.keyed("_id", name));
      assertThat(state.isFinished(TableRef.of("mongo", name, name + "_done"))).isTrue();
      assertThat(store.read("other-" + name).isEmpty()).isTrue();
    }
    assertThat(db.getCollection("victim").countDocuments()).isEqualTo(1);
  }
}
