package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.Position;
import dev.checkpoint.TableRef;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A table's status goes with its position: one commit per checkpoint, counted on the wire. */
class JdbcPositionStoreCommitsIT {
  private static final TableRef T = TableRef.of("mysql", "shop", "orders");

  @ParameterizedTest
  @EnumSource(Kind.class)
  void withStatusesOnACheckpointIsOneCommit(Kind kind) {
    AtomicInteger commits = new AtomicInteger();
    DataSource counting = countingCommits(TestDatabases.dataSource(kind), commits);
    String table = StoreFixtures.freshTable(kind, "cp_commits");
    try (JdbcPositionStore store =
            JdbcPositionStore.builder().dataSource(counting).tableFullName(table).build();
        Checkpointer cp =
            Checkpointer.builder().taskId("commits").store(store).policy(CheckpointPolicy.everyBatch()).build()) {
      cp.tableStarted(T);
      int before = commits.get();
      for (int i = 1; i <= 5; i++) {
        cp.committed(T, Position.keyed("id", Integer.toString(i * 100)), 100);
      }
      assertThat(commits.get() - before).isEqualTo(5);
      assertThat(store.readStatuses("commits").get(T).rows()).isEqualTo(500);
      assertThat(store.read("commits").position(T)).contains(Position.keyed("id", "500"));
    }
  }

  /** A data source whose connections count their commits. */
  private static DataSource countingCommits(DataSource real, AtomicInteger commits) {
    return new DataSource() {
      @Override
      public Connection getConnection() throws SQLException {
        Connection c = real.getConnection();
        return (Connection)
            Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("commit")) {
                    commits.incrementAndGet();
                  }
                  try {
                    return method.invoke(c, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
      }

      @Override
      public Connection getConnection(String user, String password) throws SQLException {
        throw new SQLException("not used");
      }

      @Override
      public PrintWriter getLogWriter() {
        return null;
      }

      @Override
      public void setLogWriter(PrintWriter out) {}

      @Override
      public void setLoginTimeout(int seconds) {}

      @Override
      public int getLoginTimeout() {
        return 0;
      }

      @Override
      public Logger getParentLogger() {
        return Logger.getGlobal();
      }

      @Override
      public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
      }

      @Override
      public boolean isWrapperFor(Class<?> iface) {
        return false;
      }
    };
  }
}
