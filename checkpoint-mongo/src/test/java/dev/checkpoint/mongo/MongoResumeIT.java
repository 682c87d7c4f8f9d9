package dev.checkpoint.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.InMemoryStore;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.TableRef;
import dev.checkpoint.testkit.TestMongo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link MongoResume}: a cursor loop the user writes, resumed with its filter and sort. */
class MongoResumeIT {
  private static TestMongo mongo;
  private static MongoDatabase db;
  private static MongoCollection<BsonDocument> source;
  private static List<BsonValue> sortedKeys;
  private static final TableRef TABLE = TableRef.of("mongo", "db", "loop");

  @BeforeAll
  static void start() {
    mongo = TestMongo.start();
    db = mongo.freshDatabase("resume");
    source = db.getCollection("loop", BsonDocument.class);
    // One query sorts the union of the bracket ranges in the server's order. The in-process
    // server puts NaN above the numbers (MongoDB puts it below), so NaN is left out there.
    List<BsonValue> keys =
        MixedKeys.all(mongo.real()).stream()
            .filter(k -> mongo.real() || Bracket.of(k) != Bracket.NAN)
            .toList();
    List<BsonDocument> docs = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      docs.add(new BsonDocument("_id", keys.get(i)).append("n", new BsonInt32(i)));
    }
    source.insertMany(docs);
    sortedKeys = new ArrayList<>(keys);
    sortedKeys.sort(BsonOrder.INSTANCE);
  }

  @AfterAll
  static void stop() {
    mongo.drop(db);
    mongo.close();
  }

  @Test
  void resumesAfterEveryDocumentWithExactlyTheRest() {
    for (int i = 0; i < sortedKeys.size(); i++) {
      MongoResume r =
          MongoResume.of(
              Reads.resumeAt(TABLE, Position.keyed("_id", KeyValues.encode(sortedKeys.get(i)))));
      assertThat(r.resumes()).isTrue();
      List<BsonDocument> rest = source.find(r.filter()).sort(r.sort()).into(new ArrayList<>());
      assertThat(Reads.ids(rest))
          .as("after %s", Reads.exact(sortedKeys.get(i)))
          .containsExactlyElementsOf(Reads.exact(sortedKeys.subList(i + 1, sortedKeys.size())));
    }
  }

  @Test
  void fromTheStartTheFilterIsTheUsersAndEverythingIsRead() {
    MongoResume r = MongoResume.of(ResumeDecision.fromStart(TABLE));
    assertThat(r.resumes()).isFalse();
    assertThat(r.filter(new Document("n", new Document("$lt", 5))).toJson())
        .isEqualTo("{\"n\": {\"$lt\": 5}}");
    assertThat(Reads.ids(source.find(r.filter()).sort(r.sort()).into(new ArrayList<>())))
        .containsExactlyElementsOf(Reads.exact(sortedKeys));
  }

  @Test
  void theUserFilterStillAppliesAfterAPosition() {
    MongoResume r =
        MongoResume.of(
            Reads.resumeAt(TABLE, Position.keyed("_id", KeyValues.encode(sortedKeys.get(3)))));
    List<BsonDocument> rest =
        source
            .find(r.filter(new Document("n", new Document("$lt", 10))))
            .sort(r.sort())
            .into(new ArrayList<>());
    assertThat(rest)
        .isNotEmpty()
        .allSatisfy(d -> assertThat(d.getInt32("n").getValue()).isLessThan(10));
    assertThat(rest.size())
        .isEqualTo(
            (int)
                sortedKeys.subList(4, sortedKeys.size()).stream()
                    .filter(
                        k ->
                            source
                                    .find(new BsonDocument("_id", new BsonDocument("$eq", k)))
                                    .first()
                                    .getInt32("n")
                                    .getValue()
                                < 10)
                    .count());
  }

  @Test
  void aFinishedTableIsSaidToBeFinishedAndAMaxKeyPositionLeavesNothing() {
    assertThat(
            MongoResume.of(new ResumeDecision(TABLE, true, Optional.empty(), Optional.empty()))
                .finished())
        .isTrue();
    MongoResume afterMax =
        MongoResume.of(Reads.resumeAt(TABLE, Position.keyed("_id", "{\"MaxKey\":1}")));
    assertThat(source.find(afterMax.filter()).into(new ArrayList<>())).isEmpty();
  }

  @Test
  void aBadStoredValueIsReportedWhenTheHelperIsMade() {
    ResumeDecision d =
        new ResumeDecision(
            TABLE, false, Optional.of(Position.keyed("_id", "nope")), Optional.of("x.log:1"));
    assertThatThrownBy(() -> MongoResume.of(d))
        .isInstanceOf(dev.checkpoint.InvalidPositionException.class)
        .hasMessageContaining("db.loop")
        .hasMessageContaining("x.log:1");
  }

  @ParameterizedTest(name = "batch size {0}, crash after batch {1}")
  @CsvSource({"1,0", "1,1", "1,20", "7,0", "7,3", "7,6", "1000,0"})
  void aUserLoopStoppedAfterBatchKResumesToAnExactCopy(int batchSize, int crashAfter) {
    String task = "loop-" + UUID.randomUUID();
    MongoCollection<Document> target = db.getCollection("t_" + task.substring(5, 13));
    InMemoryStore store = new InMemoryStore();
    RuntimeException crash = new IllegalStateException("crash");
    try (Checkpointer cp =
        Checkpointer.builder()
            .taskId(task)
            .store(store)
            .policy(CheckpointPolicy.everyBatch())
            .build()) {
      assertThatThrownBy(() -> copy(cp, target, batchSize, crashAfter, crash)).isSameAs(crash);
    }
    try (Checkpointer cp =
        Checkpointer.builder()
            .taskId(task)
            .store(store)
            .policy(CheckpointPolicy.everyBatch())
            .build()) {
      copy(cp, target, batchSize, -1, crash);
      assertThat(cp.resume(TABLE).finished()).isTrue();
    }
    List<String> copied = new ArrayList<>();
    target.find().forEach(d -> copied.add(d.toJson()));
    List<String> original = new ArrayList<>();
    db.getCollection("loop").find().forEach(d -> original.add(d.toJson()));
    assertThat(copied).containsExactlyInAnyOrderElementsOf(original);
  }

  /** The loop of the class Javadoc of MongoResume. */
  private static void copy(
      Checkpointer cp,
      MongoCollection<Document> target,
      int batchSize,
      int crashAfter,
      RuntimeException crash) {
    ResumeDecision d = cp.resume(TABLE);
    if (d.finished()) {
      return;
    }
    MongoResume r = MongoResume.of(d);
    List<Document> batch = new ArrayList<>();
    int batches = 0;
    try (MongoCursor<Document> c =
        db.getCollection("loop")
            .find(r.filter())
            .sort(r.sort())
            .hint(r.sort())
            .batchSize(batchSize)
            .iterator()) {
      while (true) {
        boolean more = c.hasNext();
        if (more) {
          batch.add(c.next());
        }
        if (batch.size() == batchSize || (!more && !batch.isEmpty())) {
          if (batches++ == crashAfter) {
            throw crash;
          }
          target.insertMany(batch); // a document copied twice fails here on its _id
          cp.committed(TABLE, r.positionAfter(batch.get(batch.size() - 1)), batch.size());
          batch.clear();
        }
        if (!more) {
          break;
        }
      }
    }
    cp.finish(TABLE);
  }

  @Test
  @Tag("real-mongo")
  void theResumeFilterUsesTheIdIndexWithoutSorting() {
    mongo.requireRealServer("explain, to show which index a query uses");
    MongoResume r =
        MongoResume.of(
            Reads.resumeAt(TABLE, Position.keyed("_id", KeyValues.encode(sortedKeys.get(5)))));
    BsonDocument explain =
        source.find(r.filter()).sort(r.sort()).hint(r.sort()).explain(BsonDocument.class);
    List<String> stages = Explain.stages(explain);
    assertThat(stages).as(explain.toJson()).contains("IXSCAN").doesNotContain("COLLSCAN", "SORT");
    assertThat(Explain.indexNames(explain)).containsOnly("_id_");
  }
}
