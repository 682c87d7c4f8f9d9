package dev.checkpoint.mongo;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * MongoDB's type brackets for sorting and comparison, in its cross-type order: MinKey, null,
 * numbers, strings (and symbols), objects, binary data, ObjectId, booleans, dates, timestamps,
 * MaxKey. NaN is its own bracket here because MongoDB sorts it below every other number while
 * {@code $gt}/{@code $gte} never match it.
 *
 * <p>A comparison operator such as {@code {_id: {$gt: 5}}} only matches values of the operand's
 * bracket. So the rest of a collection after a key value is "the rest of its bracket" followed by
 * "all of every later bracket", each of which is one index range on the key. Arrays, regular
 * expressions, JavaScript, DBPointer and undefined cannot be resumed after and are refused.
 */
enum Bracket {
  MIN_KEY,
  NULL,
  NAN,
  NUMBER,
  STRING,
  OBJECT,
  BINARY,
  OBJECT_ID,
  BOOLEAN,
  DATE,
  TIMESTAMP,
  MAX_KEY;

  private static final BsonDouble NAN_VALUE = new BsonDouble(Double.NaN);
  private static final List<Bracket> ALL = List.of(values());

  /**
   * @throws IllegalArgumentException for a type a keyed read cannot order by
   */
  static Bracket of(BsonValue v) {
    switch (v.getBsonType()) {
      case MIN_KEY:
        return MIN_KEY;
      case NULL:
        return NULL;
      case INT32:
      case INT64:
        return NUMBER;
      case DOUBLE:
        return Double.isNaN(v.asDouble().getValue()) ? NAN : NUMBER;
      case DECIMAL128:
        return v.asDecimal128().getValue().isNaN() ? NAN : NUMBER;
      case STRING:
      case SYMBOL:
        return STRING;
      case DOCUMENT:
        return OBJECT;
      case BINARY:
        return BINARY;
      case OBJECT_ID:
        return OBJECT_ID;
      case BOOLEAN:
        return BOOLEAN;
      case DATE_TIME:
        return DATE;
      case TIMESTAMP:
        return TIMESTAMP;
      case MAX_KEY:
        return MAX_KEY;
      default:
        throw new IllegalArgumentException(
            "a key of BSON type " + v.getBsonType() + " cannot be read in key order");
    }
  }

  /** The brackets after this one, in order. */
  List<Bracket> later() {
    return ALL.subList(ordinal() + 1, ALL.size());
  }

  static List<Bracket> all() {
    return ALL;
  }

  /** A condition on {@code field} that holds for every value of this bracket and no other. */
  BsonDocument whole(String field) {
    BsonDocument op =
        switch (this) {
          case MIN_KEY -> type("minKey");
          // $eq null also matches a missing field, which MongoDB sorts as null.
          case NULL -> new BsonDocument("$eq", BsonNull.VALUE);
          case NAN -> new BsonDocument("$eq", NAN_VALUE);
          // $ne NaN keeps servers that order NaN above the numbers from matching it here too.
          case NUMBER ->
              new BsonDocument("$gte", new BsonDouble(Double.NEGATIVE_INFINITY))
                  .append("$ne", NAN_VALUE);
          // $gte "" rather than $type string: it also matches symbols, which share the bracket.
          case STRING -> new BsonDocument("$gte", new BsonString(""));
          case OBJECT -> new BsonDocument("$gte", new BsonDocument());
          case BINARY -> type("binData");
          case OBJECT_ID -> type("objectId");
          case BOOLEAN -> type("bool");
          case DATE -> type("date");
          case TIMESTAMP -> type("timestamp");
          case MAX_KEY -> type("maxKey");
        };
    return new BsonDocument(field, op);
  }

  /**
   * A condition on {@code field} for the values of this bracket after {@code v}, or empty when the
   * bracket holds a single value (MinKey, null, NaN, MaxKey).
   */
  Optional<BsonDocument> after(String field, BsonValue v) {
    return switch (this) {
      case MIN_KEY, NULL, NAN, MAX_KEY -> Optional.empty();
      case NUMBER ->
          Optional.of(new BsonDocument(field, new BsonDocument("$gt", v).append("$ne", NAN_VALUE)));
      default -> Optional.of(new BsonDocument(field, new BsonDocument("$gt", v)));
    };
  }

  /**
   * A condition on {@code field} for the values of this bracket up to and including {@code v}: the
   * whole bracket when it holds a single value.
   */
  BsonDocument upTo(String field, BsonValue v) {
    return switch (this) {
      case MIN_KEY, NULL, NAN, MAX_KEY -> whole(field);
      case NUMBER -> new BsonDocument(field, new BsonDocument("$lte", v).append("$ne", NAN_VALUE));
      default -> new BsonDocument(field, new BsonDocument("$lte", v));
    };
  }

  /**
   * A condition on {@code field} for the values of this bracket in {@code (lo, hi]}, both of this
   * bracket, or empty when there can be none (a bracket of a single value).
   */
  Optional<BsonDocument> between(String field, BsonValue lo, BsonValue hi) {
    return switch (this) {
      case MIN_KEY, NULL, NAN, MAX_KEY -> Optional.empty();
      case NUMBER ->
          Optional.of(
              new BsonDocument(
                  field, new BsonDocument("$gt", lo).append("$lte", hi).append("$ne", NAN_VALUE)));
      default ->
          Optional.of(new BsonDocument(field, new BsonDocument("$gt", lo).append("$lte", hi)));
    };
  }

  private static BsonDocument type(String alias) {
    return new BsonDocument("$type", new BsonString(alias));
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
