package dev.checkpoint.mongo;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.types.Decimal128;

/**
 * MongoDB's comparison order of BSON values, written from its documentation, as the oracle the
 * tests check the readers against: brackets in {@link Bracket} order (NaN below every number);
 * numbers by exact value whatever their type; strings by UTF-8 bytes; documents field by field
 * (type, then name, then value; a prefix first); binary by length, then subtype, then bytes;
 * ObjectIds by bytes; false before true; dates by signed milliseconds; timestamps by unsigned
 * seconds, then increment.
 */
final class BsonOrder implements Comparator<BsonValue> {
  static final BsonOrder INSTANCE = new BsonOrder();

  @Override
  public int compare(BsonValue a, BsonValue b) {
    int c = Bracket.of(a).compareTo(Bracket.of(b));
    if (c != 0) {
      return c;
    }
    switch (Bracket.of(a)) {
      case NUMBER:
        return compareNumbers(a, b);
      case STRING:
        return Arrays.compareUnsigned(utf8(a), utf8(b));
      case OBJECT:
        return compareDocuments(a.asDocument(), b.asDocument());
      case BINARY:
        return compareBinary(a.asBinary(), b.asBinary());
      case OBJECT_ID:
        return a.asObjectId().getValue().compareTo(b.asObjectId().getValue());
      case BOOLEAN:
        return Boolean.compare(a.asBoolean().getValue(), b.asBoolean().getValue());
      case DATE:
        return Long.compare(a.asDateTime().getValue(), b.asDateTime().getValue());
      case TIMESTAMP:
        c = Integer.compareUnsigned(a.asTimestamp().getTime(), b.asTimestamp().getTime());
        return c != 0
            ? c
            : Integer.compareUnsigned(a.asTimestamp().getInc(), b.asTimestamp().getInc());
      default:
        return 0; // MinKey, null, NaN, MaxKey: one value each
    }
  }

  private static byte[] utf8(BsonValue v) {
    String s = v.isSymbol() ? v.asSymbol().getSymbol() : v.asString().getValue();
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Inside a document NaN and the other numbers share one canonical type. */
  private static int typeOrder(BsonValue v) {
    Bracket b = Bracket.of(v);
    return b == Bracket.NAN ? Bracket.NUMBER.ordinal() : b.ordinal();
  }

  private int compareDocuments(BsonDocument a, BsonDocument b) {
    Iterator<Map.Entry<String, BsonValue>> i = a.entrySet().iterator();
    Iterator<Map.Entry<String, BsonValue>> j = b.entrySet().iterator();
    while (i.hasNext() && j.hasNext()) {
      Map.Entry<String, BsonValue> x = i.next();
      Map.Entry<String, BsonValue> y = j.next();
      int c = Integer.compare(typeOrder(x.getValue()), typeOrder(y.getValue()));
      if (c == 0) {
        c =
            Arrays.compareUnsigned(
                x.getKey().getBytes(StandardCharsets.UTF_8),
                y.getKey().getBytes(StandardCharsets.UTF_8));
      }
      if (c == 0) {
        c = compare(x.getValue(), y.getValue());
      }
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(i.hasNext(), j.hasNext());
  }

  private static int compareBinary(BsonBinary a, BsonBinary b) {
    int c = Integer.compare(a.getData().length, b.getData().length);
    if (c == 0) {
      c = Integer.compare(a.getType() & 0xff, b.getType() & 0xff);
    }
    return c != 0 ? c : Arrays.compareUnsigned(a.getData(), b.getData());
  }

  private static int compareNumbers(BsonValue a, BsonValue b) {
    int ia = infinity(a);
    int ib = infinity(b);
    if (ia != 0 || ib != 0) {
      return Integer.compare(ia, ib);
    }
    return exact(a).compareTo(exact(b));
  }

  /** -1 for -Infinity, 1 for +Infinity, 0 for a finite number. */
  private static int infinity(BsonValue v) {
    if (v.isDouble() && Double.isInfinite(v.asDouble().getValue())) {
      return v.asDouble().getValue() > 0 ? 1 : -1;
    }
    if (v.isDecimal128() && v.asDecimal128().getValue().isInfinite()) {
      return v.asDecimal128().getValue().isNegative() ? -1 : 1;
    }
    return 0;
  }

  private static BigDecimal exact(BsonValue v) {
    switch (v.getBsonType()) {
      case INT32:
        return BigDecimal.valueOf(v.asInt32().getValue());
      case INT64:
        return BigDecimal.valueOf(v.asInt64().getValue());
      case DOUBLE:
        return new BigDecimal(v.asDouble().getValue());
      default:
        Decimal128 d = v.asDecimal128().getValue();
        try {
          return d.bigDecimalValue();
        } catch (ArithmeticException negativeZero) {
          // Infinities and NaN are handled before; BigDecimal has no -0, which equals 0 anyway.
          return BigDecimal.ZERO;
        }
    }
  }
}
