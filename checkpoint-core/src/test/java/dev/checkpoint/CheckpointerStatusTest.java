package dev.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CheckpointerStatusTest {
  private static final TableRef T = TableRef.of("mysql", "shop", "orders");
  private final RecordingStore store = new RecordingStore();
  private long now;
  private Instant wall = Instant.parse("2025-12-16T14:25:00Z");

  private Checkpointer checkpointer(CheckpointPolicy policy) {
    return Checkpointer.builder()
        .taskId("t")
        .store(store)
        .policy(policy)
        .nanoClock(() -> now)
        .clock(
            new Clock() {
              @Override
              public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
              }

              @Override
              public Clock withZone(java.time.ZoneId zone) {
                return this;
              }

              @Override
              public Instant instant() {
                return wall;
              }
            })
        .build();
  }

  private void advance(long seconds) {
    now += TimeUnit.SECONDS.toNanos(seconds);
    wall = wall.plusSeconds(seconds);
  }

  private TableStatus stored(TableRef t) {
    return store.readStatuses("t").get(t);
  }

  @Test
  void startedTableIsInProgressAndEachPositionWriteCarriesItsRows() {
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      TableStatus started = cp.tableStarted(T);
      assertThat(started.state()).isEqualTo(TableStatus.State.IN_PROGRESS);
      assertThat(started.rows()).isZero();
      cp.committed(T, Position.keyed("id", "10"), 10);
      cp.committed(T, Position.keyed("id", "20"), 10);
      assertThat(stored(T).rows()).isEqualTo(20);
      assertThat(stored(T).state()).isEqualTo(TableStatus.State.IN_PROGRESS);
    }
    // Each status goes just before the position it counts up to, and names it.
    assertThat(store.writes)
        .containsExactly(
            "status orders in_progress 0",
            "status orders in_progress 10",
            "record orders " + Position.keyed("id", "10"),
            "status orders in_progress 20",
            "record orders " + Position.keyed("id", "20"));
    TableStatus last = stored(T);
    assertThat(last.atPosition()).isEqualTo(PositionDigest.of(T, Position.keyed("id", "20")));
    assertThat(last.rowsBefore()).isEqualTo(10);
  }

  @Test
  void countsAndDurationContinueAfterARestartAndEndCompleted() {
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      cp.tableStarted(T);
      advance(4);
      cp.committed(T, Position.keyed("id", "30"), 30);
    }
    advance(100); // the time between runs is not time spent on the table
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      TableStatus resumed = cp.tableStarted(T);
      assertThat(resumed.rows()).isEqualTo(30);
      assertThat(resumed.startedAt()).isEqualTo(Instant.parse("2025-12-16T14:25:00Z"));
      advance(6);
      cp.committed(T, Position.keyed("id", "50"), 20);
      cp.finish(T);
      assertThat(cp.rowsCommitted(T)).as("this run's rows").isEqualTo(20);
    }
    TableStatus done = stored(T);
    assertThat(done.state()).isEqualTo(TableStatus.State.COMPLETED);
    assertThat(done.rows()).isEqualTo(50);
    assertThat(done.duration()).isEqualTo(Duration.ofSeconds(10));
    assertThat(done.error()).isNull();
    assertThat(store.read("t").isFinished(T)).isTrue();
  }

  @Test
  void aBatchRedeliveredAfterACrashIsNotCountedTwice() {
    Checkpointer dying = checkpointer(CheckpointPolicy.every(Duration.ofSeconds(10)));
    dying.tableStarted(T);
    advance(11);
    dying.committed(T, Position.keyed("id", "10"), 10); // due: position and status written
    advance(1);
    dying.committed(T, Position.keyed("id", "20"), 10); // pending when the process dies
    store.crash();
    assertThatThrownBy(dying::close).isInstanceOf(StoreException.class);
    assertThat(stored(T).rows()).isEqualTo(10);
    try (Checkpointer cp = checkpointer(CheckpointPolicy.every(Duration.ofSeconds(10)))) {
      assertThat(cp.resume(T).position()).contains(Position.keyed("id", "10"));
      assertThat(cp.tableStarted(T).rows()).isEqualTo(10);
      cp.committed(T, Position.keyed("id", "20"), 10); // batch 2 again
      cp.finish(T);
    }
    assertThat(stored(T).rows()).isEqualTo(20);
  }

  @Test
  void aCrashBetweenTheFirstStatusAndItsPositionRestartsTheCountWithTheTable() {
    Checkpointer dying = checkpointer(CheckpointPolicy.everyBatch());
    dying.tableStarted(T);
    store.crashAt = "record";
    assertThatThrownBy(() -> dying.committed(T, Position.keyed("id", "10"), 10))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(dying::close).isInstanceOf(StoreException.class);
    assertThat(stored(T).rows()).as("status written, position not").isEqualTo(10);
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      assertThat(cp.resume(T).position()).isEmpty();
      assertThat(cp.tableStarted(T).rows())
          .as("read from the beginning, counted from zero")
          .isZero();
      cp.committed(T, Position.keyed("id", "10"), 10);
      cp.finish(T);
    }
    assertThat(stored(T).rows()).isEqualTo(10);
  }

  @Test
  void aCrashBetweenALaterStatusAndItsPositionResumesWithTheRowsOfTheStoredPosition() {
    Checkpointer dying = checkpointer(CheckpointPolicy.everyBatch());
    dying.tableStarted(T);
    dying.committed(T, Position.keyed("id", "10"), 10);
    dying.committed(T, Position.keyed("id", "20"), 10);
    store.crashAt = "record";
    assertThatThrownBy(() -> dying.committed(T, Position.keyed("id", "30"), 10))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(dying::close).isInstanceOf(StoreException.class);
    assertThat(store.read("t").position(T)).contains(Position.keyed("id", "20"));
    assertThat(stored(T).rows()).as("the status went out, its position did not").isEqualTo(30);
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      assertThat(cp.tableStarted(T).rows()).isEqualTo(20);
      cp.committed(T, Position.keyed("id", "30"), 10); // batch 3 again
      cp.finish(T);
    }
    assertThat(stored(T).rows()).isEqualTo(30);
  }

  @Test
  void aStatusWithoutAPositionDigestIsTakenAsItIs() {
    // As a store holds a status written by other code, or before statuses named positions.
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      cp.committed(T, Position.keyed("id", "40"), 40);
    }
    TaskSession s = store.delegate.open("t");
    s.recordStatus(
        new TableStatus(
            T, TableStatus.State.IN_PROGRESS, 40, wall, wall, Duration.ofSeconds(3), null));
    s.close();
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      assertThat(cp.tableStarted(T).rows()).isEqualTo(40);
    }
  }

  @Test
  void aRowOffsetTableTakesItsCountFromItsPosition() {
    Checkpointer dying = checkpointer(CheckpointPolicy.everyBatch());
    dying.tableStarted(T);
    dying.committed(T, Position.rowOffset(100, "f100"), 100);
    store.crashAt = "record";
    assertThatThrownBy(() -> dying.committed(T, Position.rowOffset(200, "f200"), 100))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(dying::close).isInstanceOf(StoreException.class);
    assertThat(store.read("t").position(T)).contains(Position.rowOffset(100, "f100"));
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      assertThat(cp.tableStarted(T).rows()).isEqualTo(100);
    }
  }

  @Test
  void aFailedTableKeepsItsErrorTimeAndPositionAndIsRetriedFromThere() {
    try (Checkpointer cp = checkpointer(CheckpointPolicy.every(Duration.ofHours(1)))) {
      cp.tableStarted(T);
      cp.committed(T, Position.keyed("id", "7"), 7); // pending under the hourly policy
      advance(2);
      TableStatus failed =
          cp.tableFailed(
              T, new CheckpointException("sink failed", new java.io.IOException("target down")));
      assertThat(failed.state()).isEqualTo(TableStatus.State.FAILED);
      assertThat(failed.error()).isEqualTo("sink failed; caused by target down");
      assertThat(failed.updatedAt()).isEqualTo(Instant.parse("2025-12-16T14:25:02Z"));
    }
    assertThat(store.read("t").position(T)).contains(Position.keyed("id", "7"));
    assertThat(stored(T).state()).isEqualTo(TableStatus.State.FAILED);
    assertThat(stored(T).rows()).isEqualTo(7);
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      TableStatus retried = cp.tableStarted(T);
      assertThat(retried.state()).isEqualTo(TableStatus.State.IN_PROGRESS);
      assertThat(retried.rows()).isEqualTo(7);
      assertThat(retried.error()).isNull();
    }
  }

  @Test
  void finishingAFinishedTableWhoseStatusWasNotWrittenCompletesTheStatus() {
    Checkpointer dying = checkpointer(CheckpointPolicy.everyBatch());
    dying.tableStarted(T);
    dying.committed(T, Position.keyed("id", "5"), 5);
    store.crashAt = "status orders completed";
    assertThatThrownBy(() -> dying.finish(T)).isInstanceOf(StoreException.class);
    dying.close(); // nothing is pending: the finished mark was written, only its status was not
    assertThat(store.read("t").isFinished(T)).isTrue();
    assertThat(stored(T).state()).isEqualTo(TableStatus.State.IN_PROGRESS);
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      assertThat(cp.resume(T).finished()).isTrue();
      cp.finish(T);
    }
    assertThat(stored(T).state()).isEqualTo(TableStatus.State.COMPLETED);
    assertThat(stored(T).rows()).isEqualTo(5);
  }

  @Test
  void aTableWithoutPositionsShowsItsRowsByThePolicyAndRestartsFromZero() {
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      cp.tableStarted(T);
      cp.committed(T, Position.none(), 10);
      assertThat(stored(T).rows()).isEqualTo(10);
    }
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      assertThat(cp.tableStarted(T).rows()).isZero();
    }
  }

  @Test
  void resetDropsTheStatusAndTheCountStartsAgain() {
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      cp.tableStarted(T);
      cp.committed(T, Position.keyed("id", "5"), 5);
      cp.reset(T);
      assertThat(cp.status(T)).isEmpty();
      assertThat(stored(T)).isNull();
      assertThat(cp.tableStarted(T).rows()).isZero();
    }
  }

  @Test
  void untrackedTablesWriteNoStatus() {
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      cp.committed(T, Position.keyed("id", "5"), 5);
      cp.finish(T);
    }
    assertThat(store.writes).noneMatch(w -> w.startsWith("status"));
  }

  @Test
  void statusesOfAnEarlierRunAreLoaded() {
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      cp.tableStarted(T);
      cp.tableFailed(T, new IllegalStateException("boom"));
    }
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      assertThat(cp.statuses()).containsOnlyKeys(T);
      assertThat(cp.status(T).orElseThrow().error()).isEqualTo("boom");
    }
  }

  @Test
  void tableFailedNeedsAStartedTable() {
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      assertThatThrownBy(() -> cp.tableFailed(T, new RuntimeException("x")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("not started");
    }
  }
}
