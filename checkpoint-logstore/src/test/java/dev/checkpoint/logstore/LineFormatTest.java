package dev.checkpoint.logstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.KeyColumn;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeState;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store writes the seeds' lines byte for byte and reads every form they show. */
class LineFormatTest {
  private static final String TS = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}";
  private static final TableRef B = TableRef.of("mysql", "test_db", "b");
  private static final TableRef A = TableRef.of("mysql", "test_db", "a");

  @TempDir Path dir;

  private String file(String name) throws IOException {
    return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
  }

  private ResumeState reopenAndLoad() {
    try (TaskSession s = LogStore.in(dir).open("task")) {
      return s.load();
    }
  }

  @Test
  void writesTheSeedsPositionLineThenOrderKeySingleForNewerApeDts() throws IOException {
    try (TaskSession s = LogStore.in(dir).open("task")) {
      s.record(B, Position.keyed("id", "6"));
    }
    assertThat(file("position.log"))
        .matches(
            "^"
                + TS
                + " \\| current_position \\| \\{\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\","
                + "\"schema\":\"test_db\",\"tb\":\"b\",\"order_col\":\"id\",\"value\":\"6\","
                + "\"order_key\":\\{\"single\":\\[\"id\",\"6\"\\]\\}\\}\n$");
  }

  @Test
  void writesTheSeedsFinishedLineByteForByte() throws IOException {
    try (TaskSession s = LogStore.in(dir).open("task")) {
      s.finish(A);
    }
    assertThat(file("finished.log"))
        .matches(
            "^"
                + TS
                + " \\| \\{\"type\":\"RdbSnapshotFinished\",\"db_type\":\"mysql\",\"schema\":\"test_db\","
                + "\"tb\":\"a\"\\}\n$");
  }

  @Test
  void writesCompositeKeysInTheNewerOrderKeyForm() throws IOException {
    try (TaskSession s = LogStore.in(dir).open("task")) {
      s.record(B, Position.keyed(List.of(KeyColumn.of("f_0", "1"), KeyColumn.of("f_1", "30"))));
    }
    assertThat(file("position.log"))
        .matches(
            "^"
                + TS
                + " \\| current_position \\| \\{\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\","
                + "\"schema\":\"test_db\",\"tb\":\"b\","
                + "\"order_key\":\\{\"composite\":\\[\\[\"f_0\",\"1\"\\],\\[\"f_1\",\"30\"\\]\\]\\}\\}\n$");
  }

  @Test
  void writesRowOffsetsInTheLibrarysOwnType() throws IOException {
    try (TaskSession s = LogStore.in(dir).open("task")) {
      s.record(TableRef.of("pg", "public", "t"), Position.rowOffset(3000, "9f86d081"));
    }
    assertThat(file("position.log"))
        .matches(
            "^"
                + TS
                + " \\| current_position \\| \\{\"type\":\"RowOffset\",\"db_type\":\"pg\","
                + "\"schema\":\"public\",\"tb\":\"t\",\"rows\":3000,"
                + "\"last_row_fingerprint\":\"9f86d081\"\\}\n$");
  }

  @Test
  void timestampIsUtcWithMicroseconds() throws IOException {
    LocalDateTime before = LocalDateTime.now(ZoneOffset.UTC);
    // A zone 14 hours away from UTC: a local timestamp would fall outside the window below.
    TimeZone zone = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
    try (TaskSession s = LogStore.in(dir).open("task")) {
      s.record(B, Position.keyed("id", "6"));
    } finally {
      TimeZone.setDefault(zone);
    }
    LocalDateTime written =
        LocalDateTime.parse(
            file("position.log").substring(0, 26),
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS"));
    assertThat(Duration.between(before.minusSeconds(1), written)).isPositive();
    assertThat(Duration.between(written, LocalDateTime.now(ZoneOffset.UTC).plusSeconds(1)))
        .isPositive();
  }

  @Test
  void readsFlatSingleAndCompositeForms() throws IOException {
    Files.writeString(
        dir.resolve("position.log"),
        "2024-10-10 04:04:08.152044 | current_position | {\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"test_db\",\"tb\":\"b\",\"order_col\":\"id\",\"value\":\"6\"}\n"
            + "2024-10-10 04:04:08.152181 | checkpoint_position | {\"type\":\"None\"}\n"
            + "2024-10-10 04:04:09.000001 | current_position | {\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"test_db\",\"tb\":\"s\",\"order_key\":{\"single\":[\"id\",\"7\"]}}\n"
            + "2024-10-10 04:04:09.000002 | current_position | {\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"test_db\",\"tb\":\"c\",\"order_key\":{\"composite\":[[\"f_0\",\"1\"],[\"f_1\",null]]}}\n");
    Files.writeString(
        dir.resolve("finished.log"),
        "2024-10-10 04:04:07.803422 | {\"type\":\"RdbSnapshotFinished\",\"db_type\":\"mysql\",\"schema\":\"test_db\",\"tb\":\"a\"}\n"
            + "2024-10-10 04:04:08.844988 | {\"type\":\"RdbSnapshotFinished\",\"db_type\":\"mysql\",\"schema\":\"test_db\",\"tb\":\"b\"}\n");
    ResumeState state = LogStore.readOnly(dir).read();
    assertThat(state.position(B)).contains(Position.keyed("id", "6"));
    assertThat(state.position(TableRef.of("mysql", "test_db", "s")))
        .contains(Position.keyed("id", "7"));
    assertThat(state.position(TableRef.of("mysql", "test_db", "c")))
        .contains(Position.keyed(List.of(KeyColumn.of("f_0", "1"), KeyColumn.of("f_1", null))));
    assertThat(state.isFinished(A)).isTrue();
    assertThat(state.isFinished(B)).isTrue();
    assertThat(state.table(B).orElseThrow().positionSource()).contains("position.log:1");
    assertThat(state.table(B).orElseThrow().finishedSource()).contains("finished.log:2");
  }

  @Test
  void mongoTypedValuesRoundTripAsOpaqueStrings() throws IOException {
    TableRef typed = TableRef.of("mongo", "db", "typed");
    TableRef bare = TableRef.of("mongo", "db", "bare");
    Files.writeString(
        dir.resolve("position.log"),
        "2024-10-10 04:04:08.152044 | current_position | {\"type\":\"RdbSnapshot\",\"db_type\":\"mongo\",\"schema\":\"db\",\"tb\":\"typed\",\"order_col\":\"_id\",\"value\":{\"ObjectId\":\"65e593330723c12a0f3bbc2e\"}}\n"
            + "2024-10-10 04:04:08.152045 | current_position | {\"type\":\"RdbSnapshot\",\"db_type\":\"mongo\",\"schema\":\"db\",\"tb\":\"bare\",\"order_col\":\"_id\",\"value\":\"65e593330723c12a0f3bbc2e\"}\n");
    Position objectId = Position.keyed("_id", "{\"ObjectId\":\"65e593330723c12a0f3bbc2e\"}");
    Position hex = Position.keyed("_id", "65e593330723c12a0f3bbc2e");
    assertThat(LogStore.readOnly(dir).read().position(typed)).contains(objectId);
    assertThat(LogStore.readOnly(dir).read().position(bare)).contains(hex);

    try (TaskSession s = LogStore.in(dir).open("task")) {
      s.record(typed, objectId);
      s.record(bare, hex);
    }
    ResumeState state = reopenAndLoad();
    assertThat(state.position(typed)).contains(objectId);
    assertThat(state.position(bare)).contains(hex);
  }

  @Test
  void nullAndHexBinaryValuesRoundTrip() {
    TableRef nul = TableRef.of("pg", "public", "nullable_key");
    TableRef bin = TableRef.of("mysql", "s", "binary_key");
    try (TaskSession s = LogStore.in(dir).open("task")) {
      s.record(nul, Position.keyed("k", null));
      s.record(bin, Position.keyed("k", "00ff7f80"));
    }
    ResumeState state = reopenAndLoad();
    assertThat(state.position(nul)).contains(Position.keyed("k", null));
    assertThat(state.position(bin)).contains(Position.keyed("k", "00ff7f80"));
  }

  @Test
  void lastCurrentPositionWinsElseLastCheckpointPosition() throws IOException {
    TableRef both = TableRef.of("mysql", "s", "both");
    TableRef onlyCheckpoint = TableRef.of("mysql", "s", "only_checkpoint");
    Files.writeString(
        dir.resolve("position.log"),
        line("current_position", "both", "1")
            + line("current_position", "both", "2")
            + line("checkpoint_position", "both", "9")
            + line("checkpoint_position", "only_checkpoint", "3")
            + line("checkpoint_position", "only_checkpoint", "4")
            + "2024-10-10 04:04:08.152181 | checkpoint_position | {\"type\":\"None\"}\n");
    ResumeState state = LogStore.readOnly(dir).read();
    assertThat(state.position(both)).contains(Position.keyed("id", "2"));
    assertThat(state.table(both).orElseThrow().positionSource()).contains("position.log:2");
    assertThat(state.position(onlyCheckpoint)).contains(Position.keyed("id", "4"));
    assertThat(state.table(onlyCheckpoint).orElseThrow().positionSource())
        .contains("position.log:5");
  }

  static String line(String tag, String tb, String value) {
    return "2024-10-10 04:04:08.152044 | "
        + tag
        + " | {\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"s\",\"tb\":\""
        + tb
        + "\",\"order_col\":\"id\",\"value\":\""
        + value
        + "\"}\n";
  }
}
