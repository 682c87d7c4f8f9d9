package dev.checkpoint.logstore;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeState;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash can cut the last line of a log anywhere. Whatever the cut, the previous record is
 * resumed, a warning says what was dropped, and the next line never glues onto the torn one.
 */
class TornLineTest {
  private static final String TASK = "task";
  private static final TableRef T = TableRef.of("mysql", "test_db", "b");
  private static final TableRef DONE = TableRef.of("mysql", "test_db", "a");
  private static final TableRef DONE_LAST = TableRef.of("mysql", "test_db", "z");
  private static final Position P1 = Position.keyed("id", "1");
  private static final Position P2 = Position.keyed("id", "2000");
  private static final Position P3 = Position.keyed("id", "3");
  private static final String WELL_FORMED =
      "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6} \\| (current_position \\| )?\\{\"type\":.*\\}";

  @TempDir Path dir;

  private Path pos() {
    return dir.resolve("position.log");
  }

  private Path fin() {
    return dir.resolve("finished.log");
  }

  private static int startOfLastLine(byte[] file) {
    int end = file.length - 1; // the final '\n'
    int i = end - 1;
    while (i >= 0 && file[i] != '\n') {
      i--;
    }
    return i + 1;
  }

  private static void assertEveryLineWellFormed(Path file, int lines) throws IOException {
    String content = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(content).endsWith("\n");
    List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(all).hasSize(lines).allMatch(l -> l.matches(WELL_FORMED));
  }

  @Test
  void positionLogCutAnywhereInItsLastLineResumesThePreviousPosition() throws IOException {
    try (TaskSession s = LogStore.in(dir).open(TASK)) {
      s.record(T, P1);
      s.finish(DONE);
      s.record(T, P2);
    }
    byte[] pos = Files.readAllBytes(pos());
    byte[] fin = Files.readAllBytes(fin());
    byte[] task = Files.readAllBytes(dir.resolve("task_id"));
    int start = startOfLastLine(pos);
    int end = pos.length - 1;
    assertThat(end - start).isGreaterThan(100);
    // length == start is a clean cut between lines; every longer one up to end leaves a torn
    // line; length == end is the whole last line without its line end, as ape-dts leaves files.
    for (int length = start; length <= end; length++) {
      Files.write(pos(), Arrays.copyOf(pos, length));
      Files.write(fin(), fin);
      Files.write(dir.resolve("task_id"), task);
      boolean whole = length == end;
      try (LogCapture log = LogCapture.logstore(Level.WARN);
          TaskSession s = LogStore.in(dir).open(TASK)) {
        ResumeState state = s.load();
        assertThat(state.position(T)).as("cut at %d", length).contains(whole ? P2 : P1);
        assertThat(state.isFinished(DONE)).isTrue();
        if (length > start && !whole) {
          assertThat(log.messages(Level.WARN))
              .as("cut at %d", length)
              .anyMatch(m -> m.contains(pos().toString()) && m.contains("no line end"));
        } else {
          assertThat(log.messages(Level.WARN)).as("cut at %d", length).isEmpty();
        }
        s.record(T, P3);
      }
      assertEveryLineWellFormed(pos(), whole ? 3 : 2);
      try (TaskSession s = LogStore.in(dir).open(TASK)) {
        assertThat(s.load().position(T)).as("cut at %d", length).contains(P3);
      }
    }
  }

