package dev.checkpoint.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.Batch;
import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.KeyColumn;
import dev.checkpoint.Position;
import dev.checkpoint.PositionStore;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.ResumeState;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.TableStatus;
import dev.checkpoint.TaskLockedException;
import dev.checkpoint.TaskSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link PositionStore} must have (over 350 lines: one test per promise of the
 * contract, kept together so a store author reads them in one place). A store's test class extends
 * this and says how to make a fresh store and how to "restart" it (a new instance over the same
 * storage).
 *
 * <p>Each test gets its own task id, so stores backed by a shared database need no cleanup between
 * tests.
 */
public abstract class PositionStoreContract extends StoreSessionContract {

  /**
   * Names that have broken position formats and SQL before: kept in one place for every store().
   */
  public static final List<TableRef> ODD_TABLES =
      List.of(
          TableRef.of("mysql", "test_db_@", "finished_table_*$1"),
          TableRef.of("mysql", "test_db_@", "resume_table_*$4"),
          TableRef.of("pg", "public", "p.k"),
          TableRef.of("pg", "quo\"te", "tab\"le"),
          TableRef.of("mysql", "back`tick", "ta`ble"),
          TableRef.of("mysql", "a-b", "c"),
          TableRef.of("mysql", "a", "b-c"),
          TableRef.of("mysql", "with space", "a table"),
          TableRef.of("pg", "схема", "表_données"),
          TableRef.of("mongo", "db", "coll.with.dots"),
          TableRef.of("mysql", "sl\\ash", "pipe | bar"));

  @Test
  void emptyTaskLoadsEmptyState() {
    try (TaskSession s = store().open(taskId())) {
      assertThat(s.load().isEmpty()).isTrue();
      assertThat(s.taskId()).isEqualTo(taskId());
    }
  }

  @Test
  void roundTripsEveryPositionKindForOddNames() {
    List<Position> kinds =
        List.of(
            Position.keyed("id", "6"),
            Position.keyed("p.k", "1"),
            Position.keyed(List.of(KeyColumn.of("f_0", "1"), KeyColumn.of("f_1", "30"))),
            Position.keyed(List.of(KeyColumn.of("a\"b", null), KeyColumn.of("c`d", "x y"))),
            Position.keyed("k", null),
            Position.keyed("k", ""),
            Position.keyed("k", "quo\"te \\ back | pipe\ttab"),
            Position.keyed("k", "ünïcødé 数据 🙂"),
            Position.keyed("_id", "{\"ObjectId\":\"65e593330723c12a0f3bbc2e\"}"),
            Position.rowOffset(0, null),
            Position.rowOffset(3_000_000_000L, "9f86d081884c7d659a2feaa0c55ad015"));
    ResumeState.Builder expected = ResumeState.builder();
    try (TaskSession s = store().open(taskId())) {
      for (int i = 0; i < ODD_TABLES.size(); i++) {
        TableRef t = ODD_TABLES.get(i);
        Position p = kinds.get(i % kinds.size());
        s.record(t, p);
        expected.position(t, p, null);
      }
      TableRef extra = TableRef.of("mysql", "test_db_@", "in_finished_log_table_*$1");
      s.finish(extra);
      expected.finished(extra, null);
      assertPositionsEqual(s.load(), expected.build());
    }
    assertPositionsEqual(restartAndLoad(), expected.build());
    assertPositionsEqual(store().read(taskId()), expected.build());
  }

  @Test
  void everyKindRoundTripsOnOneTable() {
    TableRef t = ODD_TABLES.get(0);
    for (Position p :
        List.of(
            Position.keyed("id", "6"),
            Position.keyed(List.of(KeyColumn.of("f_0", "1"), KeyColumn.of("f_1", null))),
            Position.rowOffset(42, "abc"))) {
      try (TaskSession s = store().open(taskId())) {
        s.record(t, p);
      }
      assertThat(restartAndLoad().position(t)).contains(p);
    }
  }

