package dev.checkpoint.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.checkpoint.Batch;
import dev.checkpoint.CheckpointException;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.testkit.TestMongo;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The row-skip reader: resuming by row count, and refusing a source that changed under it. */
class RowSkipReaderIT {
  private static TestMongo mongo;
  private static MongoDatabase db;
  private MongoCollection<BsonDocument> coll;
  private TableRef table;

  @BeforeAll
  static void start() {
    mongo = TestMongo.start();
    db = mongo.freshDatabase("rowskip");
  }

  @AfterAll
  static void stop() {
    mongo.drop(db);
    mongo.close();
  }

  @BeforeEach
  void fill() {
    String name = "c" + System.nanoTime();
    coll = db.getCollection(name, BsonDocument.class);
    table = TableRef.of("mongo", db.getName(), name);
    List<BsonDocument> docs = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      // Many documents share a score: only the _id tie-breaker makes the order total.
      docs.add(
          new BsonDocument("_id", new BsonInt32(100 - i)).append("score", new BsonInt32(i % 3)));
    }
    coll.insertMany(docs);
  }

  private Source<BsonDocument> source(int batchSize) {
    return MongoSources.rowSkip(coll).sort(new Document("score", -1)).batchSize(batchSize).build();
  }

  private static List<Integer> ids(List<BsonDocument> docs) {
    return docs.stream().map(d -> d.getInt32("_id").getValue()).toList();
  }

  @Test
  void readsInTheSortWithIdAsTieBreakerAndResumesAfterTheCommittedRows() {
    List<BsonDocument> all = Reads.all(source(4), ResumeDecision.fromStart(table));
    List<BsonDocument> expected =
        coll.find().sort(new Document("score", -1).append("_id", 1)).into(new ArrayList<>());
    assertThat(ids(all)).containsExactlyElementsOf(ids(expected));

    List<Batch<BsonDocument>> batches = Reads.batches(source(4), ResumeDecision.fromStart(table));
    long committed = 0;
    for (Batch<BsonDocument> b : batches) {
      committed += b.size();
      Position.RowOffset p = (Position.RowOffset) b.position();
      assertThat(p.rows()).isEqualTo(committed);
      assertThat(p.lastRowFingerprint()).isEqualTo(Fingerprints.of(b.rows().get(b.size() - 1)));
      List<BsonDocument> rest = Reads.all(source(7), Reads.resumeAt(table, p));
      assertThat(ids(rest))
          .containsExactlyElementsOf(ids(all.subList((int) committed, all.size())));
    }
  }

  @Test
  void aChangedLastCommittedRowIsReportedNamingCollectionAndRow() {
    Position p = Reads.batches(source(10), ResumeDecision.fromStart(table)).get(0).position();
    // A document that sorts first shifts every row by one.
    coll.insertOne(new BsonDocument("_id", new BsonInt32(0)).append("score", new BsonInt32(9)));
    assertThatThrownBy(() -> source(10).open(Reads.resumeAt(table, p)))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("the source changed")
        .hasMessageContaining(coll.getNamespace().getFullName())
        .hasMessageContaining("row 10");
  }

  @Test
  void anEditedLastCommittedRowIsReported() {
    List<Batch<BsonDocument>> batches = Reads.batches(source(10), ResumeDecision.fromStart(table));
    BsonDocument last = batches.get(0).rows().get(9);
    coll.updateOne(
        new BsonDocument("_id", last.get("_id")),
        new Document("$set", new Document("note", "edited")));
    assertThatThrownBy(() -> source(10).open(Reads.resumeAt(table, batches.get(0).position())))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("row 10 (the last committed one) now has fingerprint");
  }

  @Test
  void fewerRowsThanCommittedIsReported() {
    Position p = Reads.batches(source(25), ResumeDecision.fromStart(table)).get(0).position();
    coll.deleteMany(new Document("score", 0));
    assertThatThrownBy(() -> source(25).open(Reads.resumeAt(table, p)))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("the source changed")
        .hasMessageContaining("fewer rows");
  }

  @Test
  void aKeyedPositionIsRefused() {
    assertThatThrownBy(
            () -> source(5).open(Reads.resumeAt(table, Position.keyed("_id", "{\"Int32\":5}"))))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("by row offset")
        .hasMessageContaining("Keyed");
  }

  @Test
  void autoWithASortIsRowSkipAndWithoutIsKeyedOnId() {
    Source<BsonDocument> auto =
        MongoSources.of(coll, dev.checkpoint.Strategy.AUTO).sort(new Document("score", -1)).build();
    assertThat(Reads.batches(auto, ResumeDecision.fromStart(table)).get(0).position())
        .isInstanceOf(Position.RowOffset.class);
    Source<BsonDocument> byId =
        MongoSources.of(coll, dev.checkpoint.Strategy.AUTO).batchSize(100).build();
    assertThat(Reads.batches(byId, ResumeDecision.fromStart(table)).get(0).position())
        .isEqualTo(Position.keyed("_id", "{\"Int32\":100}"));
  }

  @Test
  void noneReadsEverythingAndRecordsNoPosition() {
    Source<BsonDocument> none =
        MongoSources.of(coll, dev.checkpoint.Strategy.NONE).batchSize(8).build();
    List<Batch<BsonDocument>> batches =
        Reads.batches(none, Reads.resumeAt(table, Position.rowOffset(10, "x")));
    assertThat(batches.stream().mapToInt(Batch::size).sum()).isEqualTo(30);
    assertThat(batches).allSatisfy(b -> assertThat(b.position()).isEqualTo(Position.none()));
  }
}
