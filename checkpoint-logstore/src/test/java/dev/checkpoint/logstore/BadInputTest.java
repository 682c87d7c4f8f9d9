package dev.checkpoint.logstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.checkpoint.InvalidPositionException;
import dev.checkpoint.TaskLockedException;
import dev.checkpoint.TaskSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad line is an error that starts with {@code FILE:LINE: }, says what is wrong and quotes
 * the offending text. The only exception is the torn last line of a log (see TornLineTest).
 */
class BadInputTest {
  private static final String HEAD = "2024-10-10 04:04:08.152044 | current_position | ";
  private static final String GOOD =
      HEAD
          + "{\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"s\",\"tb\":\"t\","
          + "\"order_col\":\"id\",\"value\":\"6\"}\n";

  @TempDir Path dir;

  /** Writes the file and reads it the way its kind is read; returns the error's message. */
  private String errorIn(String fileName, String content) throws IOException {
    Files.writeString(dir.resolve(fileName), content);
    Throwable e =
        catchThrowable(
            () -> {
              if (fileName.equals("resume.config")) {
                ResumeConfig.file(dir.resolve(fileName)).read();
              } else {
                LogStore.readOnly(dir).read();
              }
            });
    assertThat(e).isInstanceOf(InvalidPositionException.class);
    return e.getMessage();
  }

  private String at(String fileName, int line) {
    return dir.resolve(fileName) + ":" + line + ": ";
  }

  private static String snapshot(String fields) {
    return HEAD + "{\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\"," + fields + "}\n";
  }

  @Test
  void textThatIsNotJson() throws IOException {
    assertThat(errorIn("position.log", GOOD + HEAD + "{type: RdbSnapshot}\n"))
        .startsWith(at("position.log", 2) + "not valid JSON")
        .contains("{type: RdbSnapshot}");
  }

  @Test
  void lineWithoutAnyJsonObject() throws IOException {
    assertThat(errorIn("position.log", HEAD + "hello\n"))
        .isEqualTo(
            at("position.log", 1) + "no position JSON object on this line: \"" + HEAD + "hello\"");
  }

  @Test
  void jsonTruncatedMidFile() throws IOException {
    String cut = HEAD + "{\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"s\"";
    assertThat(errorIn("position.log", GOOD + cut + "\n" + GOOD))
        .startsWith(at("position.log", 2) + "not valid JSON (Unexpected end-of-input")
        .contains("{\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"s\"");
  }

  @Test
  void jsonArrayInsteadOfObject() throws IOException {
    assertThat(errorIn("resume.config", "[\"RdbSnapshotFinished\",\"mysql\",\"s\",\"t\"]\n"))
        .isEqualTo(
            at("resume.config", 1)
                + "a position must be a JSON object: [\"RdbSnapshotFinished\",\"mysql\",\"s\",\"t\"]");
  }

  @Test
  void missingType() throws IOException {
    assertThat(
            errorIn(
                "position.log", HEAD + "{\"db_type\":\"mysql\",\"schema\":\"s\",\"tb\":\"t\"}\n"))
        .isEqualTo(
            at("position.log", 1)
                + "missing \"type\": {\"db_type\":\"mysql\",\"schema\":\"s\",\"tb\":\"t\"}");
  }

  @Test
  void misspelledType() throws IOException {
    assertThat(
            errorIn(
                "position.log",
                HEAD
                    + "{\"type\":\"RdbSnaphot\",\"db_type\":\"mysql\",\"schema\":\"s\",\"tb\":\"t\"}\n"))
        .startsWith(at("position.log", 1) + "unknown position type \"RdbSnaphot\"")
        .contains("expected RdbSnapshot, RdbSnapshotFinished or RowOffset");
  }

  @Test
  void missingTable() throws IOException {
    assertThat(
            errorIn(
                "position.log", snapshot("\"schema\":\"s\",\"order_col\":\"id\",\"value\":\"6\"")))
        .startsWith(at("position.log", 1) + "missing \"tb\": {\"type\":\"RdbSnapshot\"");
  }

