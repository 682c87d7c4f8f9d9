package dev.checkpoint.logstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.Position;
import dev.checkpoint.ResumeState;
import dev.checkpoint.StoreException;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** position.log stays bounded however long the run, and compaction never loses a position. */
class CompactionTest {
  private static final int TABLES = 20;

  @TempDir Path dir;

  private static List<TableRef> tables() {
    List<TableRef> t = new ArrayList<>();
    for (int i = 0; i < TABLES; i++) {
      t.add(TableRef.of("mysql", "shop", "t" + i));
    }
    return t;
  }

  private long lines() throws IOException {
    return Files.readAllLines(dir.resolve("position.log"), StandardCharsets.UTF_8).size();
  }

  @Test
  void thousandsOfPositionsKeepTheFileBoundedAndTheLatestPerTable() throws IOException {
    List<TableRef> tables = tables();
    long maxLines = 0;
    // NEVER: thousands of fsyncs would only make the test slow on a busy disk; compaction itself
    // always fsyncs, whatever the policy.
    LogStore store = LogStore.builder().dir(dir).fsync(FsyncPolicy.NEVER).build();
    try (TaskSession s = store.open("task")) {
      for (int i = 0; i < 5000; i++) {
        s.record(tables.get(i % TABLES), Position.keyed("id", Integer.toString(i)));
        if (i % 50 == 0) {
          maxLines = Math.max(maxLines, lines());
        }
      }
      assertThat(s.load().position(tables.get(7))).contains(Position.keyed("id", "4987"));
    }
    // Default compactAt is 100: never more than max(100, 2 x 20 live lines).
    assertThat(maxLines).isLessThanOrEqualTo(2 * TABLES + 100);
    assertThat(lines()).isLessThanOrEqualTo(2 * TABLES + 100);
    try (TaskSession s = LogStore.in(dir).open("task")) {
      ResumeState state = s.load();
      for (int t = 0; t < TABLES; t++) {
        assertThat(state.position(tables.get(t)))
            .contains(Position.keyed("id", Integer.toString(5000 - TABLES + t)));
      }
    }
  }

  @Test
  void aSmallThresholdKeepsTheFileWithinTwiceTheLiveLines() throws IOException {
    List<TableRef> tables = tables();
    LogStore store = LogStore.builder().dir(dir).compactAt(5).fsync(FsyncPolicy.NEVER).build();
    try (TaskSession s = store.open("task")) {
      for (int i = 0; i < 3000; i++) {
        s.record(tables.get(i % TABLES), Position.keyed("id", Integer.toString(i)));
        if (i >= TABLES) {
          assertThat(lines()).isLessThanOrEqualTo(2 * TABLES);
        }
      }
    }
  }

  @Test
  void finishedTablesLosePositionLinesAtCompactionButStayFinished() throws IOException {
    List<TableRef> tables = tables();
    LogStore store = LogStore.builder().dir(dir).compactAt(10).build();
    try (TaskSession s = store.open("task")) {
      for (int i = 0; i < 200; i++) {
        s.record(tables.get(i % TABLES), Position.keyed("id", Integer.toString(i)));
      }
      for (int t = 0; t < 10; t++) {
        s.finish(tables.get(t));
      }
      for (int i = 0; i < 200; i++) {
        s.record(tables.get(10 + i % 10), Position.keyed("id", Integer.toString(1000 + i)));
      }
    }
    String content = Files.readString(dir.resolve("position.log"));
    assertThat(content).doesNotContain("\"tb\":\"t3\"");
    try (TaskSession s = store.open("task")) {
      ResumeState state = s.load();
      for (int t = 0; t < 10; t++) {
        assertThat(state.isFinished(tables.get(t))).isTrue();
      }
      assertThat(state.position(tables.get(15))).contains(Position.keyed("id", "1195"));
    }
  }

  @Test
  void compactionKeepsLatestCurrentAndCheckpointLinesVerbatimAndDropsForeignOnes()
      throws IOException {
    String none = "2024-10-10 04:04:08.152181 | checkpoint_position | {\"type\":\"None\"}\n";
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      log.append(LineFormatTest.line("current_position", "a", Integer.toString(i)));
      log.append(LineFormatTest.line("checkpoint_position", "a", Integer.toString(i)));
      log.append(LineFormatTest.line("checkpoint_position", "c", Integer.toString(i)));
      log.append(none);
    }
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("position.log"), log);
    LogStore store = LogStore.builder().dir(dir).compactAt(10).build();
    try (TaskSession s = store.open("task")) {
      assertThat(s.load().position(TableRef.of("mysql", "s", "c")))
          .contains(Position.keyed("id", "29"));
    }
    assertThat(Files.readString(dir.resolve("position.log")))
        .isEqualTo(
            LineFormatTest.line("current_position", "a", "29")
                + LineFormatTest.line("checkpoint_position", "a", "29")
                + LineFormatTest.line("checkpoint_position", "c", "29"));
  }

  @Test
  void aTempFileLeftByACrashMidCompactionIsHarmless() throws IOException {
    List<TableRef> tables = tables();
    try (TaskSession s = LogStore.in(dir).open("task")) {
      for (int i = 0; i < 150; i++) {
        s.record(tables.get(i % TABLES), Position.keyed("id", Integer.toString(i)));
      }
    }
    // A crash after writing part of the compacted copy, before the rename.
    Path tmp = dir.resolve("position.log.tmp");
    Files.writeString(tmp, LineFormatTest.line("current_position", "t0", "999").substring(0, 40));
    assertThat(LogStore.readOnly(dir).read().position(tables.get(0)))
        .contains(Position.keyed("id", "140"));
    try (TaskSession s = LogStore.in(dir).open("task")) {
      ResumeState state = s.load();
      for (int t = 0; t < TABLES; t++) {
        assertThat(state.position(tables.get(t)))
            .contains(Position.keyed("id", Integer.toString(t < 10 ? 140 + t : 120 + t)));
      }
      s.record(tables.get(0), Position.keyed("id", "150"));
    }
    assertThat(tmp).doesNotExist();
    try (TaskSession s = LogStore.in(dir).open("task")) {
      assertThat(s.load().position(tables.get(0))).contains(Position.keyed("id", "150"));
    }
  }

  /**
   * Regression: when compaction could not create position.log.tmp the error said "cannot append to
   * position.log", although the append had succeeded. It names the compaction now.
   */
  @Test
  void aCompactionThatCannotCreateItsTempFileSaysSoAndTheAppendedPositionStays()
      throws IOException {
    TableRef t = TableRef.of("mysql", "shop", "t0");
    Path tmp = dir.resolve("position.log.tmp");
    LogStore store = LogStore.builder().dir(dir).compactAt(5).fsync(FsyncPolicy.NEVER).build();
    try (TaskSession s = store.open("task")) {
      Files.createDirectories(tmp.resolve("in-the-way")); // the temp file cannot be created
      assertThatThrownBy(
              () -> {
                for (int i = 0; i < 50; i++) {
                  s.record(t, Position.keyed("id", Integer.toString(i)));
                }
              })
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("compacting")
          .hasMessageContaining("the lines were appended")
          .hasMessageNotContaining("cannot append");
    } catch (StoreException e) {
      // closing a session broken by the failure may fail too; what matters is what it wrote
    }
    String log = Files.readString(dir.resolve("position.log"), StandardCharsets.UTF_8);
    assertThat(log).contains("\"value\":\"5\"");
    Files.delete(tmp.resolve("in-the-way"));
    Files.delete(tmp);
  }
}
