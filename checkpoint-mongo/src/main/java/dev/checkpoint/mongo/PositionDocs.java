package dev.checkpoint.mongo;

import static dev.checkpoint.mongo.StoreFields.CREATED_AT;
import static dev.checkpoint.mongo.StoreFields.EPOCH;
import static dev.checkpoint.mongo.StoreFields.POSITION_DATA;
import static dev.checkpoint.mongo.StoreFields.POSITION_KEY;
import static dev.checkpoint.mongo.StoreFields.RESUMER_TYPE;
import static dev.checkpoint.mongo.StoreFields.TASK_ID;
import static dev.checkpoint.mongo.StoreFields.UPDATED_AT;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteManyModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import dev.checkpoint.InvalidPositionException;
import dev.checkpoint.spi.RecordChange;
import dev.checkpoint.spi.StoreRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * Reads and writes a task's records. Every write carries the writer's lease epoch and applies only
 * over records of the same or an older epoch, so a writer that lost its lease can never overwrite
 * or delete what the newer holder wrote.
 */
final class PositionDocs {
  private static final BsonDocument OLDEST_FIRST =
      new BsonDocument(UPDATED_AT, new BsonInt32(1)).append("_id", new BsonInt32(1));

  private final MongoCollection<BsonDocument> coll;
  private final String source;

  /**
   * @param source how records read here name their origin: {@code mongo:db.coll}
   */
  PositionDocs(MongoCollection<BsonDocument> coll, String source) {
    this.coll = coll;
    this.source = source;
  }

  String source() {
    return source;
  }

  private static BsonDocument of(String taskId, List<String> types) {
    List<BsonString> names = types.stream().map(BsonString::new).toList();
    return new BsonDocument(TASK_ID, new BsonString(taskId))
        .append(RESUMER_TYPE, new BsonDocument("$in", new BsonArray(names)));
  }

  /** Matches records a writer of this epoch may change: its own, older ones, unstamped ones. */
  private static BsonDocument notNewerThan(long epoch) {
    return new BsonDocument("$not", new BsonDocument("$gt", new BsonInt64(epoch)));
  }

  /** Every record of the task, the lease aside, oldest first. */
  List<StoreRecord> records(String taskId) {
    List<StoreRecord> out = new ArrayList<>();
    BsonDocument filter =
        new BsonDocument(TASK_ID, new BsonString(taskId))
            .append(RESUMER_TYPE, new BsonDocument("$ne", new BsonString(StoreFields.LOCK)));
    for (BsonDocument doc : coll.find(filter).sort(OLDEST_FIRST)) {
      out.add(
          new StoreRecord(
              doc.getString(RESUMER_TYPE).getValue(),
              doc.getString(POSITION_KEY, new BsonString("")).getValue(),
              data(doc),
              source));
    }
    return out;
  }

  private String data(BsonDocument doc) {
    BsonValue data = doc.get(POSITION_DATA);
    if (data == null || !data.isString()) {
      throw new InvalidPositionException(
          source
              + ", document "
              + doc.get("_id")
              + ": position_data must be a string, was "
              + data);
    }
    return data.asString().getValue();
  }

  /**
   * Applies the changes as one ordered bulk write (in the caller's transaction when {@code session}
   * is given). Each upsert applies only over a record of the same or an older epoch.
   *
   * @return false if a newer epoch holds one of the records: this writer is fenced out, and the
   *     changes before that one may have been applied (without a transaction a bulk write is not
   *     atomic)
   */
  boolean apply(ClientSession session, String taskId, List<RecordChange> changes, long epoch) {
    if (changes.isEmpty()) {
      return true;
    }
    BsonDateTime now = new BsonDateTime(Instant.now().toEpochMilli());
    List<WriteModel<BsonDocument>> writes = new ArrayList<>(changes.size());
    UpdateOptions upsert = new UpdateOptions().upsert(true);
    for (RecordChange c : changes) {
      BsonDocument filter =
          new BsonDocument(TASK_ID, new BsonString(taskId))
              .append(RESUMER_TYPE, new BsonString(c.kind()))
              .append(POSITION_KEY, new BsonString(c.key()))
              .append(EPOCH, notNewerThan(epoch));
      if (c.isDelete()) {
        writes.add(new DeleteManyModel<>(filter));
        continue;
      }
      BsonDocument update =
          new BsonDocument(
                  "$set",
                  new BsonDocument(POSITION_DATA, new BsonString(c.data()))
                      .append(UPDATED_AT, now)
                      .append(EPOCH, new BsonInt64(epoch)))
              .append("$setOnInsert", new BsonDocument(CREATED_AT, now));
      writes.add(new UpdateOneModel<>(filter, update, upsert));
    }
    BulkWriteOptions ordered = new BulkWriteOptions().ordered(true);
    try {
      if (session == null) {
        coll.bulkWrite(writes, ordered);
      } else {
        coll.bulkWrite(session, writes, ordered);
      }
      return true;
    } catch (MongoBulkWriteException e) {
      // A record exists but a newer epoch wrote it, so the filter missed it and the upsert's
      // insert collided with it on the unique index.
      if (e.getWriteErrors().stream()
          .anyMatch(w -> ErrorCategory.fromErrorCode(w.getCode()) == ErrorCategory.DUPLICATE_KEY)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Stamps every record of the task with a new holder's epoch, so that a writer of an older lease
   * can no longer change any of them.
   */
  void stamp(String taskId, long epoch) {
    coll.updateMany(
        of(taskId, StoreFields.TASK_RECORDS)
            .append(
                EPOCH, new BsonDocument("$not", new BsonDocument("$gte", new BsonInt64(epoch)))),
        new BsonDocument("$set", new BsonDocument(EPOCH, new BsonInt64(epoch))));
  }
}
