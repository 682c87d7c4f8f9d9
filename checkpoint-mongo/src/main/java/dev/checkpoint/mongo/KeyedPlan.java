package dev.checkpoint.mongo;

import java.util.ArrayList;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;

/**
 * The queries of a keyed read, in the order they are run: each is one index range on the key, and
 * their results, concatenated, are the documents after the resume point in MongoDB's key order.
 *
 * <p>From the start: one query per type bracket of the first key field. After (v1, …, vn): for the
 * last field the rest of v's bracket and then every later bracket, with the earlier fields held
 * equal; then the same for the field before it; and so on up to the first field. This is the keyset
 * condition {@code (k1,…,kn) > (v1,…,vn)} spelled in queries that MongoDB's type bracketing cannot
 * cut short.
 */
final class KeyedPlan {
  private final List<String> keys;
  private final BsonDocument userFilter;

  /**
   * @param userFilter the user's filter, ANDed to every query; empty for none
   */
  KeyedPlan(List<String> keys, BsonDocument userFilter) {
    this.keys = List.copyOf(keys);
    this.userFilter = userFilter;
  }

  List<String> keys() {
    return keys;
  }

  /** The sort of every query: the key fields ascending. */
  BsonDocument sort() {
    BsonDocument sort = new BsonDocument();
    keys.forEach(k -> sort.append(k, new BsonInt32(1)));
    return sort;
  }

  /** Queries that read everything, in key order. */
  List<BsonDocument> fromStart() {
    List<BsonDocument> out = new ArrayList<>();
    for (Bracket b : Bracket.all()) {
      out.add(and(List.of(b.whole(keys.get(0)))));
    }
    return out;
  }

  /**
   * Queries that read everything after the given key values, in key order.
   *
   * @param after one value per key field
   * @throws IllegalArgumentException if a value is of a type that has no place in key order
   */
  List<BsonDocument> after(List<BsonValue> after) {
    if (after.size() != keys.size()) {
      throw new IllegalArgumentException(
          "expected " + keys.size() + " key values, got " + after.size());
    }
    List<BsonDocument> out = new ArrayList<>();
    for (int i = keys.size() - 1; i >= 0; i--) {
      List<BsonDocument> prefix = new ArrayList<>();
      for (int j = 0; j < i; j++) {
        // $eq, never the bare value: an embedded document key could otherwise read as operators.
        prefix.add(new BsonDocument(keys.get(j), new BsonDocument("$eq", after.get(j))));
      }
      String field = keys.get(i);
      BsonValue v = after.get(i);
      Bracket bracket = Bracket.of(v);
      bracket.after(field, v).ifPresent(c -> out.add(and(with(prefix, c))));
      for (Bracket later : bracket.later()) {
        out.add(and(with(prefix, later.whole(field))));
      }
    }
    return out;
  }

  private static List<BsonDocument> with(List<BsonDocument> prefix, BsonDocument last) {
    List<BsonDocument> all = new ArrayList<>(prefix);
    all.add(last);
    return all;
  }

  /** The conditions and the user's filter, all of them. */
  BsonDocument and(List<BsonDocument> conditions) {
    List<BsonDocument> parts = new ArrayList<>();
    if (!userFilter.isEmpty()) {
      parts.add(userFilter);
    }
    parts.addAll(conditions);
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return new BsonDocument("$and", new BsonArray(parts));
  }
}
