package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.Position;
import dev.checkpoint.TableRef;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
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
            Checkpointer.builder()
                .taskId("commits")
                .store(store)
                .policy(CheckpointPolicy.everyBatch())
                .build()) {
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
    return forward(
        DataSource.class,
        real,
        (method, result) ->
            !method.getName().equals("getConnection")
                ? result
                : forward(
                    Connection.class,
                    (Connection) result,
                    (m, r) -> {
                      if (m.getName().equals("commit")) {
                        commits.incrementAndGet();
                      }
                      return r;
                    }));
  }

  /** What a forwarded call returns, given the real call's result. */
  private interface After {
    Object apply(Method method, Object result);
  }

  /**
   * {@code real} behind an interface proxy that passes every call's result through {@code after}.
   */
  private static <T> T forward(Class<T> type, T real, After after) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              try {
                return after.apply(method, method.invoke(real, args));
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            }));
  }
}