  @Test
  void finishedLogCutAnywhereInItsLastLineKeepsTheEarlierFinishedTables() throws IOException {
    try (TaskSession s = LogStore.in(dir).open(TASK)) {
      s.record(T, P1);
      s.finish(DONE);
      s.finish(DONE_LAST);
    }
    byte[] pos = Files.readAllBytes(pos());
    byte[] fin = Files.readAllBytes(fin());
    int start = startOfLastLine(fin);
    int end = fin.length - 1;
    for (int length = start; length <= end; length++) {
      Files.write(pos(), pos);
      Files.write(fin(), Arrays.copyOf(fin, length));
      boolean whole = length == end;
      try (LogCapture log = LogCapture.logstore(Level.WARN);
          TaskSession s = LogStore.in(dir).open(TASK)) {
        ResumeState state = s.load();
        assertThat(state.isFinished(DONE)).as("cut at %d", length).isTrue();
        assertThat(state.isFinished(DONE_LAST)).as("cut at %d", length).isEqualTo(whole);
        assertThat(state.position(T)).contains(P1);
        if (whole) {
          assertThat(log.messages(Level.WARN)).as("cut at %d", length).isEmpty();
        } else if (length > start) {
          assertThat(log.messages(Level.WARN))
              .anyMatch(m -> m.contains(fin().toString()) && m.contains("no line end"));
        }
        s.finish(DONE_LAST);
      }
      assertEveryLineWellFormed(fin(), 2);
      try (TaskSession s = LogStore.in(dir).open(TASK)) {
        assertThat(s.load().isFinished(DONE_LAST)).as("cut at %d", length).isTrue();
      }
    }
  }

  @Test
  void readOnlySourceReadsAWholeLastLineWithoutLineEndAndLeavesTheFileAlone() throws IOException {
    String good = LineFormatTest.line("current_position", "b", "1");
    String last = LineFormatTest.line("current_position", "b", "2").strip();
    Files.writeString(pos(), good + last);
    ResumeState state;
    try (LogCapture log = LogCapture.logstore(Level.WARN)) {
      state = LogStore.readOnly(dir).read();
      assertThat(log.messages(Level.WARN)).isEmpty();
    }
    assertThat(state.position(TableRef.of("mysql", "s", "b"))).contains(Position.keyed("id", "2"));
    assertThat(Files.readString(pos())).isEqualTo(good + last);
  }

  @Test
  void writerEndsAWholeLastLineBeforeAppending() throws IOException {
    String good = LineFormatTest.line("current_position", "b", "1");
    String last = LineFormatTest.line("current_position", "b", "2").strip();
    Files.writeString(pos(), good + last);
    try (TaskSession s = LogStore.in(dir).open(TASK)) {
      assertThat(s.load().position(TableRef.of("mysql", "s", "b")))
          .contains(Position.keyed("id", "2"));
      s.record(T, P3);
    }
    assertThat(Files.readString(pos())).startsWith(good + last + "\n");
    assertThat(Files.readAllLines(pos())).hasSize(3);
  }

  @Test
  void readOnlySourceSkipsATornLastLineWithAWarningAndLeavesTheFileAlone() throws IOException {
    String good = LineFormatTest.line("current_position", "b", "1");
    String full = LineFormatTest.line("current_position", "b", "2").strip();
    String torn = full.substring(0, full.length() - 1);
    Files.writeString(pos(), good + torn);
    ResumeState state;
    try (LogCapture log = LogCapture.logstore(Level.WARN)) {
      state = LogStore.readOnly(dir).read();
      assertThat(log.messages(Level.WARN))
          .singleElement()
          .satisfies(m -> assertThat(m).contains(pos() + ":2").contains("no line end"));
    }
    assertThat(state.position(TableRef.of("mysql", "s", "b"))).contains(Position.keyed("id", "1"));
    assertThat(Files.readString(pos())).isEqualTo(good + torn);
  }

  @Test
  void aFileHoldingOnlyATornLineReadsAsEmpty() throws IOException {
    Files.writeString(pos(), "2024-10-10 04:04:08.1520");
    try (LogCapture log = LogCapture.logstore(Level.WARN)) {
      assertThat(LogStore.readOnly(dir).read().isEmpty()).isTrue();
      assertThat(log.messages(Level.WARN)).hasSize(1);
    }
    try (TaskSession s = LogStore.in(dir).open(TASK)) {
      assertThat(s.load().isEmpty()).isTrue();
    }
    assertThat(Files.size(pos())).isZero();
  }
}