  @Test
  void latestPositionWins() {
    TableRef t = TableRef.of("mysql", "test_db", "b");
    try (TaskSession s = store().open(taskId())) {
      for (int i = 1; i <= 50; i++) {
        s.record(t, Position.keyed("id", Integer.toString(i)));
      }
      assertThat(s.load().position(t)).contains(Position.keyed("id", "50"));
    }
    assertThat(restartAndLoad().position(t)).contains(Position.keyed("id", "50"));
  }

  @Test
  void finishedTablesAreKeptAndPositionsOfOthersToo() {
    TableRef a = TableRef.of("mysql", "test_db", "a");
    TableRef b = TableRef.of("mysql", "test_db", "b");
    try (TaskSession s = store().open(taskId())) {
      s.record(a, Position.keyed("id", "3"));
      s.finish(a);
      s.record(b, Position.keyed("id", "6"));
    }
    ResumeState state = restartAndLoad();
    assertThat(state.isFinished(a)).isTrue();
    assertThat(state.isFinished(b)).isFalse();
    assertThat(state.position(b)).contains(Position.keyed("id", "6"));
  }

  @Test
  void storePositionWinsOverResumeSourceAndFinishedIsTheUnion() {
    TableRef inBoth = TableRef.of("mysql", "test_db_@", "in_position_log_table_*$1");
    TableRef onlySource = TableRef.of("mysql", "test_db_1", "one_pk_no_uk");
    TableRef finishedInSource = TableRef.of("mysql", "test_db_@", "finished_table_*$1");
    TableRef finishedInStore = TableRef.of("mysql", "test_db_@", "in_finished_log_table_*$1");
    try (TaskSession s = store().open(taskId())) {
      s.record(inBoth, Position.keyed("p.k", "1"));
      s.finish(finishedInStore);
    }
    ResumeState config =
        ResumeState.builder()
            .position(inBoth, Position.keyed("p.k", "0"), "resume.config:1")
            .position(onlySource, Position.keyed("f_0", "5"), "resume.config:2")
            .finished(finishedInSource, "resume.config:3")
            .position(finishedInStore, Position.keyed("p.k", "9"), "resume.config:4")
            .build();
    try (Checkpointer cp =
        Checkpointer.builder()
            .taskId(taskId())
            .store(reopen(store()))
            .resumeFrom(() -> config)
            .build()) {
      assertThat(cp.resume(inBoth).position()).contains(Position.keyed("p.k", "1"));
      assertThat(cp.resume(onlySource).position()).contains(Position.keyed("f_0", "5"));
      assertThat(cp.resume(onlySource).source()).contains("resume.config:2");
      assertThat(cp.resume(finishedInSource).finished()).isTrue();
      assertThat(cp.resume(finishedInStore).finished()).isTrue();
    }
  }

  @Test
  void resetOfOneTableLeavesTheOthers() {
    TableRef a = TableRef.of("mysql", "s", "a");
    TableRef b = TableRef.of("mysql", "s", "b");
    TableRef c = TableRef.of("mysql", "s", "c");
    try (TaskSession s = store().open(taskId())) {
      s.record(a, Position.keyed("id", "1"));
      s.record(b, Position.keyed("id", "2"));
      s.finish(b);
      s.record(c, Position.rowOffset(5, "ff"));
      s.reset(b);
      s.reset(a);
      assertThat(s.load().tables().keySet()).containsExactly(c);
    }
    ResumeState state = restartAndLoad();
    assertThat(state.tables().keySet()).containsExactly(c);
    try (TaskSession s = reopen(store()).open(taskId())) {
      s.record(a, Position.keyed("id", "7"));
    }
    assertThat(restartAndLoad().position(a)).contains(Position.keyed("id", "7"));
  }

  @Test
  void resetAllForgetsEveryTable() {
    try (TaskSession s = store().open(taskId())) {
      for (TableRef t : ODD_TABLES) {
        s.record(t, Position.keyed("id", "1"));
        s.finish(t);
      }
      s.resetAll();
      assertThat(s.load().isEmpty()).isTrue();
    }
    assertThat(restartAndLoad().isEmpty()).isTrue();
  }

