package dev.checkpoint.mongo;

import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/** Checks that a projection keeps the key fields a keyed read records. */
final class Projections {
  private Projections() {}

  /**
   * @throws IllegalArgumentException naming the key field the projection drops
   */
  static void requireKeys(BsonDocument projection, List<String> keys) {
    if (projection.isEmpty()) {
      return;
    }
    boolean inclusion = false;
    for (Map.Entry<String, BsonValue> e : projection.entrySet()) {
      if (!e.getKey().equals("_id") && !excludes(e.getValue())) {
        inclusion = true;
      }
    }
    for (String key : keys) {
      for (Map.Entry<String, BsonValue> e : projection.entrySet()) {
        if (covers(e.getKey(), key) && excludes(e.getValue())) {
          throw dropped(projection, key);
        }
      }
      if (inclusion && !key.equals("_id") && !included(projection, key)) {
        throw dropped(projection, key);
      }
    }
  }

  private static boolean included(BsonDocument projection, String key) {
    for (Map.Entry<String, BsonValue> e : projection.entrySet()) {
      if (covers(e.getKey(), key) && !excludes(e.getValue())) {
        return true;
      }
    }
    return false;
  }

  /** Whether projecting {@code field} projects {@code key}: the same path or a parent of it. */
  private static boolean covers(String field, String key) {
    return key.equals(field) || key.startsWith(field + ".");
  }

  private static boolean excludes(BsonValue v) {
    return (v.isBoolean() && !v.asBoolean().getValue())
        || (v.isNumber() && v.asNumber().doubleValue() == 0);
  }

  private static IllegalArgumentException dropped(BsonDocument projection, String key) {
    return new IllegalArgumentException(
        "projection must keep key field "
            + key
            + " (its value is the position a keyed read records), was "
            + projection.toJson());
  }
}
