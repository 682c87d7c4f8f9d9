package dev.checkpoint.cli;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import dev.checkpoint.BatchSink;
import dev.checkpoint.Strategy;
import dev.checkpoint.chunk.ChunkedSource;
import dev.checkpoint.mongo.MongoSourceBuilder;
import dev.checkpoint.mongo.MongoSources;
import dev.checkpoint.runner.TableJob;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;

/**
 * How one collection is read and written. It is read in {@code _id} order and resumes after the
 * last committed {@code _id} (KEY, across mixed {@code _id} types); documents travel as raw BSON,
 * so every type arrives unchanged. Each document replaces the target's document of the same {@code
 * _id}, or is inserted: a batch delivered twice after a crash changes nothing, so a target is never
 * emptied, and {@code --no-truncate} has nothing to keep.
 */
final class MongoCollectionCopy {
  private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);
  private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

  private MongoCollectionCopy() {}

  static MongoCollection<RawBsonDocument> sourceOf(MongoClient client, MongoPlan.Collection c) {
    return client
        .getDatabase(c.source().schema())
        .getCollection(c.source().table(), RawBsonDocument.class);
  }

  static MongoCollection<RawBsonDocument> targetOf(MongoClient client, MongoPlan.Collection c) {
    return client
        .getDatabase(c.targetDb())
        .getCollection(c.targetCollection(), RawBsonDocument.class);
  }

  private static MongoSourceBuilder<RawBsonDocument> reader(
      MongoClient source, MongoPlan.Collection c, CopyConfig config) {
    return MongoSources.keyed(sourceOf(source, c)).batchSize(config.readBatch);
  }

  static ChunkedSource<RawBsonDocument> chunkedSource(
      MongoClient source, MongoPlan.Collection c, CopyConfig config) {
    return reader(source, c, config).buildChunked();
  }

  /**
   * Writes a batch as unordered bulks of at most {@code [sinker] batch_size} replacements by {@code
   * _id} with upsert; every bulk is acknowledged before the batch's position is recorded.
   */
  static BatchSink<RawBsonDocument> sink(MongoCollection<RawBsonDocument> target, int writeBatch) {
    return docs -> {
      for (int i = 0; i < docs.size(); i += writeBatch) {
        List<ReplaceOneModel<RawBsonDocument>> bulk = new ArrayList<>();
        for (RawBsonDocument d : docs.subList(i, Math.min(docs.size(), i + writeBatch))) {
          bulk.add(new ReplaceOneModel<>(new BsonDocument("_id", d.get("_id")), d, UPSERT));
        }
        target.bulkWrite(bulk, UNORDERED);
      }
    };
  }

  static TableJob<RawBsonDocument> job(
      MongoClient source, MongoClient target, MongoPlan.Collection c, CopyConfig config) {
    return TableJob.<RawBsonDocument>builder(c.source())
        .source(reader(source, c, config).build())
        .sink(sink(targetOf(target, c), config.writeBatch))
        .strategy(Strategy.KEY)
        .build();
  }
}