  @Test
  void refusesSecondWriterOnSameTask() {
    PositionStore other = reopen(store());
    try (TaskSession first = store().open(taskId())) {
      first.record(TableRef.of("mysql", "s", "t"), Position.keyed("id", "1"));
      assertThatThrownBy(() -> other.open(taskId()).close())
          .isInstanceOf(TaskLockedException.class);
      first.record(TableRef.of("mysql", "s", "t"), Position.keyed("id", "2"));
    } finally {
      if (other != store()) {
        other.close();
      }
    }
    // Once released, the task opens again and sees the first writer's last position.
    assertThat(restartAndLoad().position(TableRef.of("mysql", "s", "t")))
        .contains(Position.keyed("id", "2"));
  }

  @Test
  void keepsTasksApart() {
    if (!holdsManyTasks()) {
      return;
    }
    TableRef t = TableRef.of("mysql", "s", "t");
    String otherTask = taskId() + "-other";
    try (TaskSession a = store().open(taskId());
        TaskSession b = store().open(otherTask)) {
      a.record(t, Position.keyed("id", "1"));
      b.record(t, Position.keyed("id", "2"));
      b.finish(TableRef.of("mysql", "s", "u"));
      a.resetAll();
    }
    assertThat(store().read(taskId()).isEmpty()).isTrue();
    assertThat(store().read(otherTask).position(t)).contains(Position.keyed("id", "2"));
  }

  @Test
  void keepsTheLatestStatusOfEachTableAcrossRestarts() {
    TableRef a = ODD_TABLES.get(0);
    TableRef b = ODD_TABLES.get(3);
    Instant t0 = Instant.parse("2025-12-16T10:30:00.123456Z");
    try (TaskSession s = store().open(taskId())) {
      s.recordStatus(
          new TableStatus(
              a,
              TableStatus.State.IN_PROGRESS,
              50_000,
              t0,
              t0.plusSeconds(5),
              Duration.ofSeconds(5),
              null));
      s.recordStatus(
          new TableStatus(
              a,
              TableStatus.State.COMPLETED,
              150_000,
              t0,
              t0.plusSeconds(60),
              Duration.ofSeconds(60),
              null));
      s.recordStatus(
          new TableStatus(
              b,
              TableStatus.State.FAILED,
              7,
              t0,
              t0.plusSeconds(2),
              Duration.ofMillis(2_500),
              "column type mismatch: \"x\" | ü"));
    }
    PositionStore again = reopen(store());
    try (TaskSession s = again.open(taskId())) {
      Map<TableRef, TableStatus> st = s.loadStatuses();
      assertThat(st).hasSize(2);
      assertThat(st.get(a).state()).isEqualTo(TableStatus.State.COMPLETED);
      assertThat(st.get(a).rows()).isEqualTo(150_000);
      assertThat(st.get(a).startedAt()).isEqualTo(t0);
      assertThat(st.get(a).duration()).isEqualTo(Duration.ofSeconds(60));
      assertThat(st.get(b).error()).isEqualTo("column type mismatch: \"x\" | ü");
      assertThat(st.get(b).duration()).isEqualTo(Duration.ofMillis(2_500));
    } finally {
      if (again != store()) {
        again.close();
      }
    }
    assertThat(store().readStatuses(taskId())).hasSize(2);
  }

  @Test
  void resetForgetsStatusesAndResetAllForgetsTheTaskStateToo() {
    TableRef a = TableRef.of("mysql", "s", "a");
    TableRef b = TableRef.of("mysql", "s", "b");
    Instant t0 = Instant.parse("2025-12-16T10:30:00Z");
    try (TaskSession s = store().open(taskId())) {
      s.recordStatus(
          new TableStatus(a, TableStatus.State.COMPLETED, 1, t0, t0, Duration.ZERO, null));
      s.recordStatus(
          new TableStatus(b, TableStatus.State.IN_PROGRESS, 2, t0, t0, Duration.ZERO, null));
      s.recordState("{\"total\":3}");
      s.reset(a);
      assertThat(s.loadStatuses().keySet()).containsExactly(b);
      assertThat(s.loadState()).contains("{\"total\":3}");
      s.resetAll();
      assertThat(s.loadStatuses()).isEmpty();
      assertThat(s.loadState()).isEmpty();
    }
    assertThat(store().readStatuses(taskId())).isEmpty();
    assertThat(store().readState(taskId())).isEmpty();
  }

