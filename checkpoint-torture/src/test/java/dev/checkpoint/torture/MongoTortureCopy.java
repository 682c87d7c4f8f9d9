package dev.checkpoint.torture;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import dev.checkpoint.BatchSink;
import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.TableRef;
import dev.checkpoint.chunk.ChunkedResult;
import dev.checkpoint.chunk.ChunkedRun;
import dev.checkpoint.logstore.FsyncPolicy;
import dev.checkpoint.logstore.LogStore;
import dev.checkpoint.mongo.MongoPositionStore;
import dev.checkpoint.mongo.MongoSources;
import dev.checkpoint.torture.KillPoint.Where;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;

/**
 * The Mongo modes of {@link TortureCopy}: a collection copied into another by replacing each
 * document by {@code _id}. Each document handed to the sink is first logged in {@code deliveries},
 * so the test counts what was delivered again, not only what the target ends with.
 */
final class MongoTortureCopy {
  private MongoTortureCopy() {}

  static long copy(Mode mode, String uri, String srcDb, String dstDb, String store, String task)
      throws Exception {
    try (MongoClient client = MongoClients.create(uri)) {
      MongoCollection<BsonDocument> source =
          client.getDatabase(srcDb).getCollection(mode.source, BsonDocument.class);
      MongoCollection<BsonDocument> target =
          client.getDatabase(dstDb).getCollection(mode.target, BsonDocument.class);
      MongoCollection<BsonDocument> deliveries =
          client.getDatabase(dstDb).getCollection("deliveries", BsonDocument.class);
      TableRef table = TableRef.of("mongo", srcDb, mode.source);
      BatchSink<BsonDocument> sink = replacing(target, deliveries);
      if (mode.chunked()) {
        MongoPositionStore positions =
            MongoPositionStore.builder().client(client).collection(dstDb, store).build();
        ChunkedRun run =
            ChunkedRun.builder(HookedStores.shared(positions))
                .taskId(task)
                .threads(mode.threads)
                .chunkRows(TortureData.ROWS / 8)
                .lease(TortureCopy.LEASE)
                .build();
        TortureCopy.started();
        ChunkedResult r =
            run.run(table, MongoSources.keyed(source).batchSize(Mode.BATCH).buildChunked(), sink);
        if (!r.finished()) {
          throw new IllegalStateException("the chunked run ended unfinished: " + r);
        }
        return r.rows();
      }
      try (LogStore log =
              LogStore.builder()
                  .dir(Path.of(store))
                  .compactAt(4)
                  .fsync(FsyncPolicy.ALWAYS)
                  .build();
          Checkpointer cp =
              Checkpointer.builder()
                  .taskId(task)
                  .store(HookedStores.positions(log))
                  .policy(CheckpointPolicy.everyBatch())
                  .build()) {
        TortureCopy.started();
        return cp.run(table, MongoSources.keyed(source).batchSize(Mode.BATCH).build(), sink);
      }
    }
  }

  private static BatchSink<BsonDocument> replacing(
      MongoCollection<BsonDocument> target, MongoCollection<BsonDocument> deliveries) {
    ReplaceOptions upsert = new ReplaceOptions().upsert(true);
    return batch -> {
      List<BsonDocument> handed = new ArrayList<>(batch.size());
      List<WriteModel<BsonDocument>> writes = new ArrayList<>(batch.size());
      for (BsonDocument d : batch) {
        handed.add(new BsonDocument("doc", d.get("_id")));
        writes.add(new ReplaceOneModel<>(new BsonDocument("_id", d.get("_id")), d, upsert));
      }
      deliveries.insertMany(handed);
      target.bulkWrite(writes);
      KillPoint.passed(Where.AFTER_COMMIT);
    };
  }
}
