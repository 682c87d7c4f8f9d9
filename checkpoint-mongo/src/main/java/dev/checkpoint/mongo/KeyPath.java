package dev.checkpoint.mongo;

import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonValue;

/** Reads a key field, possibly a dotted path into embedded documents, from a document. */
final class KeyPath {
  private KeyPath() {}

  /**
   * The value at {@code path}; BSON null when the field is missing, which is how MongoDB sorts and
   * indexes a missing field.
   *
   * @throws IllegalArgumentException if the path runs through or ends at an array: a multikey field
   *     has no single position in key order
   */
  static BsonValue get(BsonDocument doc, String path) {
    BsonValue current = doc;
    int start = 0;
    while (true) {
      int dot = path.indexOf('.', start);
      String name = dot < 0 ? path.substring(start) : path.substring(start, dot);
      if (!current.isDocument()) {
        // A path through a scalar finds nothing, as in a MongoDB query.
        return BsonNull.VALUE;
      }
      BsonValue next = current.asDocument().get(name);
      if (next == null || next.isNull()) {
        return BsonNull.VALUE;
      }
      if (next.isArray()) {
        throw new IllegalArgumentException(
            "\"" + path + "\" holds an array; a multikey field cannot be read in key order");
      }
      if (dot < 0) {
        return next;
      }
      current = next;
      start = dot + 1;
    }
  }
}
