package dev.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CheckpointerTest {
  private static final TableRef T = TableRef.of("mysql", "shop", "orders");
  private final CountingStore store = new CountingStore();
  private long now;
  private ListAppender<ILoggingEvent> logs;

  @BeforeEach
  void captureResumerLog() {
    logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger("dev.checkpoint.resumer")).addAppender(logs);
  }

  @AfterEach
  void release() {
    ((Logger) LoggerFactory.getLogger("dev.checkpoint.resumer")).detachAppender(logs);
  }

  private Checkpointer checkpointer(CheckpointPolicy policy) {
    return Checkpointer.builder()
        .taskId("t")
        .store(store)
        .policy(policy)
        .nanoClock(() -> now)
        .build();
  }

  private List<String> infoLines() {
    return logs.list.stream()
        .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.INFO)
        .map(ILoggingEvent::getFormattedMessage)
        .collect(Collectors.toList());
  }

  @Test
  void defaultPolicyWritesAtMostEveryTenSecondsAndFlushesOnClose() {
    try (Checkpointer cp = checkpointer(CheckpointPolicy.DEFAULT)) {
      cp.committed(T, Position.keyed("id", "1"), 10);
      now += TimeUnit.SECONDS.toNanos(5);
      cp.committed(T, Position.keyed("id", "2"), 10);
      assertThat(store.writes).isEmpty();
      now += TimeUnit.SECONDS.toNanos(5);
      cp.committed(T, Position.keyed("id", "3"), 10);
      assertThat(store.writes).containsExactly("record orders " + Position.keyed("id", "3"));
      now += TimeUnit.SECONDS.toNanos(1);
      cp.committed(T, Position.keyed("id", "4"), 10);
      assertThat(store.writes).hasSize(1);
      assertThat(cp.rowsCommitted(T)).isEqualTo(40);
    }
    assertThat(store.writes).last().isEqualTo("record orders " + Position.keyed("id", "4"));
    assertThat(store.read("t").position(T)).contains(Position.keyed("id", "4"));
  }

  @Test
  void everyBatchPolicyWritesEachCommit() {
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      for (int i = 1; i <= 3; i++) {
        cp.committed(T, Position.keyed("id", Integer.toString(i)), 1);
      }
      assertThat(store.writes).hasSize(3);
    }
  }

  @Test
  void rowLimitWritesBeforeTheIntervalElapses() {
    try (Checkpointer cp = checkpointer(CheckpointPolicy.every(Duration.ofHours(1), 100))) {
      cp.committed(T, Position.keyed("id", "1"), 60);
      assertThat(store.writes).isEmpty();
      cp.committed(T, Position.keyed("id", "2"), 60);
      assertThat(store.writes).hasSize(1);
      cp.committed(T, Position.keyed("id", "3"), 60);
      assertThat(store.writes).hasSize(1);
    }
  }

  @Test
  void finishMarksTheTableAndDropsItsPendingPosition() {
    try (Checkpointer cp = checkpointer(CheckpointPolicy.DEFAULT)) {
      cp.committed(T, Position.keyed("id", "1"), 1);
      cp.finish(T);
      assertThat(cp.resume(T).finished()).isTrue();
      assertThatThrownBy(() -> cp.committed(T, Position.keyed("id", "2"), 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already finished");
    }
    assertThat(store.writes).containsExactly("finish orders");
  }

  @Test
  void aFailedWriteFailsTheCallerAndTheCloseToo() {
    Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch());
    store.failWrites = true;
    assertThatThrownBy(() -> cp.committed(T, Position.keyed("id", "1"), 1))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("disk full");
    // The position is still pending: closing must not pretend it was saved.
    assertThatThrownBy(cp::close).isInstanceOf(StoreException.class);
    assertThat(store.read("t").position(T)).isEmpty();
    // The task is released even so: a restart can open it.
    store.failWrites = false;
    checkpointer(CheckpointPolicy.DEFAULT).close();
  }

  @Test
  void refusesASecondCheckpointerOnTheSameTask() {
    try (Checkpointer first = checkpointer(CheckpointPolicy.DEFAULT)) {
      assertThatThrownBy(() -> checkpointer(CheckpointPolicy.DEFAULT))
          .isInstanceOf(TaskLockedException.class);
      assertThat(first.taskId()).isEqualTo("t");
    }
  }

  @Test
  void logsEachDecisionInTheSeedsWords() {
    TableRef composite = TableRef.of("mysql", "test_db_1", "two_pk");
    TableRef offset = TableRef.of("pg", "public", "view_rows");
    TableRef fresh = TableRef.of("pg", "public", "new_table");
    TableRef done = TableRef.of("mysql", "test_db_@", "finished_table_*$1");
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      cp.committed(
          composite,
          Position.keyed(List.of(KeyColumn.of("f_0", "1"), KeyColumn.of("f_1", "a\"b"))),
          1);
      cp.committed(offset, Position.rowOffset(3000, "ab"), 3000);
      cp.finish(done);
    }
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      logs.list.clear();
      cp.resume(composite);
      cp.resume(offset);
      cp.resume(fresh);
      cp.resume(done);
    }
    assertThat(infoLines())
        .containsExactly(
            "resumer, get resume value, schema: test_db_1, tb: two_pk, col: [f_0, f_1], result: Some([\"1\", \"a\\\"b\"])",
            "resumer, get resume rows, schema: public, tb: view_rows, result: Some(3000)",
            "resumer, get resume value, schema: public, tb: new_table, result: None",
            "resumer, check finished: schema: test_db_@, tb: finished_table_*$1, result: true");
  }

  @Test
  void resetForgetsTheTableEvenWhenAResumeSourceStillNamesIt() {
    ResumeState config =
        ResumeState.builder().position(T, Position.keyed("id", "5"), "resume.config:1").build();
    try (Checkpointer cp =
        Checkpointer.builder().taskId("t").store(store).resumeFrom(() -> config).build()) {
      assertThat(cp.resume(T).position()).contains(Position.keyed("id", "5"));
      cp.reset(T);
      assertThat(cp.resume(T).position()).isEmpty();
      cp.committed(T, Position.keyed("id", "2"), 1);
      assertThat(cp.resume(T).position()).contains(Position.keyed("id", "2"));
    }
  }

  @Test
  void runWrapsACheckedSinkFailureAndRecordsNothingOfThatBatch() {
    Source<Integer> source =
        d ->
            new Source.Cursor<>() {
              int n;

              @Override
              public Batch<Integer> next() {
                n++;
                return n > 3
                    ? null
                    : new Batch<>(List.of(n), Position.keyed("id", Integer.toString(n)));
              }

              @Override
              public void close() {}
            };
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      assertThatThrownBy(
              () ->
                  cp.run(
                      T,
                      source,
                      rows -> {
                        if (rows.get(0) == 2) {
                          throw new IOException("target down");
                        }
                      }))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining(T.toString())
          .hasRootCauseMessage("target down");
    }
    assertThat(store.read("t").position(T)).contains(Position.keyed("id", "1"));
    assertThat(store.read("t").isFinished(T)).isFalse();
  }

  @Test
  void builderNamesTheMissingOrBadParameter() {
    assertThatThrownBy(() -> Checkpointer.builder().taskId(" "))
        .hasMessage("taskId must not be blank, was \" \"");
    assertThatThrownBy(() -> Checkpointer.builder().taskId("x").build())
        .hasMessage("store is required");
    assertThatThrownBy(() -> CheckpointPolicy.every(Duration.ofSeconds(-1)))
        .hasMessageContaining("interval must be >= 0");
  }
}
