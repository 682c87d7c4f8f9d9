package dev.checkpoint.logstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.Position;
import dev.checkpoint.StoreException;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskLockedException;
import dev.checkpoint.TaskSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One live writer per log directory, and one task per log directory. */
class LockTest {
  private static final TableRef T = TableRef.of("mysql", "s", "t");

  @TempDir Path dir;

  /** The exit code and output of {@link LockProbe} run in a new JVM on the directory. */
  private record Probe(int exit, String out) {}

  private Probe probe(String taskId) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LockProbe.class.getName(),
                dir.toString(),
                taskId)
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
    return new Probe(
        p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void refusesSecondWriterInAnotherProcess() throws Exception {
    try (TaskSession s = LogStore.in(dir).open("task")) {
      s.record(T, Position.keyed("id", "1"));
      Probe probe = probe("task");
      assertThat(probe.exit()).as(probe.out()).isEqualTo(3);
      assertThat(probe.out())
          .contains("LOCKED log directory " + dir)
          .contains("held by another live writer")
          .contains("pid " + ProcessHandle.current().pid());
      s.record(T, Position.keyed("id", "2"));
    }
    Probe after = probe("task");
    assertThat(after.exit()).as(after.out()).isEqualTo(0);
    assertThat(after.out()).contains("OPENED");
  }

  @Test
  void refusesSecondWriterInTheSameJvm() {
    LogStore store = LogStore.in(dir);
    try (TaskSession s = store.open("task")) {
      assertThatThrownBy(() -> LogStore.in(dir).open("task"))
          .isInstanceOf(TaskLockedException.class)
          .hasMessageContaining("log directory " + dir)
          .hasMessageContaining("already open for writing in this JVM");
      assertThatThrownBy(() -> store.open("task")).isInstanceOf(TaskLockedException.class);
      // The refusals left the first writer working.
      s.record(T, Position.keyed("id", "1"));
    }
    try (TaskSession s = LogStore.in(dir).open("task")) {
      assertThat(s.load().position(T)).contains(Position.keyed("id", "1"));
    }
  }

  @Test
  void aRefusedOpenInTheSameJvmDoesNotFreeTheLockForOtherProcesses() throws Exception {
    // On POSIX, closing any channel to a locked file drops the process's lock on it: the refusal
    // must come before a second channel to checkpoint.lock is ever opened.
    try (TaskSession s = LogStore.in(dir).open("task")) {
      assertThatThrownBy(() -> LogStore.in(dir).open("task"))
          .isInstanceOf(TaskLockedException.class);
      Probe probe = probe("task");
      assertThat(probe.exit()).as(probe.out()).isEqualTo(3);
      s.record(T, Position.keyed("id", "1"));
    }
  }

  @Test
  void closingTheStoreReleasesItsOpenSession() {
    LogStore store = LogStore.in(dir);
    TaskSession s = store.open("task");
    s.record(T, Position.keyed("id", "1"));
    store.close();
    assertThatThrownBy(() -> s.record(T, Position.keyed("id", "2")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    try (TaskSession again = LogStore.in(dir).open("task")) {
      assertThat(again.load().position(T)).contains(Position.keyed("id", "1"));
    }
  }

  @Test
  void refusesADirectoryThatBelongsToAnotherTask() {
    try (TaskSession s = LogStore.in(dir).open("orders-sync")) {
      s.record(T, Position.keyed("id", "1"));
    }
    assertThatThrownBy(() -> LogStore.in(dir).open("billing-sync"))
        .isInstanceOf(StoreException.class)
        .isNotInstanceOf(TaskLockedException.class)
        .hasMessageContaining("log directory " + dir)
        .hasMessageContaining("belongs to task \"orders-sync\", not \"billing-sync\"")
        .hasMessageContaining("one task per log directory");
    assertThatThrownBy(() -> LogStore.in(dir).read("billing-sync"))
        .hasMessageContaining("belongs to task \"orders-sync\"");
    // The refused open released the lock: the owner opens it again at once.
    try (TaskSession s = LogStore.in(dir).open("orders-sync")) {
      assertThat(s.load().position(T)).contains(Position.keyed("id", "1"));
    }
  }

  @Test
  void adoptsADirectoryWrittenWithoutATaskFile() throws IOException {
    java.nio.file.Files.writeString(
        dir.resolve("position.log"), LineFormatTest.line("current_position", "t", "5"));
    try (TaskSession s = LogStore.in(dir).open("from-ape-dts")) {
      assertThat(s.load().position(T)).contains(Position.keyed("id", "5"));
    }
    assertThat(dir.resolve("task_id")).hasContent("from-ape-dts");
  }
}
