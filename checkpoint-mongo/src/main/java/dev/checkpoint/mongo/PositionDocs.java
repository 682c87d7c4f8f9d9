package dev.checkpoint.mongo;

import static dev.checkpoint.mongo.StoreFields.CREATED_AT;
import static dev.checkpoint.mongo.StoreFields.DOING;
import static dev.checkpoint.mongo.StoreFields.EPOCH;
import static dev.checkpoint.mongo.StoreFields.FINISHED;
import static dev.checkpoint.mongo.StoreFields.POSITION_DATA;
import static dev.checkpoint.mongo.StoreFields.POSITION_KEY;
import static dev.checkpoint.mongo.StoreFields.RESUMER_TYPE;
import static dev.checkpoint.mongo.StoreFields.STATE;
import static dev.checkpoint.mongo.StoreFields.STATUS;
import static dev.checkpoint.mongo.StoreFields.TASK_ID;
import static dev.checkpoint.mongo.StoreFields.UPDATED_AT;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import dev.checkpoint.InvalidPositionException;
import dev.checkpoint.PositionJson;
import dev.checkpoint.PositionRecord;
import dev.checkpoint.ResumeState;
import dev.checkpoint.StatusJson;
import dev.checkpoint.TableRef;
import dev.checkpoint.TableStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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
 * Reads and writes a task's records. Every write carries the writer's lease epoch and applies only
 * over records of the same or an older epoch, so a writer that lost its lease can never overwrite
 * or delete what the newer holder wrote.
 */
final class PositionDocs {
  private static final Logger LOG = LoggerFactory.getLogger(PositionDocs.class);
  private static final BsonDocument OLDEST_FIRST =
      new BsonDocument(UPDATED_AT, new BsonInt32(1)).append("_id", new BsonInt32(1));

  private final MongoCollection<BsonDocument> coll;
  private final String source;

  /**
   * @param source how states read here name their origin: {@code mongo:db.coll}
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

  /**
   * The task's positions and finished tables. Of two records of one table (one filed under another
   * tool's key), the one under this store's key wins, then the later one.
   */
  ResumeState read(String taskId) {
    List<BsonDocument> otherKeys = new ArrayList<>();
    List<BsonDocument> ownKeys = new ArrayList<>();
    Map<BsonDocument, PositionRecord> parsed = new LinkedHashMap<>();
    for (BsonDocument doc : coll.find(of(taskId, List.of(DOING, FINISHED))).sort(OLDEST_FIRST)) {
      Optional<PositionRecord> rec = parse(doc, PositionJson::read);
      if (rec.isEmpty()) {
        LOG.debug(
            "{}: skipping a position of a kind this library does not resume: {}", source, doc);
        continue;
      }
      parsed.put(doc, rec.get());
      String key = doc.getString(POSITION_KEY, new BsonString("")).getValue();
      (key.equals(StoreFields.positionKey(rec.get().table())) ? ownKeys : otherKeys).add(doc);
    }
    ResumeState.Builder b = ResumeState.builder();
    for (List<BsonDocument> docs : List.of(otherKeys, ownKeys)) {
      for (BsonDocument doc : docs) {
        PositionRecord rec = parsed.get(doc);
        if (FINISHED.equals(doc.getString(RESUMER_TYPE).getValue())) {
          b.finished(rec.table(), source);
        } else {
          b.position(rec.table(), rec.position(), source);
        }
      }
    }
    return b.build();
  }

  Map<TableRef, TableStatus> statuses(String taskId) {
    Map<TableRef, TableStatus> out = new LinkedHashMap<>();
    for (BsonDocument doc : coll.find(of(taskId, List.of(STATUS))).sort(OLDEST_FIRST)) {
      TableStatus s = parse(doc, StatusJson::read);
      out.put(s.table(), s);
    }
    return out;
  }

  Optional<String> state(String taskId) {
    BsonDocument doc = coll.find(of(taskId, List.of(STATE))).first();
    return doc == null ? Optional.empty() : Optional.of(data(doc));
  }

  private <R> R parse(BsonDocument doc, Function<String, R> reader) {
    try {
      return reader.apply(data(doc));
    } catch (InvalidPositionException e) {
      throw new InvalidPositionException(
          source
              + ", document "
              + new BsonDocument("_id", doc.get("_id", new BsonString("?")))
                  .append(RESUMER_TYPE, doc.get(RESUMER_TYPE, new BsonString("?")))
                  .append(POSITION_KEY, doc.get(POSITION_KEY, new BsonString("?")))
                  .toJson()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static String data(BsonDocument doc) {
    BsonValue data = doc.get(POSITION_DATA);
    if (data == null || !data.isString()) {
      throw new InvalidPositionException("position_data must be a string, was " + data);
    }
    return data.asString().getValue();
  }

  /**
   * Writes a record, replacing the previous one of the same type and key.
   *
   * @param session the caller's session (and transaction), or {@code null}
   * @param key the table's position_key, or {@link StoreFields#TASK_KEY}
   * @return false if a newer epoch holds the record: this writer is fenced out
   */
  boolean upsert(
      ClientSession session, String taskId, String type, String key, String data, long epoch) {
    BsonDateTime now = new BsonDateTime(Instant.now().toEpochMilli());
    BsonDocument filter =
        new BsonDocument(TASK_ID, new BsonString(taskId))
            .append(RESUMER_TYPE, new BsonString(type))
            .append(POSITION_KEY, new BsonString(key))
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
      // The record exists but a newer epoch wrote it, so the filter missed it and the upsert's
      // insert collided with it on the unique index.
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Deletes the task's records of the given types: those of one key, or all when {@code key} is
   * null.
   */
  void delete(ClientSession session, String taskId, List<String> types, String key, long epoch) {
    BsonDocument filter = of(taskId, types).append(EPOCH, notNewerThan(epoch));
    if (key != null) {
      filter.append(POSITION_KEY, new BsonString(key));
    }
    if (session == null) {
      coll.deleteMany(filter);
    } else {
      coll.deleteMany(session, filter);
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
