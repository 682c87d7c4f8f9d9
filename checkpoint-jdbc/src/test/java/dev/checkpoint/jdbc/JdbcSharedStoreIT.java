package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.spi.StoreRecord;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The conditional writes chunked runs coordinate through, on both databases. */
class JdbcSharedStoreIT {
  private static JdbcPositionStore store(Kind kind, String prefix) {
    return JdbcPositionStore.builder()
        .dataSource(TestDatabases.dataSource(kind))
        .tableFullName(StoreFixtures.freshTable(kind, prefix))
        .build();
  }

  private static String data(JdbcPositionStore store, String key) {
    return store.readRecords("t").stream()
        .filter(r -> r.key().equals(key))
        .map(StoreRecord::data)
        .findFirst()
        .orElse(null);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void eachWriteLandsOnlyOnTheExpectedData(Kind kind) {
    try (JdbcPositionStore store = store(kind, "cas")) {
      assertThat(store.compareAndSet("t", "Chunk", "k", null, "a")).isTrue();
      assertThat(store.compareAndSet("t", "Chunk", "k", null, "b")).isFalse();
      assertThat(store.compareAndSet("t", "Chunk", "k", "x", "b")).isFalse();
      assertThat(data(store, "k")).isEqualTo("a");
      assertThat(store.compareAndSet("t", "Chunk", "k", "a", "b")).isTrue();
      assertThat(store.compareAndSet("t", "Chunk", "k", "B", "c")).isFalse(); // binary compare
      assertThat(store.compareAndSet("t", "Chunk", "k", "a", null)).isFalse();
      assertThat(store.compareAndSet("t", "Chunk", "k", "b", null)).isTrue();
      assertThat(data(store, "k")).isNull();
      assertThat(store.compareAndSet("t", "Chunk", "k", null, "again")).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void inTheCallersTransactionARollbackUndoesTheWriteAndARefusalLeavesItUsable(Kind kind)
      throws Exception {
    DataSource ds = TestDatabases.dataSource(kind);
    try (JdbcPositionStore store = store(kind, "cas_tx");
        Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      assertThat(store.compareAndSetIn(c, "t", "Chunk", "k", null, "a")).isTrue();
      c.rollback();
      assertThat(data(store, "k")).isNull();
      assertThat(store.compareAndSetIn(c, "t", "Chunk", "k", null, "a")).isTrue();
      // A refused insert is no error on PostgreSQL either: the transaction goes on.
      assertThat(store.compareAndSetIn(c, "t", "Chunk", "k", null, "b")).isFalse();
      assertThat(store.compareAndSetIn(c, "t", "Chunk", "k", "a", "c")).isTrue();
      c.commit();
      c.setAutoCommit(true);
      assertThat(data(store, "k")).isEqualTo("c");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void concurrentIncrementsThroughCompareAndSetLoseNothing(Kind kind) throws Exception {
    try (JdbcPositionStore store = store(kind, "cas_race")) {
      store.compareAndSet("t", "Chunk", "n", null, "0");
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<Integer>> done = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        done.add(
            pool.submit(
                () -> {
                  int wins = 0;
                  while (wins < 25) {
                    String now = data(store, "n");
                    String next = Integer.toString(Integer.parseInt(now) + 1);
                    if (store.compareAndSet("t", "Chunk", "n", now, next)) {
                      wins++;
                    }
                  }
                  return wins;
                }));
      }
      int total = 0;
      for (Future<Integer> f : done) {
        total += f.get();
      }
      pool.shutdown();
      assertThat(total).isEqualTo(100);
      assertThat(data(store, "n")).isEqualTo("100");
    }
  }
}
