package dev.checkpoint.logstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.Position;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskSession;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each fsync policy keeps what it records, and the builder rejects bad settings by name. */
class FsyncPolicyTest {
  private static final TableRef T = TableRef.of("mysql", "s", "t");

  @TempDir Path dir;

  @Test
  void asyncPolicyForcesInTheBackgroundWithoutAFlush() throws InterruptedException {
    LogStore store =
        LogStore.builder()
            .dir(dir)
            .fsync(FsyncPolicy.ASYNC)
            .fsyncInterval(Duration.ofMillis(10))
            .build();
    try (TaskSession s = store.open("task")) {
      for (int i = 0; i < 100; i++) {
        s.record(T, Position.keyed("id", Integer.toString(i)));
      }
      s.finish(TableRef.of("mysql", "s", "done"));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!store.openLogSession().durable() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(store.openLogSession().durable()).isTrue();
    }
    try (TaskSession s = LogStore.in(dir).open("task")) {
      assertThat(s.load().position(T)).contains(Position.keyed("id", "99"));
    }
  }

  @Test
  void asyncFlushIsDurableAtOnce() {
    LogStore store =
        LogStore.builder()
            .dir(dir)
            .fsync(FsyncPolicy.ASYNC)
            .fsyncInterval(Duration.ofHours(1))
            .build();
    try (TaskSession s = store.open("task")) {
      s.record(T, Position.keyed("id", "1"));
      assertThat(store.openLogSession().durable()).isFalse();
      s.flush();
      assertThat(store.openLogSession().durable()).isTrue();
    }
  }

  @Test
  void everyPolicyKeepsWhatItRecordedAcrossARestart() {
    for (FsyncPolicy policy : FsyncPolicy.values()) {
      Path d = dir.resolve(policy.name());
      try (TaskSession s = LogStore.builder().dir(d).fsync(policy).build().open("task")) {
        s.record(T, Position.keyed("id", "1"));
        s.finish(TableRef.of("mysql", "s", "done"));
      }
      try (TaskSession s = LogStore.in(d).open("task")) {
        assertThat(s.load().position(T)).as(policy.name()).contains(Position.keyed("id", "1"));
        assertThat(s.load().isFinished(TableRef.of("mysql", "s", "done"))).isTrue();
      }
    }
  }

  @Test
  void builderNamesTheBadParameterAndValue() {
    assertThatThrownBy(() -> LogStore.builder().compactAt(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("compactAt must be >= 1, was 0");
    assertThatThrownBy(() -> LogStore.builder().fsyncInterval(Duration.ZERO))
        .hasMessage("fsyncInterval must be > 0, was PT0S");
    assertThatThrownBy(() -> LogStore.builder().fsyncInterval(Duration.ofMillis(-5)))
        .hasMessage("fsyncInterval must be > 0, was PT-0.005S");
    assertThatThrownBy(() -> LogStore.builder().build()).hasMessage("dir is required");
    assertThatThrownBy(() -> LogStore.builder().fsync(null)).hasMessage("fsync");
    assertThatThrownBy(() -> LogStore.in(dir).open(" "))
        .hasMessage("taskId must not be blank, was \" \"");
  }

  @Test
  void recordRejectsAFinishedPosition() {
    try (TaskSession s = LogStore.in(dir).open("task")) {
      assertThatThrownBy(() -> s.record(T, Position.finished()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("use finish(table)");
    }
  }
}