  @Test
  void emptyTableName() throws IOException {
    // Regression: an empty "tb" used to escape as an IllegalArgumentException without file/line.
    assertThat(
            errorIn(
                "finished.log",
                "2024-10-10 04:04:07.803422 | {\"type\":\"RdbSnapshotFinished\",\"db_type\":\"mysql\",\"schema\":\"s\",\"tb\":\"\"}\n"))
        .startsWith(at("finished.log", 1) + "\"tb\" must not be empty: ");
  }

  @Test
  void schemaThatIsANumber() throws IOException {
    assertThat(
            errorIn(
                "position.log",
                snapshot("\"schema\":5,\"tb\":\"t\",\"order_col\":\"id\",\"value\":\"6\"")))
        .startsWith(at("position.log", 1) + "\"schema\" must be a string, was 5: ");
  }

  @Test
  void orderColWithoutValue() throws IOException {
    assertThat(
            errorIn("position.log", snapshot("\"schema\":\"s\",\"tb\":\"t\",\"order_col\":\"id\"")))
        .startsWith(at("position.log", 1) + "\"order_col\" \"id\" has no \"value\": ");
  }

  @Test
  void valueThatIsANumber() throws IOException {
    assertThat(
            errorIn(
                "position.log",
                snapshot("\"schema\":\"s\",\"tb\":\"t\",\"order_col\":\"id\",\"value\":6")))
        .startsWith(at("position.log", 1) + "\"value\" value must be a string or null, was 6: ");
  }

  @Test
  void singleOrderKeyWithThreeElements() throws IOException {
    assertThat(
            errorIn(
                "position.log",
                snapshot(
                    "\"schema\":\"s\",\"tb\":\"t\",\"order_key\":{\"single\":[\"id\",\"6\",\"7\"]}")))
        .startsWith(
            at("position.log", 1)
                + "\"order_key.single\" must be a [column, value] pair, was [\"id\",\"6\",\"7\"]: ");
  }

  @Test
  void emptyCompositeOrderKey() throws IOException {
    assertThat(
            errorIn(
                "position.log",
                snapshot("\"schema\":\"s\",\"tb\":\"t\",\"order_key\":{\"composite\":[]}")))
        .startsWith(
            at("position.log", 1)
                + "\"order_key.composite\" must be a non-empty array of [col,value] pairs: ");
  }

  @Test
  void compositeNamingAColumnTwice() throws IOException {
    assertThat(
            errorIn(
                "position.log",
                snapshot(
                    "\"schema\":\"s\",\"tb\":\"t\",\"order_key\":{\"composite\":[[\"a\",\"1\"],[\"a\",\"2\"]]}")))
        .startsWith(
            at("position.log", 1) + "column \"a\" appears twice in \"order_key.composite\": ");
  }

  @Test
  void unknownOrderKeyVariant() throws IOException {
    assertThat(
            errorIn(
                "position.log",
                snapshot(
                    "\"schema\":\"s\",\"tb\":\"t\",\"order_key\":{\"triple\":[\"id\",\"6\"]}")))
        .startsWith(
            at("position.log", 1)
                + "unknown \"order_key\" form \"triple\" (expected single or composite): ");
  }

  @Test
  void duplicateJsonKey() throws IOException {
    assertThat(
            errorIn(
                "position.log",
                snapshot(
                    "\"schema\":\"s\",\"tb\":\"t\",\"tb\":\"u\",\"order_col\":\"id\",\"value\":\"6\"")))
        .startsWith(at("position.log", 1) + "not valid JSON (Duplicate field 'tb', at column ");
  }

  @Test
  void trailingGarbageAfterTheJson() throws IOException {
    assertThat(errorIn("position.log", GOOD.strip() + " trailing\n"))
        .startsWith(at("position.log", 1) + "not valid JSON (")
        .endsWith("\"value\":\"6\"} trailing");
  }

  @Test
  void timestampInTheWrongShape() throws IOException {
    String line = GOOD.replace("2024-10-10 04:04:08.152044", "2024-10-10T04:04:08");
    assertThat(errorIn("position.log", line))
        .isEqualTo(
            at("position.log", 1)
                + "bad timestamp \"2024-10-10T04:04:08\" (expected yyyy-MM-dd HH:mm:ss[.ffffff]): \""
                + line.strip()
                + "\"");
  }

