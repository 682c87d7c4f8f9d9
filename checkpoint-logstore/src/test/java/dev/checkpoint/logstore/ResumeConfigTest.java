package dev.checkpoint.logstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.checkpoint.ConfigException;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeSource;
import dev.checkpoint.ResumeState;
import dev.checkpoint.TableRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user-written resume.config, and the read-only sources re-reading on every read. */
class ResumeConfigTest {
  private static final TableRef A = TableRef.of("mysql", "test_db", "a");
  private static final TableRef D = TableRef.of("mysql", "test_db", "d");
  private static final TableRef E = TableRef.of("mysql", "test_db", "e");

  @TempDir Path dir;

  @Test
  void commentsBlankLinesAndEveryHeaderFormAreAccepted() throws IOException {
    Path conf = dir.resolve("resume.config");
    Files.writeString(
        conf,
        "// written by hand\n"
            + "# tables to skip\n"
            + "\n"
            + "| current_position | {\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"test_db\",\"tb\":\"a\",\"order_col\":\"id\",\"value\":\"6\"}\n"
            + "   \n"
            + "{\"type\":\"RdbSnapshotFinished\",\"db_type\":\"mysql\",\"schema\":\"test_db\",\"tb\":\"d\"}\r\n"
            + "2024-10-10 04:04:07.803422 | {\"type\":\"RdbSnapshotFinished\",\"db_type\":\"mysql\",\"schema\":\"test_db\",\"tb\":\"e\"}\n"
            + "2024-10-10 04:04:08 | checkpoint_position | {\"type\":\"None\"}\n"
            + "{\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"test_db\",\"tb\":\"b\",\"order_col\":\"id\",\"value\":\"9\"}");
    ResumeState state = ResumeConfig.file(conf).read();
    assertThat(state.position(A)).contains(Position.keyed("id", "6"));
    assertThat(state.table(A).orElseThrow().positionSource()).contains("resume.config:4");
    assertThat(state.isFinished(D)).isTrue();
    assertThat(state.table(D).orElseThrow().finishedSource()).contains("resume.config:6");
    assertThat(state.isFinished(E)).isTrue();
    // The last line has no line end: fine in a file a human writes.
    assertThat(state.position(TableRef.of("mysql", "test_db", "b")))
        .contains(Position.keyed("id", "9"));
    assertThat(state.tables()).hasSize(4);
  }

  @Test
  void seedsMethodTwoExampleReads() throws IOException {
    Path conf = dir.resolve("resume.config");
    Files.writeString(
        conf,
        "| current_position | {\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"test_db\",\"tb\":\"a\",\"order_col\":\"id\",\"value\":\"6\"}\n"
            + "{\"type\":\"RdbSnapshotFinished\",\"db_type\":\"mysql\",\"schema\":\"test_db\",\"tb\":\"d\"}\n");
    ResumeState state = ResumeConfig.file(conf).read();
    assertThat(state.position(A)).contains(Position.keyed("id", "6"));
    assertThat(state.isFinished(D)).isTrue();
  }

  @Test
  void positionTypesOfOtherToolsAreSkippedWithADebugLine() throws IOException {
    Files.writeString(
        dir.resolve("position.log"),
        "2024-10-10 04:04:08.152181 | checkpoint_position | {\"type\":\"None\"}\n"
            + "2024-10-10 04:04:08.152182 | current_position | {\"type\":\"MysqlCdc\",\"server_id\":\"\",\"binlog_filename\":\"mysql-bin.000004\",\"next_event_position\":1585}\n"
            + "2024-10-10 04:04:08.152183 | current_position | {\"Kafka\":{\"topic\":\"t\",\"partition\":0,\"offset\":5}}\n"
            + "2024-10-10 04:04:08.152184 | current_position | {\"type\":\"Redis\",\"repl_offset\":7}\n"
            + LineFormatTest.line("current_position", "x", "1"));
    try (LogCapture log = LogCapture.logstore(Level.DEBUG)) {
      ResumeState state = LogStore.readOnly(dir).read();
      assertThat(state.tables().keySet()).containsExactly(TableRef.of("mysql", "s", "x"));
      assertThat(log.messages(Level.DEBUG))
          .filteredOn(m -> m.contains("does not resume"))
          .hasSize(4)
          .first()
          .satisfies(m -> assertThat(m).startsWith(dir.resolve("position.log") + ":1: "));
      assertThat(log.messages(Level.WARN)).isEmpty();
    }
  }

  @Test
  void sourcesReReadTheFilesOnEveryRead() throws IOException {
    Path conf = dir.resolve("resume.config");
    Files.writeString(conf, LineFormatTest.line("current_position", "x", "1"));
    Files.writeString(dir.resolve("finished.log"), "");
    ResumeSource config = ResumeConfig.file(conf);
    ResumeSource logs = LogStore.readOnly(dir);
    TableRef x = TableRef.of("mysql", "s", "x");
    assertThat(config.read().position(x)).contains(Position.keyed("id", "1"));
    assertThat(logs.read().isEmpty()).isTrue();

    Files.writeString(conf, LineFormatTest.line("current_position", "x", "2"));
    Files.writeString(
        dir.resolve("position.log"), LineFormatTest.line("current_position", "x", "3"));
    assertThat(config.read().position(x)).contains(Position.keyed("id", "2"));
    assertThat(logs.read().position(x)).contains(Position.keyed("id", "3"));
  }

  @Test
  void missingLogFilesReadAsEmptyAndAMissingDirectoryWarns() {
    assertThat(LogStore.readOnly(dir).read().isEmpty()).isTrue();
    Path nowhere = dir.resolve("nowhere");
    try (LogCapture log = LogCapture.logstore(Level.WARN)) {
      assertThat(LogStore.readOnly(nowhere).read().isEmpty()).isTrue();
      assertThat(log.messages(Level.WARN))
          .singleElement()
          .satisfies(m -> assertThat(m).contains(nowhere.toString()).contains("does not exist"));
    }
  }

  @Test
  void missingResumeConfigIsAConfigError() {
    Path conf = dir.resolve("resume.config");
    assertThatThrownBy(() -> ResumeConfig.file(conf).read())
        .isInstanceOf(ConfigException.class)
        .hasMessage("resume config file " + conf + " does not exist");
  }

  @Test
  void readOnlySourceNeitherLocksNorWrites() throws IOException {
    Files.writeString(
        dir.resolve("position.log"), LineFormatTest.line("current_position", "x", "1"));
    try (var s = LogStore.in(dir).open("task")) {
      // A live writer holds the directory; reading it is still fine.
      assertThat(s.taskId()).isEqualTo("task");
      assertThat(LogStore.readOnly(dir).read().isEmpty()).isFalse();
    }
    Path other = dir.resolve("other");
    Files.createDirectories(other);
    LogStore.readOnly(other).read();
    try (var files = Files.list(other)) {
      assertThat(files).isEmpty();
    }
  }
}
