package dev.checkpoint.mongo;

import dev.checkpoint.CheckpointException;
import dev.checkpoint.InvalidPositionException;
import dev.checkpoint.KeyColumn;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/** Turns a resume decision into key values and a document's key into a position. */
final class KeyedResume {
  private KeyedResume() {}

  /**
   * The key values to resume after, or empty to read from the start.
   *
   * @param what the collection, for messages ({@code db.coll})
   * @throws InvalidPositionException if a stored value does not parse; the message names the
   *     collection, the field, the value and where it came from
   * @throws CheckpointException if the position is not one of this key
   */
  static Optional<List<BsonValue>> values(ResumeDecision d, List<String> keys, String what) {
    if (d.finished() || d.position().isEmpty()) {
      return Optional.empty();
    }
    String from = d.source().map(s -> " (from " + s + ")").orElse("");
    Position p = d.position().get();
    if (!(p instanceof Position.Keyed keyed)) {
      throw new CheckpointException(
          "cannot resume "
              + what
              + " by key "
              + keys
              + ": the stored position"
              + from
              + " is "
              + p
              + "; read it with the strategy that wrote it, or reset the table");
    }
    if (!keyed.names().equals(keys)) {
      throw new CheckpointException(
          "cannot resume "
              + what
              + " by key "
              + keys
              + ": the stored position"
              + from
              + " is keyed on "
              + keyed.names());
    }
    List<BsonValue> values = new ArrayList<>();
    for (KeyColumn c : keyed.columns()) {
      values.add(parse(c, what, from));
    }
    return Optional.of(values);
  }

  private static BsonValue parse(KeyColumn c, String what, String from) {
    try {
      BsonValue v = KeyValues.decode(c.value());
      Bracket.of(v);
      return v;
    } catch (IllegalArgumentException e) {
      throw new InvalidPositionException(
          "cannot resume "
              + what
              + ": key field "
              + c.name()
              + " has value "
              + (c.value() == null ? "null" : "\"" + c.value() + "\"")
              + from
              + ": "
              + e.getMessage());
    }
  }

  /**
   * The position after a document: its key values, typed.
   *
   * @throws CheckpointException if a key is an array or of a type that has no place in key order
   */
  static Position.Keyed positionOf(BsonDocument doc, List<String> keys, String what) {
    List<KeyColumn> cols = new ArrayList<>(keys.size());
    for (String k : keys) {
      BsonValue v = keyOf(doc, k, what);
      cols.add(KeyColumn.of(k, KeyValues.encode(v)));
    }
    return Position.keyed(cols);
  }

  static BsonValue keyOf(BsonDocument doc, String key, String what) {
    try {
      BsonValue v = KeyPath.get(doc, key);
      Bracket.of(v);
      return v;
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(
          what + ": key field " + key + " of document " + idOf(doc) + ": " + e.getMessage());
    }
  }

  private static String idOf(BsonDocument doc) {
    BsonValue id = doc.get("_id");
    return id == null ? "(no _id)" : "with _id " + new BsonDocument("_id", id).toJson();
  }
}