  @Test
  void unknownTag() throws IOException {
    String line = GOOD.replace("current_position", "bogus_position");
    assertThat(errorIn("position.log", GOOD + line))
        .isEqualTo(
            at("position.log", 2)
                + "unknown tag \"bogus_position\" (expected current_position or checkpoint_position): \""
                + line.strip()
                + "\"");
  }

  @Test
  void headerWithTooManyParts() throws IOException {
    String line =
        "2024-10-10 04:04:08.152044 | current_position | extra | " + GOOD.substring(HEAD.length());
    assertThat(errorIn("position.log", line))
        .startsWith(
            at("position.log", 1)
                + "malformed header \"2024-10-10 04:04:08.152044 | current_position | extra |\"");
  }

  @Test
  void barWithoutTimestampOrTag() throws IOException {
    assertThat(errorIn("resume.config", "| " + GOOD.substring(HEAD.length())))
        .startsWith(at("resume.config", 1) + "bad timestamp \"\"");
  }

  @Test
  void finishedLineInPositionLog() throws IOException {
    String line =
        HEAD
            + "{\"type\":\"RdbSnapshotFinished\",\"db_type\":\"mysql\",\"schema\":\"s\",\"tb\":\"t\"}";
    assertThat(errorIn("position.log", GOOD + line + "\n"))
        .isEqualTo(
            at("position.log", 2)
                + "a RdbSnapshotFinished line belongs in finished.log, not in a position log: \""
                + line
                + "\"");
  }

  @Test
  void snapshotLineInFinishedLog() throws IOException {
    String line = GOOD.strip().replace(" | current_position |", " |");
    assertThat(errorIn("finished.log", line + "\n"))
        .isEqualTo(
            at("finished.log", 1)
                + "only RdbSnapshotFinished lines belong in finished.log, found a RdbSnapshot position: \""
                + line
                + "\"");
  }

  @Test
  void negativeRowsInARowOffsetLine() throws IOException {
    assertThat(
            errorIn(
                "position.log",
                HEAD
                    + "{\"type\":\"RowOffset\",\"db_type\":\"pg\",\"schema\":\"public\",\"tb\":\"t\","
                    + "\"rows\":-1,\"last_row_fingerprint\":\"ab\"}\n"))
        .startsWith(at("position.log", 1) + "\"rows\" must be a whole number >= 0, was -1: ");
  }

  @Test
  void rowOffsetWithoutFingerprint() throws IOException {
    assertThat(
            errorIn(
                "position.log",
                HEAD
                    + "{\"type\":\"RowOffset\",\"db_type\":\"pg\",\"schema\":\"public\",\"tb\":\"t\",\"rows\":5}\n"))
        .startsWith(at("position.log", 1) + "\"last_row_fingerprint\" is required when rows > 0: ");
  }

  @Test
  void badLastLineOfResumeConfigIsAnErrorNotATornLine() throws IOException {
    // A human writes resume.config: a missing final newline is normal there, so its last line is
    // parsed like any other.
    assertThat(errorIn("resume.config", "// positions\n\n" + GOOD + "{\"type\":\"RdbSnapshot\""))
        .startsWith(at("resume.config", 4) + "not valid JSON");
  }

  @Test
  void storeRefusesToOpenOverABadLineAndReleasesTheDirectory() throws IOException {
    Files.writeString(dir.resolve("position.log"), GOOD + HEAD + "{oops}\n" + GOOD);
    assertThatThrownBy(() -> LogStore.in(dir).open("task"))
        .isInstanceOf(InvalidPositionException.class)
        .isNotInstanceOf(TaskLockedException.class)
        .hasMessageStartingWith(at("position.log", 2) + "not valid JSON");
    Files.writeString(dir.resolve("position.log"), GOOD);
    try (TaskSession s = LogStore.in(dir).open("task")) {
      assertThat(s.load().isEmpty()).isFalse();
    }
  }
}
