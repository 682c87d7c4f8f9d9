package dev.checkpoint.bench;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import dev.checkpoint.Batch;
import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.logstore.LogStore;
import dev.checkpoint.mongo.MongoSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * Scenario 5: the keyed {@code _id} reader against a raw {@code find().sort({_id: 1})} stream over
 * the same collection, both decoding {@link Document}s in batches of the same size.
 */
final class MongoScenario {
  static final String NAME = "mongo";

  private MongoScenario() {}

  static void run(MongoEnv mongo, BenchOptions o, Results results, Path work) throws Exception {
    int docs = o.mongoDocs();
    String d = mongo.db();
    results.section(
        NAME,
        d,
        String.format(
            "5. Mongo: %s, %,d documents (_id int64, 4 fields), batch %,d; documents/s, median of %d"
                + " rounds",
            mongo.label, docs, o.batchSize(), o.rounds()));
    MongoDatabase db = mongo.client.getDatabase("checkpoint_bench");
    MongoCollection<Document> coll = db.getCollection("docs_" + docs);
    if (coll.countDocuments() != docs) {
      coll.drop();
      List<Document> chunk = new ArrayList<>();
      for (long i = 0; i < docs; i++) {
        chunk.add(
            new Document("_id", i)
                .append("a", (int) (i % 1000))
                .append("b", "name " + i)
                .append("c", i / 7.0)
                .append("e", new Date(1_704_067_200_000L + i * 1000)));
        if (chunk.size() == 10_000) {
          coll.insertMany(chunk);
          chunk.clear();
        }
      }
      if (!chunk.isEmpty()) {
        coll.insertMany(chunk);
      }
    }
    TableRef ref =
        TableRef.of("mongo", "checkpoint_bench", coll.getNamespace().getCollectionName());
    Source<Document> keyed = MongoSources.keyed(coll).batchSize(o.batchSize()).build();
    List<Contender> cs = new ArrayList<>();
    cs.add(
        Contender.of(
            results.series(
                NAME,
                d,
                "raw",
                "raw find().sort({_id: 1}).batchSize(" + o.batchSize() + ")",
                "docs/s"),
            () -> ThroughputScenario.perSecond(docs, () -> raw(coll, o.batchSize()))));
    cs.add(
        Contender.of(
            results.series(NAME, d, "keyed", "keyed _id reader, no checkpoints", "docs/s"),
            () -> ThroughputScenario.perSecond(docs, () -> read(keyed, ref))));
    Path[] dir = {null};
    cs.add(
        Contender.of(
            results.series(
                NAME, d, "keyed-log", "keyed _id reader + log store, default policy", "docs/s"),
            () -> dir[0] = Files2.freshDir(work.resolve("mongo-log")),
            () -> {
              long[] r =
                  LibraryReads.checkpointed(
                      keyed,
                      ref,
                      LogStore.in(dir[0]),
                      "mongo",
                      CheckpointPolicy.DEFAULT,
                      rows -> Blackhole.consume(rows.size()));
              ThroughputScenario.check(docs, r[0]);
              return docs / (r[1] / 1e9);
            }));
    Rounds.run(NAME, cs, o.rounds());
  }

  private static long raw(MongoCollection<Document> coll, int batchSize) {
    long n = 0;
    try (MongoCursor<Document> c =
        coll.find().sort(Sorts.ascending("_id")).batchSize(batchSize).iterator()) {
      while (c.hasNext()) {
        Document doc = c.next();
        Blackhole.consume(doc.size());
        n++;
      }
    }
    return n;
  }

  private static long read(Source<Document> source, TableRef ref) {
    long n = 0;
    try (Source.Cursor<Document> c = source.open(ResumeDecision.fromStart(ref))) {
      Batch<Document> b;
      while ((b = c.next()) != null) {
        n += b.size();
        for (Document doc : b.rows()) {
          Blackhole.consume(doc.size());
        }
      }
    }
    return n;
  }
}
