package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.Position;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskLockedException;
import dev.checkpoint.TransactionalSession;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.sql.Connection;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One live writer per task, and no writes at all from a stale one. Each store instance stands for a
 * process; killing a store's connection on the server stands for its network or its host failing
 * while the JVM (and the session object) lives on.
 */
class JdbcPositionStoreFencingIT {
  private static final TableRef T = TableRef.of("mysql", "shop", "orders");

  private static String table(Kind kind) {
    return StoreFixtures.freshTable(kind, "cp_fence");
  }

  private static String task() {
    return "fence-" + UUID.randomUUID();
  }

  private static long lockConnection(JdbcPositionStore store) throws Exception {
    return store.lockConnectionId();
  }

  /** Opens the task once the server has dropped the old holder's lock. */
  private static TransactionalSession<Connection> openWhenFree(
      JdbcPositionStore store, String task) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try {
        return store.open(task);
      } catch (TaskLockedException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        StoreFixtures.sleep(50);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void refusesSecondProcessAndNamesTheHolder(Kind kind) {
    String table = table(kind);
    String task = task();
    try (JdbcPositionStore first = StoreFixtures.store(kind, table);
        JdbcPositionStore second = StoreFixtures.store(kind, table);
        TransactionalSession<Connection> s = first.open(task)) {
      assertThatThrownBy(() -> second.open(task))
          .isInstanceOf(TaskLockedException.class)
          .hasMessageContaining("held by another live writer")
          .hasMessageContaining("process " + ProcessHandle.current().pid() + "@");
      assertThatThrownBy(() -> first.open(task))
          .isInstanceOf(TaskLockedException.class)
          .hasMessageContaining("already open in this store");
      s.record(T, Position.keyed("id", "1"));
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void closedTaskOpensAgainAtOnceInAnotherProcess(Kind kind) {
    String table = table(kind);
    String task = task();
    try (JdbcPositionStore first = StoreFixtures.store(kind, table);
        JdbcPositionStore second = StoreFixtures.store(kind, table)) {
      first.open(task).close();
      try (TransactionalSession<Connection> s = second.open(task)) {
        s.record(T, Position.keyed("id", "1"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void deadProcessReleasesTheTaskAndItsStaleSessionCannotMoveThePositionBack(Kind kind)
      throws Exception {
    String table = table(kind);
    String task = task();
    try (JdbcPositionStore stale = StoreFixtures.store(kind, table);
        JdbcPositionStore fresh = StoreFixtures.store(kind, table)) {
      TransactionalSession<Connection> old = stale.open(task);
      old.record(T, Position.keyed("id", "5"));
      stale.pauseWatchdog(); // the process is dying: nothing takes its lock again
      StoreFixtures.kill(kind, lockConnection(stale));

      try (TransactionalSession<Connection> taken = openWhenFree(fresh, task)) {
        taken.record(T, Position.keyed("id", "10"));

        // First through the caller's transaction, before the stale session has touched (and
        // so noticed) its dead connection: only the epoch check in that transaction stops it.
        try (Connection tx = TestDatabases.dataSource(kind).getConnection()) {
          tx.setAutoCommit(false);
          assertThatThrownBy(() -> old.recordIn(tx, T, Position.keyed("id", "4")))
              .isInstanceOf(TaskLockedException.class)
              .hasMessageContaining("taken over");
          tx.rollback();
        }
        assertThatThrownBy(() -> old.record(T, Position.keyed("id", "3")))
            .isInstanceOf(TaskLockedException.class);
        assertThatThrownBy(() -> old.finish(T)).isInstanceOf(TaskLockedException.class);
        assertThatThrownBy(() -> old.resetAll()).isInstanceOf(TaskLockedException.class);

        assertThat(fresh.read(task).position(T)).contains(Position.keyed("id", "10"));
        assertThat(fresh.read(task).isFinished(T)).isFalse();
        taken.record(T, Position.keyed("id", "11"));
      }
      old.close();
      assertThat(stale.read(task).position(T)).contains(Position.keyed("id", "11"));
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void staleSessionStaysFencedAfterTheNewOwnerLeftAndDoesNotBlockTheNextOne(Kind kind)
      throws Exception {
    String table = table(kind);
    String task = task();
    try (JdbcPositionStore stale = StoreFixtures.store(kind, table);
        JdbcPositionStore fresh = StoreFixtures.store(kind, table)) {
      TransactionalSession<Connection> old = stale.open(task);
      old.record(T, Position.keyed("id", "5"));
      stale.pauseWatchdog(); // the process is dying: nothing takes its lock again
      StoreFixtures.kill(kind, lockConnection(stale));
      try (TransactionalSession<Connection> taken = openWhenFree(fresh, task)) {
        taken.record(T, Position.keyed("id", "10"));
      }
      // The task is free now, so the stale session gets its lock back on reconnecting; the epoch
      // still tells it that someone else wrote since.
      assertThatThrownBy(() -> old.record(T, Position.keyed("id", "3")))
          .isInstanceOf(TaskLockedException.class)
          .hasMessageContaining("taken over");
      assertThat(fresh.read(task).position(T)).contains(Position.keyed("id", "10"));
      // Fenced, it let the lock go: the next process is not refused.
      try (TransactionalSession<Connection> next = fresh.open(task)) {
        next.record(T, Position.keyed("id", "12"));
      }
      old.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void sessionKeepsItsTaskWhenItsConnectionDiesAndNobodyTookOver(Kind kind) throws Exception {
    String table = table(kind);
    String task = task();
    try (JdbcPositionStore store = StoreFixtures.store(kind, table);
        JdbcPositionStore other = StoreFixtures.store(kind, table);
        TransactionalSession<Connection> s = store.open(task)) {
      s.record(T, Position.keyed("id", "5"));
      long before = lockConnection(store);
      StoreFixtures.kill(kind, before);

      s.record(T, Position.keyed("id", "6"));

      assertThat(lockConnection(store)).isNotEqualTo(before);
      assertThat(other.read(task).position(T)).contains(Position.keyed("id", "6"));
      assertThatThrownBy(() -> other.open(task)).isInstanceOf(TaskLockedException.class);
    }
  }
}
