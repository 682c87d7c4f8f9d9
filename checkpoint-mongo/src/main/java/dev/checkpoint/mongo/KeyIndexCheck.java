package dev.checkpoint.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import dev.checkpoint.CheckpointException;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, when a keyed read opens, that its key can be resumed on: a unique, non-sparse,
 * non-partial index on exactly the key fields (so every document is in it, once), and no document
 * whose key is of a type that has no place in key order (those would be skipped silently by the
 * bracket queries).
 */
final class KeyIndexCheck {
  private static final Logger LOG = LoggerFactory.getLogger(KeyIndexCheck.class);

  /** undefined, regex, DBPointer, JavaScript, JavaScript with scope. */
  private static final int[] UNORDERED_TYPES = {6, 11, 12, 13, 15};

  private static final int ARRAY = 4;

  private KeyIndexCheck() {}

  static void requireUniqueIndex(ReadSpec<?> spec, List<String> keys, BsonDocument pattern) {
    if (keys.equals(List.of("_id"))) {
      return;
    }
    List<String> seen = new ArrayList<>();
    try {
      for (BsonDocument index : spec.raw().listIndexes(BsonDocument.class)) {
        if (index.getDocument("key").equals(pattern)
            && index.getBoolean("unique", BsonBoolean.FALSE).getValue()
            && !index.getBoolean("sparse", BsonBoolean.FALSE).getValue()
            && !index.containsKey("partialFilterExpression")) {
          return;
        }
        seen.add(index.getDocument("key").toJson());
      }
    } catch (MongoException e) {
      throw spec.failed("listing indexes", e);
    }
    throw new CheckpointException(
        spec.what()
            + ": reading by key "
            + keys
            + " needs a unique index on "
            + pattern.toJson()
            + " that is neither sparse nor partial, so that every document has exactly one place"
            + " in key order; the collection has "
            + seen
            + ". Create it, read by _id, or read with ROW_SKIP");
  }

  static void refuseUnorderedTypes(ReadSpec<?> spec, List<String> keys) {
    for (String key : keys) {
      for (int type : UNORDERED_TYPES) {
        refuse(spec, key, type);
      }
      if (!key.equals("_id")) {
        refuse(spec, key, ARRAY);
      }
    }
  }

  private static void refuse(ReadSpec<?> spec, String key, int type) {
    BsonDocument typed = new BsonDocument(key, new BsonDocument("$type", new BsonInt32(type)));
    BsonDocument query =
        spec.filter().isEmpty()
            ? typed
            : new BsonDocument("$and", new BsonArray(List.<BsonValue>of(spec.filter(), typed)));
    RawBsonDocument found;
    try {
      var it =
          spec.raw().find(query).projection(new BsonDocument("_id", new BsonInt32(1))).limit(1);
      found = (spec.hint() == null ? it : it.hint(spec.hint())).first();
    } catch (MongoCommandException e) {
      if (String.valueOf(e.getErrorMessage()).contains("nknown type")) {
        // In-memory test servers do not know every BSON type; they cannot store it either.
        LOG.debug("{}: server does not know BSON type {}; not checked", spec.what(), type);
        return;
      }
      throw spec.failed("checking key types", e);
    } catch (MongoException e) {
      throw spec.failed("checking key types", e);
    }
    if (found != null) {
      throw new CheckpointException(
          spec.what()
              + ": document "
              + new BsonDocument("_id", found.get("_id")).toJson()
              + " has key field "
              + key
              + " of BSON type "
              + (type == ARRAY ? "array" : BsonType.findByValue(type).toString())
              + ", which has no place in key order; read this collection with ROW_SKIP or"
              + " exclude such documents with a filter");
    }
  }
}
