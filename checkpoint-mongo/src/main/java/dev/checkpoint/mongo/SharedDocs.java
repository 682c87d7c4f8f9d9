package dev.checkpoint.mongo;

import static dev.checkpoint.mongo.StoreFields.CREATED_AT;
import static dev.checkpoint.mongo.StoreFields.POSITION_DATA;
import static dev.checkpoint.mongo.StoreFields.POSITION_KEY;
import static dev.checkpoint.mongo.StoreFields.RESUMER_TYPE;
import static dev.checkpoint.mongo.StoreFields.TASK_ID;
import static dev.checkpoint.mongo.StoreFields.UPDATED_AT;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Collation;
import com.mongodb.client.model.DeleteOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.UpdateResult;
import java.time.Instant;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonString;

/**
 * The conditional writes of one record that workers sharing the store coordinate through: each is
 * one single-document write the server applies atomically. The documents are the ones the task
 * sessions write (the four fields and the two dates), with no lease epoch: chunk records carry
 * their own lease in their data.
 */
final class SharedDocs {
  /**
   * {@code position_data} is compared byte for byte, as the JDBC store compares it, even in a
   * collection created with a case-insensitive default collation.
   */
  private static final Collation BINARY = Collation.builder().locale("simple").build();

  private final MongoCollection<BsonDocument> coll;

  SharedDocs(MongoCollection<BsonDocument> coll) {
    this.coll = coll;
  }

  /**
   * Sets the record to {@code next} if it holds {@code expected} ({@code null}: absent; {@code next
   * null}: delete), in {@code session} when it is given.
   *
   * @return whether the write landed
   * @throws IllegalArgumentException if both are null
   */
  boolean compareAndSet(
      ClientSession session, String taskId, String kind, String key, String expected, String next) {
    if (expected == null && next == null) {
      throw new IllegalArgumentException("expected and next are both null: nothing to change");
    }
    BsonDocument record =
        new BsonDocument(TASK_ID, new BsonString(taskId))
            .append(RESUMER_TYPE, new BsonString(kind))
            .append(POSITION_KEY, new BsonString(key));
    BsonDateTime now = new BsonDateTime(Instant.now().toEpochMilli());
    if (expected == null) {
      return insertIfAbsent(session, record, next, now);
    }
    BsonDocument holding =
        record.clone().append(POSITION_DATA, new BsonDocument("$eq", new BsonString(expected)));
    if (next == null) {
      DeleteOptions options = new DeleteOptions().collation(BINARY);
      long deleted =
          session == null
              ? coll.deleteOne(holding, options).getDeletedCount()
              : coll.deleteOne(session, holding, options).getDeletedCount();
      return deleted == 1;
    }
    BsonDocument update =
        new BsonDocument(
            "$set", new BsonDocument(POSITION_DATA, new BsonString(next)).append(UPDATED_AT, now));
    UpdateOptions options = new UpdateOptions().collation(BINARY);
    UpdateResult r =
        session == null
            ? coll.updateOne(holding, update, options)
            : coll.updateOne(session, holding, update, options);
    return r.getMatchedCount() == 1;
  }

  /**
   * An upsert that only inserts: it matches an existing record (and changes nothing) or inserts a
   * new one. Unlike a plain insert, finding the record is no write error, so a caller's transaction
   * goes on after a refusal. Two inserting at once collide on the unique index ({@value
   * MongoPositionStore#INDEX_NAME}): the loser's duplicate key error means the record exists.
   */
  private boolean insertIfAbsent(
      ClientSession session, BsonDocument record, String next, BsonDateTime now) {
    BsonDocument update =
        new BsonDocument(
            "$setOnInsert",
            new BsonDocument(POSITION_DATA, new BsonString(next))
                .append(CREATED_AT, now)
                .append(UPDATED_AT, now));
    UpdateOptions upsert = new UpdateOptions().upsert(true);
    try {
      UpdateResult r =
          session == null
              ? coll.updateOne(record, update, upsert)
              : coll.updateOne(session, record, update, upsert);
      return r.getMatchedCount() == 0 && r.getUpsertedId() != null;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }
}
