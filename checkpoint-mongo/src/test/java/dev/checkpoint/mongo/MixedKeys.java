package dev.checkpoint.mongo;

import java.util.ArrayList;
import java.util.List;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Key values of every BSON type a key can hold, several of each, in no particular order: what the
 * crash-and-resume tests put in {@code _id} (or in another unique field).
 */
final class MixedKeys {
  private MixedKeys() {}

  /**
   * @param realServer whether to add what the in-process server cannot store or compare faithfully:
   *     binary subtypes other than 0 (it rewrites them to 0, or cannot decode them) and
   *     Long.MAX_VALUE next to larger doubles
   */
  static List<BsonValue> all(boolean realServer) {
    List<BsonValue> keys = new ArrayList<>();
    keys.add(new BsonObjectId(new ObjectId("65e593330723c12a0f3bbc2e")));
    keys.add(new BsonObjectId(new ObjectId("000000000000000000000001")));
    keys.add(new BsonObjectId(new ObjectId("ffffffffffffffffffffffff")));
    keys.add(new BsonObjectId(new ObjectId("65e593330723c12a0f3bbc2f")));
    keys.add(new BsonString("5"));
    keys.add(new BsonString("a"));
    keys.add(new BsonString(""));
    keys.add(new BsonString("B"));
    keys.add(new BsonString("ünïcødé 数据"));
    keys.add(new BsonString("quo\"te \\ back"));
    keys.add(new BsonInt32(5));
    keys.add(new BsonInt32(-3));
    keys.add(new BsonInt32(Integer.MIN_VALUE));
    keys.add(new BsonInt32(7));
    keys.add(new BsonInt64(-10));
    // The in-process server compares an int64 with a double beyond the int64 range by clamping
    // the double to an int64, so Long.MAX_VALUE ties with 1e300 and Infinity there.
    keys.add(new BsonInt64(realServer ? Long.MAX_VALUE : Long.MAX_VALUE - 1));
    keys.add(new BsonInt64(6));
    keys.add(new BsonInt64(1L << 53 | 1)); // not exact as a double
    keys.add(new BsonDouble(5.5));
    keys.add(new BsonDouble(-0.0));
    keys.add(new BsonDouble(-2.75));
    keys.add(new BsonDouble(Double.NEGATIVE_INFINITY));
    keys.add(new BsonDouble(Double.POSITIVE_INFINITY));
    keys.add(new BsonDouble(Double.NaN));
    keys.add(new BsonDouble(1e300));
    keys.add(new BsonDecimal128(Decimal128.parse("1.10")));
    keys.add(new BsonDecimal128(Decimal128.parse("-2.5E+3")));
    keys.add(new BsonDecimal128(Decimal128.parse("5.25")));
    keys.add(new BsonDateTime(1_700_000_000_000L));
    keys.add(new BsonDateTime(-1000));
    keys.add(new BsonDateTime(0));
    keys.add(new BsonBinary(new byte[0]));
    keys.add(new BsonBinary(new byte[] {0}));
    keys.add(new BsonBinary(new byte[] {9}));
    keys.add(new BsonBinary(new byte[] {1, 2, 3}));
    keys.add(new BsonBinary(new byte[] {(byte) 0xff, (byte) 0xff}));
    keys.add(BsonDocument.parse("{\"a\": 1}"));
    keys.add(BsonDocument.parse("{\"a\": 1, \"b\": 2}"));
    keys.add(BsonDocument.parse("{\"b\": 0}"));
    keys.add(BsonDocument.parse("{\"a\": \"x\"}"));
    keys.add(BsonDocument.parse("{\"a\": {\"c\": {\"$numberLong\": \"1\"}}}"));
    keys.add(new BsonDocument());
    keys.add(BsonBoolean.TRUE);
    keys.add(BsonBoolean.FALSE);
    keys.add(new BsonTimestamp(5, 1));
    keys.add(new BsonTimestamp(5, 2));
    keys.add(new BsonTimestamp(6, 0));
    keys.add(BsonNull.VALUE);
    keys.add(new BsonMinKey());
    keys.add(new BsonMaxKey());
    if (realServer) {
      keys.add(new BsonBinary(BsonBinarySubType.UUID_STANDARD, new byte[16]));
      // Servers may check that UUID and MD5 values are 16 bytes long.
      byte[] md5 = new byte[16];
      md5[0] = 1;
      keys.add(new BsonBinary(BsonBinarySubType.MD5, md5));
      keys.add(new BsonBinary((byte) 0x80, new byte[] {7}));
    }
    return keys;
  }
}
