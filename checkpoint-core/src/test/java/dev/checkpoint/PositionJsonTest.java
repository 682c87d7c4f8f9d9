package dev.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The position JSON: the seeds' bytes on write, every seed form on read, strict errors. */
class PositionJsonTest {
  private static final TableRef B = TableRef.of("mysql", "test_db", "b");

  private static Position read(String json) {
    return PositionJson.read(json).orElseThrow().position();
  }

  private static String error(String json) {
    try {
      PositionJson.read(json);
    } catch (InvalidPositionException e) {
      return e.getMessage();
    }
    throw new AssertionError("no error for " + json);
  }

  @Test
  void writesSingleKeysInTheFlatSeedFormFollowedByOrderKeySingle() {
    String seed =
        "{\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"test_db\",\"tb\":\"b\","
            + "\"order_col\":\"id\",\"value\":\"6\"}";
    String written = PositionJson.write(B, Position.keyed("id", "6"));
    assertThat(written)
        .isEqualTo(
            seed.substring(0, seed.length() - 1) + ",\"order_key\":{\"single\":[\"id\",\"6\"]}}");
    // Seed 000's line, without its closing brace, is a prefix of what is written.
    assertThat(written).startsWith(seed.substring(0, seed.length() - 1));
  }

  @Test
  void writesCompositeKeysAsOrderKeyComposite() {
    assertThat(
            PositionJson.write(
                B, Position.keyed(List.of(KeyColumn.of("f_0", "1"), KeyColumn.of("f_1", "30")))))
        .endsWith(",\"order_key\":{\"composite\":[[\"f_0\",\"1\"],[\"f_1\",\"30\"]]}}");
  }

  @Test
  void writesFinishedAndRowOffsetTypes() {
    assertThat(PositionJson.write(TableRef.of("mysql", "test_db", "a"), Position.finished()))
        .isEqualTo(
            "{\"type\":\"RdbSnapshotFinished\",\"db_type\":\"mysql\",\"schema\":\"test_db\",\"tb\":\"a\"}");
    assertThat(
            PositionJson.write(TableRef.of("pg", "public", "t"), Position.rowOffset(3000, "ab12")))
        .isEqualTo(
            "{\"type\":\"RowOffset\",\"db_type\":\"pg\",\"schema\":\"public\",\"tb\":\"t\","
                + "\"rows\":3000,\"last_row_fingerprint\":\"ab12\"}");
  }

  @Test
  void writesNullAsJsonNullAndNonAsciiUnescaped() {
    assertThat(PositionJson.write(B, Position.keyed("k", null)))
        .endsWith("\"value\":null,\"order_key\":{\"single\":[\"k\",null]}}");
    assertThat(PositionJson.write(TableRef.of("pg", "схема", "表"), Position.keyed("k", "données")))
        .contains("\"schema\":\"схема\",\"tb\":\"表\"")
        .endsWith("\"value\":\"données\",\"order_key\":{\"single\":[\"k\",\"données\"]}}");
  }

  @Test
  void readsFlatSingleAndCompositeForms() {
    String head =
        "{\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"test_db\",\"tb\":\"b\",";
    assertThat(read(head + "\"order_col\":\"id\",\"value\":\"6\"}"))
        .isEqualTo(Position.keyed("id", "6"));
    assertThat(read(head + "\"order_key\":{\"single\":[\"id\",\"6\"]}}"))
        .isEqualTo(Position.keyed("id", "6"));
    assertThat(read(head + "\"order_key\":{\"composite\":[[\"f_0\",\"1\"],[\"f_1\",null]]}}"))
        .isEqualTo(Position.keyed(List.of(KeyColumn.of("f_0", "1"), KeyColumn.of("f_1", null))));
  }

  @Test
  void everyKindRoundTrips() {
    for (Position p :
        List.of(
            Position.keyed("id", "6"),
            Position.keyed("k", null),
            Position.keyed("bin", "00ff"),
            Position.keyed("k", "quo\"te \\ | \t\n"),
            Position.keyed(List.of(KeyColumn.of("a", "1"), KeyColumn.of("b", null))),
            Position.rowOffset(0, null),
            Position.rowOffset(5, "fp"),
            Position.finished())) {
      assertThat(PositionJson.read(PositionJson.write(B, p))).contains(new PositionRecord(B, p));
    }
  }

