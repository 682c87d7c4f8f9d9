package dev.checkpoint.logstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.Position;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reset really removes the table from the files, so no other reader sees it either. */
class ResetTest {
  private static final TableRef A = TableRef.of("mysql", "s", "a");
  private static final TableRef B = TableRef.of("mysql", "s", "b");

  @TempDir Path dir;

  private String file(String name) throws IOException {
    return Files.readString(dir.resolve(name));
  }

  @Test
  void resetRemovesTheTablesLinesFromBothFilesAndKeepsTheOthers() throws IOException {
    try (TaskSession s = LogStore.in(dir).open("task")) {
      s.record(A, Position.keyed("id", "1"));
      s.record(B, Position.keyed("id", "2"));
      s.finish(A);
      s.finish(B);
      s.reset(A);
      s.record(B, Position.keyed("id", "3"));
    }
    assertThat(file("position.log")).doesNotContain("\"tb\":\"a\"").contains("\"tb\":\"b\"");
    assertThat(file("finished.log")).doesNotContain("\"tb\":\"a\"").contains("\"tb\":\"b\"");
    assertThat(LogStore.readOnly(dir).read().tables().keySet()).containsExactly(B);
    assertThat(LogStore.readOnly(dir).read().position(B)).contains(Position.keyed("id", "3"));
  }

  @Test
  void resetKeepsLinesOfOtherToolsInFinishedLog() throws IOException {
    Files.createDirectories(dir);
    String foreign = "2024-10-10 04:04:07.803422 | {\"type\":\"None\"}\n";
    Files.writeString(dir.resolve("finished.log"), foreign);
    try (TaskSession s = LogStore.in(dir).open("task")) {
      s.finish(A);
      s.reset(A);
    }
    assertThat(file("finished.log")).isEqualTo(foreign);
  }

  @Test
  void resetAllEmptiesBothFiles() throws IOException {
    try (TaskSession s = LogStore.in(dir).open("task")) {
      s.record(A, Position.keyed("id", "1"));
      s.finish(B);
      s.resetAll();
      assertThat(Files.size(dir.resolve("position.log"))).isZero();
      assertThat(Files.size(dir.resolve("finished.log"))).isZero();
      s.record(A, Position.keyed("id", "7"));
    }
    assertThat(LogStore.readOnly(dir).read().tables().keySet()).containsExactly(A);
    assertThat(dir.resolve("task_id")).hasContent("task");
  }
}