  @Test
  void keepsOnlyTheLatestTaskState() {
    String big = "{\"offsets\":[" + "1,".repeat(2_000) + "2],\"text\":\"ü \\\" |\"}";
    try (TaskSession s = store().open(taskId())) {
      assertThat(s.loadState()).isEmpty();
      s.recordState("{\"total\":1}");
      s.recordState(big);
    }
    PositionStore again = reopen(store());
    try (TaskSession s = again.open(taskId())) {
      assertThat(s.loadState()).contains(big);
    } finally {
      if (again != store()) {
        again.close();
      }
    }
    assertThat(store().readState(taskId())).contains(big);
  }

  /**
   * A run over 100 numbered records is stopped by an exception thrown by the sink after batch k; a
   * new checkpointer resumes it. The target must hold every record exactly once.
   */
  @ParameterizedTest(name = "crash after batch {0}")
  @ValueSource(ints = {0, 1, 2, 7, 14})
  void resumesAfterLastCommittedKeyWithNoLossAndNoDuplicate(int crashAfter) {
    TableRef t = TableRef.of("mysql", "test_db", "numbers");
    List<Long> source = LongStream.rangeClosed(1, 100).boxed().collect(Collectors.toList());
    List<Long> target = new ArrayList<>();
    CrashAfter crash = CrashAfter.batches(crashAfter);
    try (Checkpointer cp =
        Checkpointer.builder()
            .taskId(taskId())
            .store(store())
            .policy(CheckpointPolicy.everyBatch())
            .build()) {
      cp.run(t, keyedSource(source, 7), crash.sink(target::addAll));
    } catch (CrashAfter.SimulatedCrash e) {
      assertThat(e).isSameAs(crash.exception());
    }
    assertThat(target).hasSize(Math.min(100, crashAfter * 7));
    try (Checkpointer cp =
        Checkpointer.builder()
            .taskId(taskId())
            .store(reopen(store()))
            .policy(CheckpointPolicy.everyBatch())
            .build()) {
      cp.run(t, keyedSource(source, 7), target::addAll);
      assertThat(cp.resume(t).finished()).isTrue();
    }
    assertThat(target).isEqualTo(source);
  }

  /** Records ascending longs in batches, keyed on {@code id}. */
  static Source<Long> keyedSource(List<Long> rows, int batchSize) {
    return (ResumeDecision d) -> {
      Optional<Long> after =
          d.position().map(p -> Long.parseLong(((Position.Keyed) p).values().get(0)));
      List<Long> remaining =
          rows.stream()
              .filter(r -> after.isEmpty() || r > after.get())
              .collect(Collectors.toList());
      return new Source.Cursor<>() {
        int i;

        @Override
        public Batch<Long> next() {
          if (i >= remaining.size()) {
            return null;
          }
          List<Long> batch = remaining.subList(i, Math.min(i + batchSize, remaining.size()));
          i += batch.size();
          return new Batch<>(
              List.copyOf(batch), Position.keyed("id", Long.toString(batch.get(batch.size() - 1))));
        }

        @Override
        public void close() {}
      };
    };
  }

  /**
   * Compares what positions and finished marks say, ignoring where they came from.
   *
   * @param actual the state a store gave
   * @param expected the state it should hold
   */
  protected static void assertPositionsEqual(ResumeState actual, ResumeState expected) {
    assertThat(actual.tables().keySet()).isEqualTo(expected.tables().keySet());
    expected
        .tables()
        .forEach(
            (t, e) -> {
              assertThat(actual.position(t)).as("position of %s", t).isEqualTo(e.position());
              assertThat(actual.isFinished(t)).as("finished %s", t).isEqualTo(e.finished());
            });
  }
}
