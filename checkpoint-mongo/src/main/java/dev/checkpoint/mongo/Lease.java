package dev.checkpoint.mongo;

import static dev.checkpoint.mongo.StoreFields.CREATED_AT;
import static dev.checkpoint.mongo.StoreFields.EPOCH;
import static dev.checkpoint.mongo.StoreFields.EXPIRES_AT;
import static dev.checkpoint.mongo.StoreFields.LOCK;
import static dev.checkpoint.mongo.StoreFields.OWNER;
import static dev.checkpoint.mongo.StoreFields.POSITION_KEY;
import static dev.checkpoint.mongo.StoreFields.RESUMER_TYPE;
import static dev.checkpoint.mongo.StoreFields.TASK_ID;
import static dev.checkpoint.mongo.StoreFields.TASK_KEY;
import static dev.checkpoint.mongo.StoreFields.UPDATED_AT;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import dev.checkpoint.TaskLockedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * The task's lease: one document per task (resumer_type {@code TaskLock}) with an owner, an epoch
 * that grows with every new holder, and an expiry. A live holder renews it; a holder that stops
 * renewing loses it once it expires, to the next process that opens the task.
 *
 * <p>Expiry is compared with the clock of the process taking over: hosts' clocks must agree to well
 * within the lease duration.
 */
final class Lease {
  private final MongoCollection<BsonDocument> coll;
  private final String taskId;
  private final String owner;
  private final Duration duration;
  private final Clock clock;
  private final String where;
  private long epoch;

  Lease(
      MongoCollection<BsonDocument> coll,
      String taskId,
      String owner,
      Duration duration,
      Clock clock,
      String where) {
    this.coll = coll;
    this.taskId = taskId;
    this.owner = owner;
    this.duration = duration;
    this.clock = clock;
    this.where = where;
  }

  long epoch() {
    return epoch;
  }

  private BsonDocument id() {
    return new BsonDocument(TASK_ID, new BsonString(taskId))
        .append(RESUMER_TYPE, new BsonString(LOCK))
        .append(POSITION_KEY, new BsonString(TASK_KEY));
  }

  private BsonDocument mine() {
    return id().append(OWNER, new BsonString(owner)).append(EPOCH, new BsonInt64(epoch));
  }

  /**
   * Takes the lease: a new one, or one whose holder let it expire (epoch + 1).
   *
   * @throws TaskLockedException naming the live holder and when its lease expires
   */
  void acquire() {
    Instant now = clock.instant();
    BsonDocument fresh =
        id().append(OWNER, new BsonString(owner))
            .append(EPOCH, new BsonInt64(1))
            .append(EXPIRES_AT, date(now.plus(duration)))
            .append(CREATED_AT, date(now))
            .append(UPDATED_AT, date(now));
    try {
      coll.insertOne(fresh);
      epoch = 1;
      return;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
    }
    BsonDocument expired = id().append(EXPIRES_AT, new BsonDocument("$lte", date(now)));
    BsonDocument takeOver =
        new BsonDocument(
                "$set",
                new BsonDocument(OWNER, new BsonString(owner))
                    .append(EXPIRES_AT, date(now.plus(duration)))
                    .append(UPDATED_AT, date(now)))
            .append("$inc", new BsonDocument(EPOCH, new BsonInt64(1)));
    BsonDocument taken =
        coll.findOneAndUpdate(
            expired, takeOver, new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    if (taken != null) {
      epoch = taken.get(EPOCH).asNumber().longValue();
      return;
    }
    BsonDocument holder = coll.find(id()).first();
    throw new TaskLockedException(
        "task "
            + taskId
            + " is held in "
            + where
            + (holder == null
                ? " by another writer"
                : " by "
                    + text(holder.get(OWNER))
                    + " (epoch "
                    + text(holder.get(EPOCH))
                    + ") until "
                    + text(holder.get(EXPIRES_AT)))
            + "; a second live writer is refused. If that process is dead, its lease expires"
            + " after "
            + duration
            + " without renewal");
  }

  /** Extends the lease if this holder still has it; false once another process took it over. */
  boolean renew() {
    Instant now = clock.instant();
    BsonDocument extend =
        new BsonDocument(
            "$set",
            new BsonDocument(EXPIRES_AT, date(now.plus(duration))).append(UPDATED_AT, date(now)));
    return coll.updateOne(mine(), extend).getMatchedCount() == 1;
  }

  /** Whether this holder still has the lease, as seen inside the caller's session. */
  boolean heldIn(ClientSession session) {
    return coll.find(session, mine()).first() != null;
  }

  /** Gives the lease up, keeping its epoch so the next holder's is higher. */
  void release() {
    Instant now = clock.instant();
    coll.updateOne(
        mine(),
        new BsonDocument(
            "$set",
            new BsonDocument(EXPIRES_AT, new BsonDateTime(0)).append(UPDATED_AT, date(now))));
  }

  TaskLockedException lost() {
    BsonDocument holder;
    try {
      holder = coll.find(id()).first();
    } catch (MongoException e) {
      holder = null; // the message can do without the new holder's name
    }
    return new TaskLockedException(
        "task "
            + taskId
            + " in "
            + where
            + " was taken over"
            + (holder == null
                ? ""
                : " by " + text(holder.get(OWNER)) + " (epoch " + text(holder.get(EPOCH)) + ")")
            + " after the lease of "
            + owner
            + " (epoch "
            + epoch
            + ") expired; this writer may no longer record positions");
  }

  private static BsonDateTime date(Instant i) {
    return new BsonDateTime(i.toEpochMilli());
  }

  private static String text(BsonValue v) {
    if (v == null) {
      return "?";
    }
    if (v.isDateTime()) {
      return Instant.ofEpochMilli(v.asDateTime().getValue()).toString();
    }
    if (v.isString()) {
      return v.asString().getValue();
    }
    return v.isNumber() ? Long.toString(v.asNumber().longValue()) : v.toString();
  }
}
