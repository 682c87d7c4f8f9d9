package dev.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Position JSON that is bad in ways PositionJsonTest does not cover: duplicate keys below the top
 * level, text that is not valid Unicode, sizes and depths past the parser's limits. Each is an
 * {@link InvalidPositionException} saying what and quoting the JSON; what this library writes it
 * can always read back.
 */
class BadInputPositionJsonTest {
  private static final String HEAD =
      "{\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"s\",\"tb\":\"t\",";
  private static final TableRef T = TableRef.of("mysql", "s", "t");

  private static String error(String json) {
    try {
      PositionJson.read(json);
    } catch (InvalidPositionException e) {
      return e.getMessage();
    }
    throw new AssertionError("no error for " + json);
  }

  @Test
  void duplicateKeyInsideOrderKeyIsRefusedWithItsColumn() {
    assertThat(error(HEAD + "\"order_key\":{\"single\":[\"id\",\"6\"],\"single\":[\"id\",\"7\"]}}"))
        .startsWith("not valid JSON (Duplicate field 'single', at column ");
  }

  @Test
  void duplicateKeyInsideAMongoTypedValueIsRefused() {
    assertThat(
            error(
                HEAD.replace("mysql", "mongo")
                    + "\"order_col\":\"_id\",\"value\":{\"ObjectId\":\"65e593330723c12a0f3bbc2e\","
                    + "\"ObjectId\":\"65e593330723c12a0f3bbc2f\"}}"))
        .startsWith("not valid JSON (Duplicate field 'ObjectId', at column ");
  }

  @Test
  void rawControlCharacterInsideAStringIsRefused() {
    assertThat(error(HEAD + "\"order_col\":\"id\",\"value\":\"a\tb\"}"))
        .startsWith("not valid JSON (Illegal unquoted character ((CTRL-CHAR, code 9))")
        .endsWith("\"value\":\"a\tb\"}");
  }

  @Test
  void unpairedSurrogateInATableNameIsRefusedNamingTheField() {
    // Regression: "\ud800" read into a table name that UTF-8 cannot encode; written back to a log
    // or a position table it became "?", a position for another table.
    String json =
        "{\"type\":\"RdbSnapshotFinished\",\"db_type\":\"mysql\",\"schema\":\"s\",\"tb\":\"t\\ud800\"}";
    assertThat(error(json))
        .isEqualTo(
            "\"tb\" is not valid Unicode (an unpaired surrogate \\ud800 at index 1): " + json);
  }

  @Test
  void unpairedSurrogateInAKeyValueIsRefusedNamingTheField() {
    String json = HEAD + "\"order_key\":{\"composite\":[[\"a\",\"1\"],[\"b\",\"x\\udc00\"]]}}";
    assertThat(error(json))
        .isEqualTo(
            "\"order_key.composite[1]\" value is not valid Unicode (an unpaired surrogate \\udc00"
                + " at index 1): "
                + json);
  }

  @Test
  void aPositionThatUtf8CannotHoldIsRefusedBeforeItIsWritten() {
    assertThatThrownBy(() -> PositionJson.write(T, Position.keyed("k", "ab\ud83d")))
        .isInstanceOf(InvalidPositionException.class)
        .hasMessage(
            "cannot write the position of mysql:s.t: key column k value is not valid Unicode"
                + " (an unpaired surrogate \\ud83d at index 2)");
    assertThatThrownBy(
            () -> PositionJson.write(TableRef.of("mysql", "s", "\udc00x"), Position.finished()))
        .isInstanceOf(InvalidPositionException.class)
        .hasMessageContaining(
            "\"tb\" is not valid Unicode (an unpaired surrogate \\udc00 at index 0)");
  }

  @Test
  void surrogatePairsAndOtherAwkwardTextRoundTrip() {
    for (String v :
        List.of(
            "😀",
            "\u0000nul",
            "\uFEFFbom",
            "line\u2028sep",
            "'; DROP TABLE t; --",
            "$$ x $$",
            "`back`tick`",
            "\\' or 1=1 -- ")) {
      Position p = Position.keyed("k", v);
      TableRef named = TableRef.of("pg", v, v + "_t");
      assertThat(PositionJson.read(PositionJson.write(named, p)))
          .as(v)
          .contains(new PositionRecord(named, p));
    }
  }

  @Test
  void aValueOfSeveralMegabytesRoundTrips() {
    // Bigger than Jackson's default limit of 20,000,000 characters for one string: what is
    // written must read back.
    String big = "x".repeat(21_000_000);
    Position p = Position.keyed("k", big);
    assertThat(PositionJson.read(PositionJson.write(T, p))).contains(new PositionRecord(T, p));
  }

  @Test
  void anErrorInAHugeObjectQuotesItsStartAndLengthNotTheWhole() {
    String json =
        HEAD + "\"order_col\":\"id\",\"value\":\"" + "x".repeat(5_000_000) + "\"} trailing";
    String message = error(json);
    assertThat(message)
        .startsWith("not valid JSON (")
        .endsWith("... (" + json.length() + " characters)")
        .hasSizeLessThan(1_200);
  }

  @Test
  void aValueNestedDeeperThanTheParserAllowsIsRefusedNotAStackOverflow() {
    String deep = "{\"a\":".repeat(1_200) + "1" + "}".repeat(1_200);
    assertThat(
            error(HEAD.replace("mysql", "mongo") + "\"order_col\":\"_id\",\"value\":" + deep + "}"))
        .startsWith("not valid JSON (Document nesting depth (1001) exceeds the maximum allowed");
  }

  @ParameterizedTest(name = "rows={0}")
  @ValueSource(strings = {"99999999999999999999", "1.0", "\"5\"", "true"})
  void rowsThatAreNotAWholeNumberInRangeAreRefused(String rows) {
    assertThat(
            error(
                "{\"type\":\"RowOffset\",\"db_type\":\"pg\",\"schema\":\"p\",\"tb\":\"t\",\"rows\":"
                    + rows
                    + ",\"last_row_fingerprint\":\"a\"}"))
        .startsWith("\"rows\" must be a whole number >= 0, was " + rows + ": ");
  }

  @Test
  void aByteOrderMarkBeforeTheObjectIsNamed() {
    assertThat(error("\uFEFF" + HEAD + "\"order_col\":\"id\",\"value\":\"6\"}"))
        .startsWith("not valid JSON (Unexpected character ('\uFEFF' (code 65279 / 0xfeff))");
  }
}
