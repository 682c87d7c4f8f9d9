package dev.checkpoint.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.InvalidPositionException;
import dev.checkpoint.Position;
import dev.checkpoint.PositionJson;
import dev.checkpoint.PositionRecord;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.bson.BsonBinary;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonJavaScript;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonSymbol;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class KeyValuesTest {
  private static final TableRef COLL = TableRef.of("mongo", "db", "coll");

  static Stream<BsonValue> everyType() {
    List<BsonValue> all = new ArrayList<>(MixedKeys.all(true));
    all.add(new BsonDouble(Double.MIN_VALUE));
    all.add(new BsonDouble(0.1));
    all.add(new BsonDecimal128(Decimal128.parse("1.1")));
    all.add(new BsonDecimal128(Decimal128.parse("-0")));
    all.add(new BsonDecimal128(Decimal128.parse("NaN")));
    all.add(new BsonDecimal128(Decimal128.parse("Infinity")));
    all.add(new BsonDecimal128(Decimal128.parse("1234567890123456789012345678901234")));
    all.add(new BsonTimestamp(-1, -1)); // both halves are unsigned: 4294967295
    all.add(new BsonDateTime(Long.MIN_VALUE));
    all.add(new BsonSymbol("sym"));
    all.add(new BsonJavaScript("function() {}"));
    all.add(new BsonRegularExpression("^a.*", "i"));
    all.add(
        BsonDocument.parse("{\"z\": 1, \"a\": {\"$numberDouble\": \"-0.0\"}, \"m\": [1, \"x\"]}"));
    all.add(new BsonString("line\nbreak\ttab\u0001ctl"));
    return all.stream();
  }

  /** Same type, same value, and for documents the same field order. */
  private static void assertExactlyEqual(BsonValue actual, BsonValue expected) {
    assertThat(actual.getBsonType()).isEqualTo(expected.getBsonType());
    assertThat(actual).isEqualTo(expected);
    assertThat(new BsonDocument("v", actual).toJson(Json.CANONICAL))
        .isEqualTo(new BsonDocument("v", expected).toJson(Json.CANONICAL));
  }

  @ParameterizedTest
  @MethodSource("everyType")
  void everyTypeRoundTripsExactly(BsonValue v) {
    assertExactlyEqual(KeyValues.decode(KeyValues.encode(v)), v);
  }

  @ParameterizedTest
  @MethodSource("everyType")
  void everyTypeRoundTripsThroughThePositionJson(BsonValue v) {
    String line = PositionJson.write(COLL, Position.keyed("_id", KeyValues.encode(v)));
    PositionRecord back = PositionJson.read(line).orElseThrow();
    String text = ((Position.Keyed) back.position()).values().get(0);
    assertExactlyEqual(KeyValues.decode(text), v);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"ObjectId\":\"65e593330723c12a0f3bbc2e\"}",
        "{\"Int32\":2}",
        "{\"Int64\":5}",
        "{\"String\":\"5\"}",
        "{\"Symbol\":\"s\"}",
        "{\"JavaScriptCode\":\"x()\"}",
        "{\"DateTime\":{\"$date\":{\"$numberLong\":\"1700000000000\"}}}",
        "{\"Timestamp\":{\"$timestamp\":{\"t\":1700000000,\"i\":1}}}",
        "{\"CanonicalExtJson\":{\"$numberDouble\":\"1.5\"}}",
        "{\"CanonicalExtJson\":{\"$numberDouble\":\"-0.0\"}}",
        "{\"CanonicalExtJson\":{\"$numberDouble\":\"NaN\"}}",
        "{\"CanonicalExtJson\":{\"$numberDouble\":\"-Infinity\"}}",
        "{\"CanonicalExtJson\":{\"$numberDecimal\":\"1.10\"}}",
        "{\"CanonicalExtJson\":{\"$binary\":{\"base64\":\"AP8=\",\"subType\":\"00\"}}}",
        "{\"CanonicalExtJson\":true}",
        "{\"CanonicalExtJson\":null}",
        "{\"CanonicalExtJson\":{\"$minKey\":1}}",
        "{\"CanonicalExtJson\":{\"$maxKey\":1}}",
        "{\"CanonicalExtJson\":{\"b\":{\"$numberInt\":\"1\"},\"a c\":{\"$numberLong\":\"2\"}}}"
      })
  void writesApeDtsFormsByteForByte(String text) {
    assertThat(KeyValues.encode(KeyValues.decode(text))).isEqualTo(text);
  }

  @Test
  void int32Int64AndStringFiveAreThreeDifferentPositions() {
    List<String> texts =
        List.of(
            KeyValues.encode(new BsonInt32(5)),
            KeyValues.encode(new BsonInt64(5)),
            KeyValues.encode(new BsonString("5")),
            KeyValues.encode(new BsonDouble(5)));
    assertThat(texts)
        .containsExactly(
            "{\"Int32\":5}",
            "{\"Int64\":5}",
            "{\"String\":\"5\"}",
            "{\"CanonicalExtJson\":{\"$numberDouble\":\"5.0\"}}");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"ObjectId\":{\"$oid\":\"65e593330723c12a0f3bbc2e\"}}|{\"ObjectId\":\"65e593330723c12a0f3bbc2e\"}",
        "{\"ObjectId\":\"65e593330723c12a0f3bbc2e\"}|{\"ObjectId\":\"65e593330723c12a0f3bbc2e\"}",
        "65e593330723c12a0f3bbc2e|{\"ObjectId\":\"65e593330723c12a0f3bbc2e\"}",
        "{\"Int64\":\"9223372036854775807\"}|{\"Int64\":9223372036854775807}",
        "{\"DateTime\":{\"$date\":1700000000000}}|{\"DateTime\":{\"$date\":{\"$numberLong\":\"1700000000000\"}}}",
        "{\"DateTime\":{\"$date\":\"2023-11-14T22:13:20Z\"}}|{\"DateTime\":{\"$date\":{\"$numberLong\":\"1700000000000\"}}}",
        "{\"CanonicalExtJson\":{\"$date\":{\"$numberLong\":\"1704153600000\"}}}|{\"DateTime\":{\"$date\":{\"$numberLong\":\"1704153600000\"}}}",
        "{\"CanonicalExtJson\":{\"k\": {\"$numberInt\": \"2\"}}}|{\"CanonicalExtJson\":{\"k\":{\"$numberInt\":\"2\"}}}",
        "{\"CanonicalExtJson\":{\"$numberDecimal\":\"2.2\"}}|{\"CanonicalExtJson\":{\"$numberDecimal\":\"2.2\"}}",
        "{\"CanonicalExtJson\":{\"$binary\":{\"base64\":\"Ag==\",\"subType\":\"00\"}}}|{\"CanonicalExtJson\":{\"$binary\":{\"base64\":\"Ag==\",\"subType\":\"00\"}}}"
      })
  void readsEveryApeDtsForm(String input, String written) {
    assertThat(KeyValues.encode(KeyValues.decode(input))).isEqualTo(written);
  }

  /** Forms this library wrote before it wrote ape-dts's: existing logs must still resume. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"Double\":\"1.5\"}|{\"CanonicalExtJson\":{\"$numberDouble\":\"1.5\"}}",
        "{\"Double\":\"-0.0\"}|{\"CanonicalExtJson\":{\"$numberDouble\":\"-0.0\"}}",
        "{\"Double\":1.5}|{\"CanonicalExtJson\":{\"$numberDouble\":\"1.5\"}}",
        "{\"Decimal128\":\"1.10\"}|{\"CanonicalExtJson\":{\"$numberDecimal\":\"1.10\"}}",
        "{\"Decimal128\":{\"$numberDecimal\":\"1.10\"}}|{\"CanonicalExtJson\":{\"$numberDecimal\":\"1.10\"}}",
        "{\"DateTime\":1700000000000}|{\"DateTime\":{\"$date\":{\"$numberLong\":\"1700000000000\"}}}",
        "{\"DateTime\":\"2023-11-14T22:13:20Z\"}|{\"DateTime\":{\"$date\":{\"$numberLong\":\"1700000000000\"}}}",
        "{\"Timestamp\":{\"t\":7,\"i\":3}}|{\"Timestamp\":{\"$timestamp\":{\"t\":7,\"i\":3}}}",
        "{\"Binary\":{\"subtype\":0,\"hex\":\"00ff\"}}|{\"CanonicalExtJson\":{\"$binary\":{\"base64\":\"AP8=\",\"subType\":\"00\"}}}",
        "{\"Binary\":{\"$binary\":{\"base64\":\"AP8=\",\"subType\":\"00\"}}}|{\"CanonicalExtJson\":{\"$binary\":{\"base64\":\"AP8=\",\"subType\":\"00\"}}}",
        "{\"Document\":{\"b\": {\"$numberInt\": \"1\"}}}|{\"CanonicalExtJson\":{\"b\":{\"$numberInt\":\"1\"}}}",
        "{\"Boolean\":true}|{\"CanonicalExtJson\":true}",
        "{\"Null\":null}|{\"CanonicalExtJson\":null}",
        "{\"MinKey\":1}|{\"CanonicalExtJson\":{\"$minKey\":1}}",
        "{\"MaxKey\":1}|{\"CanonicalExtJson\":{\"$maxKey\":1}}",
        "{\"ExtJson\":{\"$regularExpression\":{\"pattern\":\"a\",\"options\":\"i\"}}}|{\"CanonicalExtJson\":{\"$regularExpression\":{\"pattern\":\"a\",\"options\":\"i\"}}}"
      })
  void readsTheFormsThisLibraryWroteBefore(String old, String written) {
    assertThat(KeyValues.encode(KeyValues.decode(old))).isEqualTo(written);
  }

  @Test
  void readsAValueThatThePositionJsonHoldsAsAnObject() {
    // ape-dts may write the typed value as a JSON object rather than a string; core keeps it as
    // its compact JSON text.
    String line =
        "{\"type\":\"RdbSnapshot\",\"db_type\":\"mongo\",\"schema\":\"db\",\"tb\":\"coll\","
            + "\"order_col\":\"_id\",\"value\":{\"ObjectId\":{\"$oid\":\"65e593330723c12a0f3bbc2e\"}}}";
    String text =
        ((Position.Keyed) PositionJson.read(line).orElseThrow().position()).values().get(0);
    assertThat(KeyValues.decode(text))
        .isEqualTo(new BsonObjectId(new ObjectId("65e593330723c12a0f3bbc2e")));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "5|not a typed MongoDB value",
        "abc|not a typed MongoDB value",
        "{bad json|not valid JSON",
        "{\"Int32\":1,\"Int64\":2}|exactly one field",
        "{\"Int32\":2.5}|Int32 must hold a whole number",
        "{\"Int32\":3000000000}|does not parse",
        "{\"Int64\":\"12x\"}|does not parse",
        "{\"Double\":\"1.5d\"}|Double must be a decimal number",
        "{\"Double\":\"0x1p3\"}|Double must be a decimal number",
        "{\"ObjectId\":\"xyz\"}|ObjectId must be 24 hex digits",
        "{\"ObjectId\":5}|ObjectId must hold a string",
        "{\"Decimal128\":\"1e99999\"}|does not parse",
        "{\"Binary\":{\"subtype\":0,\"hex\":\"zz\"}}|hex",
        "{\"Binary\":{\"subtype\":300,\"hex\":\"00\"}}|subtype must be 0..255",
        "{\"Timestamp\":{\"t\":-1,\"i\":0}}|unsigned 32-bit",
        "{\"Document\":5}|Document must hold a JSON object",
        "{\"Uuid\":\"x\"}|unknown type \"Uuid\""
      })
  void refusesBadValuesSayingWhy(String text, String reason) {
    assertThatThrownBy(() -> KeyValues.decode(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void aBadStoredValueNamesTheCollectionTheFieldTheValueAndWhereItCameFrom() {
    ResumeDecision d =
        new ResumeDecision(
            COLL,
            false,
            Optional.of(Position.keyed("_id", "{\"Int32\":\"x\"}")),
            Optional.of("position.log:3"));
    assertThatThrownBy(() -> KeyedResume.values(d, List.of("_id"), "db.coll"))
        .isInstanceOf(InvalidPositionException.class)
        .hasMessageContaining("db.coll")
        .hasMessageContaining("key field _id")
        .hasMessageContaining("{\"Int32\":\"x\"}")
        .hasMessageContaining("position.log:3");
  }

  @Test
  void aStoredValueOfATypeWithoutKeyOrderIsRefused() {
    String regex = KeyValues.encode(new BsonRegularExpression("a"));
    ResumeDecision d =
        new ResumeDecision(
            COLL, false, Optional.of(Position.keyed("_id", regex)), Optional.of("resume.config:1"));
    assertThatThrownBy(() -> KeyedResume.values(d, List.of("_id"), "db.coll"))
        .isInstanceOf(InvalidPositionException.class)
        .hasMessageContaining("REGULAR_EXPRESSION")
        .hasMessageContaining("resume.config:1");
  }

  @Test
  void binarySubtypeAndBytesAreKept() {
    BsonBinary uuid =
        new BsonBinary(
            (byte) 4, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    assertThat(KeyValues.encode(uuid))
        .isEqualTo(
            "{\"CanonicalExtJson\":{\"$binary\":{\"base64\":\"AQIDBAUGBwgJCgsMDQ4PEA==\","
                + "\"subType\":\"04\"}}}");
    assertExactlyEqual(KeyValues.decode(KeyValues.encode(uuid)), uuid);
  }
}
