package dev.checkpoint.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.checkpoint.Batch;
import dev.checkpoint.CheckpointException;
import dev.checkpoint.InvalidPositionException;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.TableRef;
import dev.checkpoint.chunk.Chunk;
import dev.checkpoint.chunk.ChunkPlan;
import dev.checkpoint.chunk.ChunkedSource;
import dev.checkpoint.testkit.TestMongo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Splitting a collection into chunks of {@code _id} and reading them, on the MongoDB of this run
 * ({@link TestMongo}: the in-process server here). Expected orders come from {@link BsonOrder}, the
 * documented comparison order written independently of the readers.
 */
class IdChunkIT {
  private static TestMongo mongo;
  private static MongoDatabase db;
  private static int collections;

  @BeforeAll
  static void start() {
    mongo = TestMongo.start();
    db = mongo.freshDatabase("chunks");
  }

  @AfterAll
  static void stop() {
    mongo.drop(db);
    mongo.close();
  }

  private static MongoCollection<BsonDocument> collectionOf(List<? extends BsonValue> ids) {
    MongoCollection<BsonDocument> c = db.getCollection("c" + ++collections, BsonDocument.class);
    List<BsonDocument> docs = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      docs.add(new BsonDocument("_id", ids.get(i)).append("n", new BsonInt32(i)));
    }
    if (!docs.isEmpty()) {
      c.insertMany(docs);
    }
    return c;
  }

  private static TableRef table(MongoCollection<?> c) {
    return TableRef.of("mongo", db.getName(), c.getNamespace().getCollectionName());
  }

  private static List<BsonValue> sorted(List<? extends BsonValue> ids) {
    List<BsonValue> s = new ArrayList<>(ids);
    s.sort(BsonOrder.INSTANCE);
    return s;
  }

  /** The {@code n}-th, {@code 2n}-th, ... values: the bounds of a walk over one type. */
  private static List<String> everyNth(List<BsonValue> sortedIds, int n) {
    List<String> out = new ArrayList<>();
    for (int i = n - 1; i < sortedIds.size(); i += n) {
      out.add(KeyValues.encode(sortedIds.get(i)));
    }
    return out;
  }

  private static List<BsonObjectId> objectIds(int count, long seed) {
    Random r = new Random(seed);
    List<BsonObjectId> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] b = new byte[12];
      r.nextBytes(b);
      out.add(new BsonObjectId(new ObjectId(b)));
    }
    return out;
  }

  private static List<BsonInt32> ints(int count) {
    List<BsonInt32> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(new BsonInt32(i * 3 - 500));
    }
    Collections.shuffle(out, new Random(7));
    return out;
  }

  private static List<BsonString> strings(int count) {
    String[] parts = {"a", "B", "é", "z", "数据", "0", " ", "~"};
    Random r = new Random(11);
    List<BsonString> out = new ArrayList<>();
    while (out.size() < count) {
      StringBuilder s = new StringBuilder();
      int len = 1 + r.nextInt(4);
      for (int i = 0; i < len; i++) {
        s.append(parts[r.nextInt(parts.length)]);
      }
      BsonString v = new BsonString(s.toString());
      if (!out.contains(v)) {
        out.add(v);
      }
    }
    return out;
  }

  private static void assertPlanAndReads(List<? extends BsonValue> ids, int chunkRows) {
    MongoCollection<BsonDocument> c = collectionOf(ids);
    ChunkedSource<BsonDocument> source = MongoSources.keyed(c).batchSize(37).buildChunked();
    List<BsonValue> sortedIds = sorted(ids);
    ChunkPlan plan = source.plan(table(c), chunkRows, null);
    assertThat(plan.column()).isEqualTo("_id");
    assertThat(plan.nulls()).isFalse();
    assertThat(plan.bounds()).containsExactlyElementsOf(everyNth(sortedIds, chunkRows));
    for (String bound : plan.bounds()) {
      assertThat(KeyValues.encode(KeyValues.decode(bound))).isEqualTo(bound);
    }
    List<Chunk> chunks = plan.chunks();
    for (Chunk chunk : chunks.subList(0, chunks.size() - 1)) {
      assertThat(Chunks.read(source, chunk)).as(chunk.describe()).hasSize(chunkRows);
    }
    assertThat(Reads.ids(Chunks.readAll(source, chunks)))
        .containsExactlyElementsOf(Reads.exact(sortedIds));
  }

  @Test
  void objectIdsAreSplitEveryChunkRowsValuesAndEachIsReadOnce() {
    assertPlanAndReads(objectIds(1050, 1), 100);
  }

  @Test
  void intIdsAreSplitByValueNotByInsertionOrder() {
    assertPlanAndReads(ints(1000), 250);
  }

  @Test
  void stringIdsAreSplitInTheServersOrder() {
    assertPlanAndReads(strings(300), 40);
  }

  @Test
  void aStartPlansAfterItsValueAndTheFirstChunkBeginsThere() {
    List<BsonInt32> ids = ints(100);
    MongoCollection<BsonDocument> c = collectionOf(ids);
    ChunkedSource<BsonDocument> source = MongoSources.keyed(c).buildChunked();
    List<BsonValue> sortedIds = sorted(ids);
    String start = KeyValues.encode(sortedIds.get(29));
    ChunkPlan plan = source.plan(table(c), 20, start);
    List<BsonValue> rest = sortedIds.subList(30, sortedIds.size());
    assertThat(plan.start()).isEqualTo(start);
    assertThat(plan.bounds()).containsExactlyElementsOf(everyNth(rest, 20));
    assertThat(plan.chunks().get(0).lo()).isEqualTo(start);
    assertThat(Reads.ids(Chunks.readAll(source, plan.chunks())))
        .containsExactlyElementsOf(Reads.exact(rest));
  }

  @Test
  void severalIdTypesEachGetChunksOfTheirOwn() {
    List<BsonValue> ids = new ArrayList<>();
    ids.addAll(objectIds(250, 3));
    ids.addAll(strings(30));
    ids.addAll(ints(500));
    MongoCollection<BsonDocument> c = collectionOf(ids);
    ChunkedSource<BsonDocument> source = MongoSources.keyed(c).buildChunked();
    List<BsonValue> sortedIds = sorted(ids);
    ChunkPlan plan = source.plan(table(c), 100, null);
    List<BsonValue> numbers = sortedIds.subList(0, 500);
    List<BsonValue> texts = sortedIds.subList(500, 530);
    List<BsonValue> oids = sortedIds.subList(530, 780);
    List<String> expected = new ArrayList<>(everyNth(numbers, 100)); // ends at the largest number
    expected.add(KeyValues.encode(texts.get(texts.size() - 1))); // the strings: one chunk
    expected.addAll(everyNth(oids, 100));
    assertThat(plan.bounds()).containsExactlyElementsOf(expected);
    for (Chunk chunk : plan.chunks()) {
      List<BsonDocument> docs = Chunks.read(source, chunk);
      assertThat(docs).as(chunk.describe()).isNotEmpty();
      assertThat(docs.stream().map(d -> Bracket.of(d.get("_id"))).distinct())
          .as(chunk.describe())
          .hasSize(1);
    }
    assertThat(Reads.ids(Chunks.readAll(source, plan.chunks())))
        .containsExactlyElementsOf(Reads.exact(sortedIds));
  }

  @Test
  void everyKeyTypeIsReadExactlyOnceAcrossChunks() {
    List<BsonValue> ids = MixedKeys.all(mongo.real());
    MongoCollection<BsonDocument> c = collectionOf(ids);
    ChunkedSource<BsonDocument> source = MongoSources.keyed(c).batchSize(2).buildChunked();
    for (int chunkRows : new int[] {1, 2, 3, 7, 100}) {
      ChunkPlan plan = source.plan(table(c), chunkRows, null);
      assertThat(Reads.ids(Chunks.readAll(source, plan.chunks())))
          .as("chunkRows %d", chunkRows)
          .containsExactlyElementsOf(Reads.exact(sorted(ids)));
    }
  }

  @Test
  void documentsInsertedAfterThePlanAreReadOnceBelowBetweenAndAbove() {
    List<BsonObjectId> ids = objectIds(50, 5);
    MongoCollection<BsonDocument> c = collectionOf(ids);
    ChunkedSource<BsonDocument> source = MongoSources.keyed(c).buildChunked();
    ChunkPlan plan = source.plan(table(c), 10, null);
    List<BsonValue> added =
        List.of(
            new BsonInt32(1), // a bracket below ObjectId: the first chunk
            new BsonString("s"), // another one below
            new BsonObjectId(new ObjectId("000000000000000000000000")), // below the first bound
            new BsonObjectId(new ObjectId("ffffffffffffffffffffffff")), // above the last
            new BsonDateTime(0)); // a bracket above ObjectId: the last chunk
    for (BsonValue id : added) {
      c.insertOne(new BsonDocument("_id", id));
    }
    List<BsonValue> all = new ArrayList<>(ids);
    all.addAll(added);
    assertThat(Reads.ids(Chunks.readAll(source, plan.chunks())))
        .containsExactlyElementsOf(Reads.exact(sorted(all)));
  }

  @Test
  void resumesInsideAChunkAfterTheLastRecordedBatch() {
    List<BsonInt32> ids = ints(300);
    MongoCollection<BsonDocument> c = collectionOf(ids);
    ChunkedSource<BsonDocument> source = MongoSources.keyed(c).batchSize(7).buildChunked();
    ChunkPlan plan = source.plan(table(c), 100, null);
    Chunk second = plan.chunks().get(1);
    List<BsonDocument> whole = Chunks.read(source, second);
    assertThat(whole).hasSize(100);
    List<Batch<BsonDocument>> batches =
        Chunks.batches(source, second, ResumeDecision.fromStart(second.table()));
    for (int b = 0; b < batches.size(); b++) {
      Position at = batches.get(b).position();
      int done = Math.min(7 * (b + 1), 100);
      List<BsonDocument> rest = Chunks.read(source, second, Reads.resumeAt(second.table(), at));
      assertThat(Reads.ids(rest))
          .as("after batch %d", b)
          .containsExactlyElementsOf(Reads.ids(whole.subList(done, whole.size())));
    }
  }

  @Test
  void theUserFilterAppliesToThePlanAndTheReads() {
    List<BsonInt32> ids = ints(400);
    MongoCollection<BsonDocument> c = collectionOf(ids);
    ChunkedSource<BsonDocument> source =
        MongoSources.keyed(c).filter(new Document("n", new Document("$lt", 200))).buildChunked();
    ChunkPlan plan = source.plan(table(c), 50, null);
    List<BsonValue> matching = sorted(ids.subList(0, 200));
    assertThat(plan.bounds()).containsExactlyElementsOf(everyNth(matching, 50));
    assertThat(Reads.ids(Chunks.readAll(source, plan.chunks())))
        .containsExactlyElementsOf(Reads.exact(matching));
  }

  @Test
  void anEmptyCollectionIsOneChunkThatTakesWhateverArrives() {
    MongoCollection<BsonDocument> c = collectionOf(List.of());
    ChunkedSource<BsonDocument> source = MongoSources.keyed(c).buildChunked();
    ChunkPlan plan = source.plan(table(c), 10, null);
    assertThat(plan.bounds()).isEmpty();
    assertThat(plan.chunks()).hasSize(1);
    c.insertOne(new BsonDocument("_id", new BsonString("late")));
    assertThat(Chunks.readAll(source, plan.chunks())).hasSize(1);
  }

  @Test
  void onlyAKeyedReadOnIdIsChunkedAndBadBoundsAreNamed() {
    MongoCollection<BsonDocument> c = collectionOf(ints(10));
    assertThatThrownBy(() -> MongoSources.keyed(c).key("n").buildChunked())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key must be _id, was [n]");
    assertThatThrownBy(() -> MongoSources.rowSkip(c).sort(new Document("n", 1)).buildChunked())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("strategy must be KEY");
    ChunkedSource<BsonDocument> source = MongoSources.keyed(c).buildChunked();
    assertThatThrownBy(() -> source.plan(table(c), 0, null)).hasMessageContaining("chunkRows");
    assertThatThrownBy(() -> source.plan(table(c), 5, "{\"Int32\":\"x\"}"))
        .isInstanceOf(InvalidPositionException.class)
        .hasMessageContaining("start of the plan");
    Chunk bad = new Chunk(table(c), 1, "_id", null, "not a value", false);
    assertThatThrownBy(() -> source.open(bad, ResumeDecision.fromStart(table(c))))
        .isInstanceOf(InvalidPositionException.class)
        .hasMessageContaining("upper bound of");
    Chunk other = new Chunk(table(c), 1, "n", null, null, false);
    assertThatThrownBy(() -> source.open(other, ResumeDecision.fromStart(table(c))))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("chunks of _id");
  }
}
