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
 * Regression: in the same-transaction mode the store's own connection is idle, and once it died the
 * run went on without the task's server lock until the store reconnected at the finish; a second
 * process started meanwhile was let in. Now the lock is taken again at once.
 */
class LockLostInSameTransactionIT {
  private static final TableRef T = TableRef.of("mysql", "shop", "orders");

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aSecondProcessIsRefusedAfterTheStoresLockConnectionWasKilledMidRun(Kind kind)
      throws Exception {
    String table = StoreFixtures.freshTable(kind, "cp_locklost");
    String task = "locklost-" + UUID.randomUUID();
    try (JdbcPositionStore first = StoreFixtures.store(kind, table);
        JdbcPositionStore second = StoreFixtures.store(kind, table);
        TransactionalSession<Connection> s = first.open(task);
        Connection tx = TestDatabases.dataSource(kind).getConnection()) {
      tx.setAutoCommit(false);
      s.recordIn(tx, T, Position.keyed("id", "100"));
      tx.commit();

      StoreFixtures.kill(kind, first.lockConnectionId());
      // A few watchdog rounds: the lock is taken again well within a second.
      Thread.sleep(4 * StoreConnection.WATCH_INTERVAL.toMillis() + 500);

      assertThatThrownBy(() -> second.open(task).close()).isInstanceOf(TaskLockedException.class);
      // The run goes on with its lock, in its own transactions.
      s.recordIn(tx, T, Position.keyed("id", "200"));
      tx.commit();
      assertThat(first.read(task).position(T)).contains(Position.keyed("id", "200"));
    }
  }
}