  @Test
  void mongoTypedValueObjectIsKeptAsItsCompactJsonText() {
    String json =
        "{\"type\":\"RdbSnapshot\",\"db_type\":\"mongo\",\"schema\":\"db\",\"tb\":\"c\","
            + "\"order_col\":\"_id\",\"value\":{ \"ObjectId\" : \"65e593330723c12a0f3bbc2e\" }}";
    Position p = read(json);
    assertThat(p).isEqualTo(Position.keyed("_id", "{\"ObjectId\":\"65e593330723c12a0f3bbc2e\"}"));
    TableRef c = TableRef.of("mongo", "db", "c");
    assertThat(PositionJson.read(PositionJson.write(c, p))).contains(new PositionRecord(c, p));
    assertThat(
            read(
                json.replace(
                    "{ \"ObjectId\" : \"65e593330723c12a0f3bbc2e\" }",
                    "\"65e593330723c12a0f3bbc2e\"")))
        .isEqualTo(Position.keyed("_id", "65e593330723c12a0f3bbc2e"));
  }

  @Test
  void typesOfOtherToolsReadAsEmpty() {
    assertThat(PositionJson.read("{\"type\":\"None\"}")).isEmpty();
    assertThat(PositionJson.read("{\"type\":\"MysqlCdc\",\"binlog_filename\":\"b.1\"}")).isEmpty();
    assertThat(PositionJson.read("{\"Kafka\":{\"offset\":1}}")).isEmpty();
    assertThat(PositionJson.read("{\"type\":\"Redis\",\"repl_offset\":7}")).isEmpty();
  }

  @Test
  void snapshotWithoutAKeyReadsAsEmpty() {
    assertThat(
            PositionJson.read(
                "{\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"s\",\"tb\":\"t\"}"))
        .isEqualTo(Optional.empty());
  }

  @Test
  void rejectsEachMalformedShapeWithTheReasonAndTheJson() {
    String head = "{\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"s\",\"tb\":\"t\",";
    assertThat(error("{\"type\":")).startsWith("not valid JSON (Unexpected end-of-input");
    assertThat(error("[1,2]")).isEqualTo("a position must be a JSON object: [1,2]");
    assertThat(error("{\"tb\":\"t\"}")).isEqualTo("missing \"type\": {\"tb\":\"t\"}");
    assertThat(error("{\"type\":7}")).startsWith("\"type\" must be a string, was 7");
    assertThat(error("{\"type\":\"RdbSnaphot\"}"))
        .startsWith("unknown position type \"RdbSnaphot\"");
    assertThat(error(head + "\"value\":\"6\"}")).startsWith("\"value\" without \"order_col\"");
    assertThat(error(head + "\"order_col\":\"\",\"value\":\"6\"}"))
        .startsWith("\"order_col\" must be a non-empty string, was \"\"");
    assertThat(error(head + "\"order_col\":\"id\",\"value\":[\"6\"]}"))
        .startsWith("\"value\" value must be a string or null, was [\"6\"]");
    assertThat(
            error(
                head
                    + "\"order_col\":\"id\",\"value\":\"6\",\"order_key\":{\"single\":[\"id\",\"7\"]}}"))
        .startsWith("\"order_col\"/\"value\" and \"order_key\" disagree");
    assertThat(error(head + "\"order_key\":{\"composite\":[[\"\",\"1\"]]}}"))
        .startsWith("\"order_key.composite[0]\" column must be a non-empty string");
    assertThat(error(head + "\"order_key\":[\"id\",\"6\"]}"))
        .startsWith(
            "\"order_key\" must be {\"single\":[col,value]} or {\"composite\":[[col,value],...]}");
    assertThat(
            error(
                "{\"type\":\"RdbSnapshotFinished\",\"db_type\":\"mysql\",\"schema\":\"s\",\"tb\":\"\"}"))
        .startsWith("\"tb\" must not be empty");
    assertThat(
            error(
                "{\"type\":\"RdbSnapshotFinished\",\"db_type\":\"\",\"schema\":\"s\",\"tb\":\"t\"}"))
        .startsWith("\"db_type\" must not be empty");
    assertThat(
            error(
                "{\"type\":\"RowOffset\",\"db_type\":\"pg\",\"schema\":\"p\",\"tb\":\"t\",\"rows\":1.5,"
                    + "\"last_row_fingerprint\":\"a\"}"))
        .startsWith("\"rows\" must be a whole number >= 0, was 1.5");
    assertThat(
            error(
                "{\"type\":\"RowOffset\",\"db_type\":\"pg\",\"schema\":\"p\",\"tb\":\"t\",\"rows\":1,"
                    + "\"last_row_fingerprint\":5}"))
        .startsWith("\"last_row_fingerprint\" must be a string, was 5");
    assertThat(error("{\"type\":\"RdbSnapshotFinished\",\"type\":\"RdbSnapshot\"}"))
        .startsWith("not valid JSON (Duplicate field 'type', at column 37)");
    assertThat(error("{\"type\":\"None\"} {}")).startsWith("not valid JSON (");
  }

  @Test
  void cannotWriteANonePosition() {
    assertThatThrownBy(() -> PositionJson.write(B, Position.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot write a None position");
  }
}
