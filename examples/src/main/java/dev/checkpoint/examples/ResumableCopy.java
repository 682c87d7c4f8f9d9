package dev.checkpoint.examples;

import com.zaxxer.hikari.HikariDataSource;
import dev.checkpoint.BatchSink;
import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.jdbc.JdbcSinks;
import dev.checkpoint.jdbc.JdbcSources;
import dev.checkpoint.jdbc.Row;
import dev.checkpoint.logstore.LogStore;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Example 1, the copy itself: {@code shop.orders} to {@code warehouse.orders} on PostgreSQL, read
 * by primary key (strategy KEY), positions in a log directory, written with {@code
 * JdbcSinks.upsertInto} (PostgreSQL COPY into a staging table, then one INSERT ... ON CONFLICT).
 *
 * <p>Run it, kill it at any moment, run it again: it resumes after the last recorded position. The
 * rows committed after that position are read and written once more; the upsert makes that harmless
 * (at-least-once delivery into an idempotent sink). {@link ResumableCopyDemo} runs it in a child
 * JVM and kills it with SIGKILL.
 *
 * <p>{@code ResumableCopy JDBC_URL LOG_DIR}
 */
public final class ResumableCopy {
  private ResumableCopy() {}

  public static void main(String[] args) {
    try (HikariDataSource db = new HikariDataSource()) {
      db.setJdbcUrl(args[0]);
      copy(db, Path.of(args[1]));
    }
  }

  // tag::resumable-copy[]
  static long copy(DataSource db, Path logDir) {
    TableRef orders = TableRef.of("pg", "shop", "orders");
    Source<Row> source = JdbcSources.keyed(db).table(orders).key("id").batchSize(5_000).build();
    // COPY into the table; a batch that meets rows already there: INSERT ... ON CONFLICT (id)
    // DO UPDATE from a temporary table. Committed per batch.
    BatchSink<Row> upsert = JdbcSinks.upsertInto("warehouse", "orders").sink(db);
    Progress progress = new Progress();
    try (Checkpointer cp =
        Checkpointer.builder()
            .taskId("copy-shop-orders")
            .store(LogStore.in(logDir)) // position.log + finished.log
            .policy(CheckpointPolicy.every(Duration.ofSeconds(1), 100_000))
            .readAhead(true) // read the next batch while the sink writes this one
            .build()) {
      long rows =
          cp.run(
              orders,
              source,
              batch -> {
                upsert.accept(batch); // committed when it returns: the position may now be recorded
                progress.add(batch.size());
              });
      progress.done(rows);
      return rows;
    }
  }
  // end::resumable-copy[]

  /** Prints rows copied and the rate every 100,000 rows. */
  static final class Progress {
    private final long start = System.nanoTime();
    private long rows;
    private long nextReport = 100_000;

    void add(int n) {
      rows += n;
      if (rows >= nextReport) {
        nextReport += 100_000;
        System.out.printf("%,11d rows copied in this run  %,9.0f rows/s%n", rows, rate());
      }
    }

    void done(long total) {
      System.out.printf("done: %,d rows copied in this run  %,.0f rows/s%n", total, rate());
    }

    private double rate() {
      double seconds = (System.nanoTime() - start) / 1e9;
      return seconds > 0 ? rows / seconds : 0;
    }
  }
}
