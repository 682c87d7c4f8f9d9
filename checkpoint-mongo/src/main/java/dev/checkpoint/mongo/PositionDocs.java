package dev.checkpoint.mongo;

import static dev.checkpoint.mongo.StoreFields.CREATED_AT;
import static dev.checkpoint.mongo.StoreFields.DOING;
import static dev.checkpoint.mongo.StoreFields.EPOCH;
import static dev.checkpoint.mongo.StoreFields.FINISHED;
import static dev.checkpoint.mongo.StoreFields.POSITION_DATA;
import static dev.checkpoint.mongo.StoreFields.POSITION_KEY;
import static dev.checkpoint.mongo.StoreFields.RESUMER_TYPE;
import static dev.checkpoint.mongo.StoreFields.TASK_ID;
import static dev.checkpoint.mongo.StoreFields.UPDATED_AT;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import dev.checkpoint.InvalidPositionException;
import dev.checkpoint.PositionJson;
import dev.checkpoint.PositionRecord;
import dev.checkpoint.ResumeState;
import dev.checkpoint.TableRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes position documents. Every write carries the writer's lease epoch and applies
 * only over documents of the same or an older epoch, so a writer that lost its lease can never
 * overwrite or delete what the newer holder wrote.
 */
final class PositionDocs {
  private static final Logger LOG = LoggerFactory.getLogger(PositionDocs.class);

  private final MongoCollection<BsonDocument> coll;
  private final String source;

  /** @param source how states read here name their origin: {@code mongo:db.coll} */
  PositionDocs(MongoCollection<BsonDocument> coll, String source) {
    this.coll = coll;
    this.source = source;
  }

  String source() {
    return source;
  }

  private static BsonDocument positionsOf(String taskId) {
    return new BsonDocument(TASK_ID, new BsonString(taskId))
        .append(
            RESUMER_TYPE,
            new BsonDocument(
                "$in", new BsonArray(List.of(new BsonString(DOING), new BsonString(FINISHED)))));
  }

  /** Matches documents a writer of this epoch may change: its own, older ones, unstamped ones. */
  private static BsonDocument notNewerThan(long epoch) {
    return new BsonDocument("$not", new BsonDocument("$gt", new BsonInt64(epoch)));
  }

  ResumeState read(String taskId) {
    ResumeState.Builder b = ResumeState.builder();
    // Oldest first, so that of two records naming one table (written under different keys by
    // different tools) the latest wins.
    FindIterable<BsonDocument> docs =
        coll.find(positionsOf(taskId))
            .sort(new BsonDocument(UPDATED_AT, new BsonInt32(1)).append("_id", new BsonInt32(1)));
    for (BsonDocument doc : docs) {
      Optional<PositionRecord> rec = parse(doc);
      if (rec.isEmpty()) {
        continue;
      }
      if (FINISHED.equals(doc.getString(RESUMER_TYPE).getValue())) {
        b.finished(rec.get().table(), source);
      } else {
        b.position(rec.get().table(), rec.get().position(), source);
      }
    }
    return b.build();
  }

  private Optional<PositionRecord> parse(BsonDocument doc) {
    BsonValue data = doc.get(POSITION_DATA);
    try {
      if (data == null || !data.isString()) {
        throw new InvalidPositionException("position_data must be a string, was " + data);
      }
      Optional<PositionRecord> rec = PositionJson.read(data.asString().getValue());
      if (rec.isEmpty()) {
        LOG.debug("{}: skipping position of a kind this library does not resume: {}", source, data);
      }
      return rec;
    } catch (InvalidPositionException e) {
      throw new InvalidPositionException(
          source
              + ", document "
              + new BsonDocument("_id", doc.get("_id"))
                  .append(RESUMER_TYPE, doc.get(RESUMER_TYPE))
                  .append(POSITION_KEY, doc.get(POSITION_KEY))
                  .toJson()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Writes the table's record of the given type.
   *
   * @param session the caller's session (and transaction), or {@code null}
   * @return false if a newer epoch holds the record: this writer is fenced out
   */
  boolean upsert(
      ClientSession session, String taskId, String type, TableRef table, String data, long epoch) {
    BsonDateTime now = new BsonDateTime(Instant.now().toEpochMilli());
    BsonDocument filter =
        new BsonDocument(TASK_ID, new BsonString(taskId))
            .append(RESUMER_TYPE, new BsonString(type))
            .append(POSITION_KEY, new BsonString(StoreFields.positionKey(table)))
            .append(EPOCH, notNewerThan(epoch));
    BsonDocument update =
        new BsonDocument(
                "$set",
                new BsonDocument(POSITION_DATA, new BsonString(data))
                    .append(UPDATED_AT, now)
                    .append(EPOCH, new BsonInt64(epoch)))
            .append("$setOnInsert", new BsonDocument(CREATED_AT, now));
    UpdateOptions upsert = new UpdateOptions().upsert(true);
    try {
      if (session == null) {
        coll.updateOne(filter, update, upsert);
      } else {
        coll.updateOne(session, filter, update, upsert);
      }
      return true;
    } catch (MongoWriteException e) {
      // The record exists but a newer epoch wrote it, so the filter missed and the upsert's
      // insert collided with it on the unique index.
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  /** Deletes the task's records of one table, or of every table when {@code table} is null. */
  void delete(String taskId, TableRef table, long epoch) {
    BsonDocument filter = positionsOf(taskId).append(EPOCH, notNewerThan(epoch));
    if (table != null) {
      filter.append(POSITION_KEY, new BsonString(StoreFields.positionKey(table)));
    }
    coll.deleteMany(filter);
  }

  /**
   * Stamps every record of the task with a new holder's epoch, so a writer that held an older
   * lease can no longer change any of them.
   */
  void stamp(String taskId, long epoch) {
    coll.updateMany(
        positionsOf(taskId)
            .append(EPOCH, new BsonDocument("$not", new BsonDocument("$gte", new BsonInt64(epoch)))),
        new BsonDocument("$set", new BsonDocument(EPOCH, new BsonInt64(epoch))));
  }
}
