package dev.checkpoint.logstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import dev.checkpoint.InvalidPositionException;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeState;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bytes of the files, beyond BadInputTest's bad lines: byte order marks, CRLF, bytes that are
 * not UTF-8, NUL padding, huge lines and names that look like the line format. Each is read exactly
 * or is an error naming the file and line; the store never opens over a bad file and never cuts a
 * whole record.
 */
class BadInputFilesTest {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private static final String TS = "2024-10-10 04:04:08.152044 | ";
  private static final TableRef A = TableRef.of("mysql", "s", "a");
  private static final TableRef B = TableRef.of("mysql", "s", "b");

  @TempDir Path dir;

  private static String position(String tb, String value) {
    return TS
        + "current_position | {\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"s\",\"tb\":\""
        + tb
        + "\",\"order_col\":\"id\",\"value\":\""
        + value
        + "\"}";
  }

  private static String finished(String tb) {
    return TS
        + "{\"type\":\"RdbSnapshotFinished\",\"db_type\":\"mysql\",\"schema\":\"s\",\"tb\":\""
        + tb
        + "\"}";
  }

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      out.writeBytes(p instanceof byte[] b ? b : p.toString().getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private Path write(String name, Object... parts) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, bytes(parts));
    return f;
  }

  private ResumeState readOnly() {
    return LogStore.readOnly(dir).read();
  }

  private ResumeState openAndLoad() {
    try (TaskSession s = LogStore.in(dir).open("task")) {
      return s.load();
    }
  }

  private String at(String name, int line) {
    return dir.resolve(name) + ":" + line + ": ";
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"position.log", "finished.log", "resume.config"})
  void aByteOrderMarkAtTheStartOfAFileIsSkipped(String name) throws IOException {
    String line = name.equals("finished.log") ? finished("a") : position("a", "7");
    Path f = write(name, BOM, line + "\n");
    ResumeState state = name.equals("resume.config") ? ResumeConfig.file(f).read() : readOnly();
    if (name.equals("finished.log")) {
      assertThat(state.isFinished(A)).isTrue();
    } else {
      assertThat(state.position(A)).contains(Position.keyed("id", "7"));
    }
  }

  @Test
  void aByteOrderMarkOnALaterLineIsNamedNotCalledABadTimestamp() throws IOException {
    // Regression: two files joined with cat left a BOM at the start of line 2, reported as
    // 'bad timestamp "2024-10-10 04:04:08.152044"', a timestamp that looks right.
    write("position.log", BOM, position("a", "1") + "\n", BOM, position("b", "2") + "\n");
    assertThatThrownBy(this::readOnly)
        .isInstanceOf(InvalidPositionException.class)
        .hasMessage(
            at("position.log", 2)
                + "a byte order mark (U+FEFF) starts this line; only the first line of a file may"
                + " have one (were two files joined?): \""
                + position("b", "2")
                + "\"");
  }

  @Test
  void crlfLogsAreReadAndTheStoreAppendsWithoutLosingALine() throws IOException {
    write(
        "position.log",
        position("a", "1") + "\r\n" + position("b", "5") + "\r\n" + position("a", "3") + "\r\n");
    write("finished.log", finished("c") + "\r\n" + TS + "task finished\r\n");
    try (TaskSession s = LogStore.in(dir).open("task")) {
      ResumeState state = s.load();
      assertThat(state.position(A)).contains(Position.keyed("id", "3"));
      assertThat(state.position(B)).contains(Position.keyed("id", "5"));
      s.record(B, Position.keyed("id", "6"));
      s.finish(TableRef.of("mysql", "s", "d"));
    }
    ResumeState again = openAndLoad();
    assertThat(again.position(A)).contains(Position.keyed("id", "3"));
    assertThat(again.position(B)).contains(Position.keyed("id", "6"));
    assertThat(again.isFinished(TableRef.of("mysql", "s", "c"))).isTrue();
    assertThat(again.isFinished(TableRef.of("mysql", "s", "d"))).isTrue();
  }

  @Test
  void crlfResumeConfigWithCommentsAndNoFinalLineEndIsReadWhole() throws IOException {
    Path f =
        write(
            "resume.config",
            "// resume a after 9\r\n\r\n| current_position | "
                + position("a", "9").substring(TS.length() + "current_position | ".length())
                + "\r\n# done\r\n"
                + finished("b").substring(TS.length()));
    ResumeState state = ResumeConfig.file(f).read();
    assertThat(state.position(A)).contains(Position.keyed("id", "9"));
    assertThat(state.isFinished(B)).isTrue();
  }

  @Test
  void aByteThatIsNotUtf8InAValueIsNamedWithFileLineAndOffset() throws IOException {
    // Regression: the byte was read as U+FFFD and the table resumed after a value nobody wrote.
    String good = position("a", "1") + "\n";
    byte[] latin1 = position("b", "caf\u00e9").getBytes(StandardCharsets.ISO_8859_1);
    write("position.log", good, latin1, "\n");
    String line = position("b", "caf\uFFFD");
    assertThat(catchThrowable(this::readOnly))
        .isInstanceOf(InvalidPositionException.class)
        .hasMessage(
            at("position.log", 2)
                + "not valid UTF-8 (byte 0xE9 at byte "
                + (line.indexOf('\uFFFD') + 1)
                + " of the line); the file must be UTF-8: \""
                + line
                + "\"");
  }

  @Test
  void aStoreRefusesToOpenOverALatin1FinishedLogAndChangesNoByte() throws IOException {
    byte[] pos = bytes(position("a", "1") + "\n");
    byte[] fin =
        bytes(
            finished("b") + "\n",
            finished("\u00e9t\u00e9").getBytes(StandardCharsets.ISO_8859_1),
            "\n");
    write("position.log", pos);
    write("finished.log", fin);
    assertThatThrownBy(() -> LogStore.in(dir).open("task"))
        .isInstanceOf(InvalidPositionException.class)
        .hasMessageStartingWith(at("finished.log", 2) + "not valid UTF-8 (byte 0xE9 at byte ");
    assertThat(Files.readAllBytes(dir.resolve("position.log"))).isEqualTo(pos);
    assertThat(Files.readAllBytes(dir.resolve("finished.log"))).isEqualTo(fin);
  }

  @Test
  void aCommentInAnotherEncodingInResumeConfigIsStillAComment() throws IOException {
    Path f =
        write(
            "resume.config",
            "// r\u00e9sum\u00e9 ".getBytes(StandardCharsets.ISO_8859_1),
            "\n" + position("a", "4") + "\n");
    assertThat(ResumeConfig.file(f).read().position(A)).contains(Position.keyed("id", "4"));
  }

  @Test
  void aLastLineCutInsideAMultiByteCharacterIsATornWrite() throws IOException {
    byte[] whole = bytes(position("\u8868", "\u8868\u8868") + "\n");
    byte[] good = bytes(position("\u8868", "1") + "\n");
    int cut = whole.length - 5; // inside the second 3-byte character of the value
    write("position.log", good, Arrays.copyOf(whole, cut));
    TableRef t = TableRef.of("mysql", "s", "\u8868");
    try (LogCapture log = LogCapture.logstore(Level.WARN)) {
      assertThat(readOnly().position(t)).contains(Position.keyed("id", "1"));
      assertThat(log.messages(Level.WARN))
          .anyMatch(
              m -> m.contains(dir.resolve("position.log") + ":2") && m.contains("no line end"));
    }
    try (TaskSession s = LogStore.in(dir).open("task")) {
      assertThat(s.load().position(t)).contains(Position.keyed("id", "1"));
      s.record(t, Position.keyed("id", "2"));
    }
    assertThat(openAndLoad().position(t)).contains(Position.keyed("id", "2"));
  }

  @Test
  void aTailOfNulBytesLeftByAPowerLossIsATornWrite() throws IOException {
    write("position.log", position("a", "1") + "\n", new byte[4096]);
    try (LogCapture log = LogCapture.logstore(Level.WARN);
        TaskSession s = LogStore.in(dir).open("task")) {
      assertThat(s.load().position(A)).contains(Position.keyed("id", "1"));
      assertThat(log.messages(Level.WARN)).anyMatch(m -> m.contains("4096 bytes"));
      s.record(A, Position.keyed("id", "2"));
    }
    assertThat(Files.readString(dir.resolve("position.log"))).doesNotContain("\0");
    assertThat(openAndLoad().position(A)).contains(Position.keyed("id", "2"));
  }

  @Test
  void aWholeLastLineOfTwoMebibytesWithoutLineEndIsKeptNotCutAsTorn() throws IOException {
    // Regression: a last line over 1 MiB was not checked for being whole, so opening the store cut
    // it as a torn write and the table went back to its previous position.
    String big = "k".repeat(2 << 20);
    write("position.log", position("a", "1") + "\n" + position("a", big));
    try (TaskSession s = LogStore.in(dir).open("task")) {
      assertThat(s.load().position(A)).contains(Position.keyed("id", big));
      s.record(B, Position.keyed("id", "1"));
    }
    ResumeState state = openAndLoad();
    assertThat(state.position(A)).contains(Position.keyed("id", big));
    assertThat(state.position(B)).contains(Position.keyed("id", "1"));
  }

  @Test
  void aLineOfEightMegabytesIsReadExactly() throws IOException {
    String big = "\u00e9\"\\|".repeat(2 << 20).replace("\"", "\\\"").replace("\\|", "\\\\|");
    write("position.log", position("a", big) + "\n" + position("b", "2") + "\n");
    ResumeState state = readOnly();
    assertThat(state.position(A)).contains(Position.keyed("id", "\u00e9\"\\|".repeat(2 << 20)));
    assertThat(state.position(B)).contains(Position.keyed("id", "2"));
  }

  @Test
  void aHugeBadLineIsNamedByFileAndLineInAMessageOfBoundedSize() throws IOException {
    String bad = position("a", "x".repeat(3 << 20)) + " trailing";
    write("position.log", position("a", "1") + "\n" + bad + "\n");
    Throwable e = catchThrowable(this::readOnly);
    assertThat(e).isInstanceOf(InvalidPositionException.class);
    assertThat(e.getMessage())
        .startsWith(at("position.log", 2) + "not valid JSON (")
        .hasSizeLessThan(2_000);
  }

  @Test
  void duplicateKeyInsideOrderKeyInResumeConfigNamesFileAndLine() throws IOException {
    Path f =
        write(
            "resume.config",
            "// a\n{\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"s\",\"tb\":\"a\","
                + "\"order_key\":{\"composite\":[[\"x\",\"1\"]],\"composite\":[[\"x\",\"2\"]]}}\n");
    assertThatThrownBy(() -> ResumeConfig.file(f).read())
        .isInstanceOf(InvalidPositionException.class)
        .hasMessageStartingWith(
            at("resume.config", 2) + "not valid JSON (Duplicate field 'composite'");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "new\nline",
        "cr\rret",
        " | current_position | {\"type\":\"RdbSnapshot\"}",
        "\uFEFFbom",
        "nul\u0000byte",
        "line\u2028sep",
        "'; DROP TABLE a; --",
        "😀"
      })
  void tableNamesThatLookLikeTheLineFormatRoundTripThroughTheFiles(String name) {
    TableRef t = TableRef.of("mysql", name, name);
    TableRef done = TableRef.of("mysql", name, name + "_done");
    try (TaskSession s = LogStore.in(dir).open("task")) {
      s.record(t, Position.keyed(name, name));
      s.finish(done);
    }
    ResumeState state = openAndLoad();
    assertThat(state.position(t)).contains(Position.keyed(name, name));
    assertThat(state.isFinished(done)).isTrue();
    assertThat(readOnly().position(t)).contains(Position.keyed(name, name));
  }
}
