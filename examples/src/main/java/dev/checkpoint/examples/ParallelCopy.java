package dev.checkpoint.examples;

import com.zaxxer.hikari.HikariDataSource;
import dev.checkpoint.TableRef;
import dev.checkpoint.chunk.ChunkedResult;
import dev.checkpoint.chunk.ChunkedRun;
import dev.checkpoint.jdbc.JdbcPositionStore;
import dev.checkpoint.jdbc.JdbcSinks;
import dev.checkpoint.jdbc.JdbcSource;
import dev.checkpoint.jdbc.JdbcSources;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The worker of {@link ParallelCopyDemo}: one of N processes that copy {@code shop.orders} to
 * {@code warehouse.orders} in chunks. Start as many as you like, on any machines, with the same
 * task: they share the position table in the target database and nothing else. Each batch's rows
 * and its chunk's position commit in one transaction, so plain INSERTs into a target with no unique
 * key end with every row exactly once, however many workers die.
 *
 * <p>{@code ParallelCopy JDBC_URL}; exit code 0 once every chunk of the table is finished.
 */
public final class ParallelCopy {
  private ParallelCopy() {}

  public static void main(String[] args) {
    try (HikariDataSource db = new HikariDataSource()) {
      db.setJdbcUrl(args[0]);
      db.setMaximumPoolSize(3);
      ChunkedResult r = copy(db);
      System.out.printf(
          "worker done: %,d rows, %d chunks, %d taken over, %d lost%n",
          r.rows(), r.chunks(), r.takenOver(), r.leasesLost());
      System.exit(r.finished() ? 0 : 1);
    }
  }

  // tag::parallel-copy[]
  static ChunkedResult copy(DataSource db) {
    TableRef orders = TableRef.of("pg", "shop", "orders");
    JdbcSource source = JdbcSources.keyed(db).table(orders).batchSize(5_000).build();
    try (JdbcPositionStore store =
        JdbcPositionStore.builder()
            .dataSource(db)
            .tableFullName("warehouse.checkpoint_positions")
            .build()) {
      ChunkedRun run =
          ChunkedRun.builder(store)
              .taskId("parallel-copy-orders") // the same in every worker
              .chunkRows(50_000) // the split, made once by the first worker and kept
              .lease(Duration.ofSeconds(3)) // a dead worker's chunk is taken over after 3 s
              .build();
      // rows and the chunk's position in one transaction: exactly-once with plain INSERTs
      return run.runInTransaction(
          orders,
          source,
          JdbcSinks.inTransaction(db, JdbcSinks.insertInto("warehouse", "orders").writer()));
    }
  }
  // end::parallel-copy[]
}
