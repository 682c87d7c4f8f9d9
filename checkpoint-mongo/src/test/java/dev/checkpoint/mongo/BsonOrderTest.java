package dev.checkpoint.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.junit.jupiter.api.Test;

/**
 * The test oracle itself, checked against MongoDB's documented comparison order: if it were wrong,
 * the reader tests that compare with it would prove nothing.
 */
class BsonOrderTest {

  /** MixedKeys.all(false), sorted by hand from MongoDB's documentation. */
  private static final String[] EXPECTED = {
    "{\"$minKey\": 1}",
    "null",
    "{\"$numberDouble\": \"NaN\"}",
    "{\"$numberDouble\": \"-Infinity\"}",
    "{\"$numberInt\": \"-2147483648\"}",
    "{\"$numberDecimal\": \"-2.5E+3\"}",
    "{\"$numberLong\": \"-10\"}",
    "{\"$numberInt\": \"-3\"}",
    "{\"$numberDouble\": \"-2.75\"}",
    "{\"$numberDouble\": \"-0.0\"}",
    "{\"$numberDecimal\": \"1.10\"}",
    "{\"$numberInt\": \"5\"}",
    "{\"$numberDecimal\": \"5.25\"}",
    "{\"$numberDouble\": \"5.5\"}",
    "{\"$numberLong\": \"6\"}",
    "{\"$numberInt\": \"7\"}",
    "{\"$numberLong\": \"9007199254740993\"}",
    "{\"$numberLong\": \"9223372036854775806\"}",
    "{\"$numberDouble\": \"1.0E300\"}",
    "{\"$numberDouble\": \"Infinity\"}",
    "\"\"",
    "\"5\"",
    "\"B\"",
    "\"a\"",
    "\"quo\\\"te \\\\ back\"",
    "\"ünïcødé 数据\"",
    "{}",
    "{\"a\": {\"$numberInt\": \"1\"}}",
    "{\"a\": {\"$numberInt\": \"1\"}, \"b\": {\"$numberInt\": \"2\"}}",
    // a number before a string: the first fields' types decide before their names
    "{\"b\": {\"$numberInt\": \"0\"}}",
    "{\"a\": \"x\"}",
    "{\"a\": {\"c\": {\"$numberLong\": \"1\"}}}",
    // binary: length first, then subtype, then bytes
    "{\"$binary\": {\"base64\": \"\", \"subType\": \"00\"}}",
    "{\"$binary\": {\"base64\": \"AA==\", \"subType\": \"00\"}}",
    "{\"$binary\": {\"base64\": \"CQ==\", \"subType\": \"00\"}}",
    "{\"$binary\": {\"base64\": \"//8=\", \"subType\": \"00\"}}",
    "{\"$binary\": {\"base64\": \"AQID\", \"subType\": \"00\"}}",
    "{\"$oid\": \"000000000000000000000001\"}",
    "{\"$oid\": \"65e593330723c12a0f3bbc2e\"}",
    "{\"$oid\": \"65e593330723c12a0f3bbc2f\"}",
    "{\"$oid\": \"ffffffffffffffffffffffff\"}",
    "false",
    "true",
    "{\"$date\": {\"$numberLong\": \"-1000\"}}",
    "{\"$date\": {\"$numberLong\": \"0\"}}",
    "{\"$date\": {\"$numberLong\": \"1700000000000\"}}",
    "{\"$timestamp\": {\"t\": 5, \"i\": 1}}",
    "{\"$timestamp\": {\"t\": 5, \"i\": 2}}",
    "{\"$timestamp\": {\"t\": 6, \"i\": 0}}",
    "{\"$maxKey\": 1}",
  };

  static String json(BsonValue v) {
    String doc = new BsonDocument("v", v).toJson(Json.CANONICAL);
    return doc.substring("{\"v\": ".length(), doc.length() - 1);
  }

  @Test
  void sortsEveryKeyTypeAsMongoDbDocumentsIt() {
    List<BsonValue> keys = new ArrayList<>(MixedKeys.all(false));
    for (long seed = 0; seed < 20; seed++) {
      Collections.shuffle(keys, new Random(seed));
      keys.sort(BsonOrder.INSTANCE);
      assertThat(keys.stream().map(BsonOrderTest::json)).containsExactly(EXPECTED);
    }
  }

  @Test
  void numbersOfDifferentTypesCompareByValue() {
    assertThat(BsonOrder.INSTANCE.compare(new org.bson.BsonInt32(5), new org.bson.BsonInt64(5)))
        .isZero();
    assertThat(
            BsonOrder.INSTANCE.compare(
                new org.bson.BsonDouble(5.0),
                new org.bson.BsonDecimal128(org.bson.types.Decimal128.parse("5.000"))))
        .isZero();
    assertThat(
            BsonOrder.INSTANCE.compare(
                new org.bson.BsonInt64((1L << 53) + 1), new org.bson.BsonDouble(1L << 53)))
        .isPositive();
  }
}
