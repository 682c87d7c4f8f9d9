package dev.checkpoint.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.checkpoint.BatchSink;
import dev.checkpoint.TableRef;
import dev.checkpoint.TransactionalSink;
import dev.checkpoint.chunk.ChunkedResult;
import dev.checkpoint.chunk.ChunkedRun;
import dev.checkpoint.logstore.LogStore;
import dev.checkpoint.spi.SharedRecordStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A child process of {@link ChunkedWorkersIT}: one worker of a chunked copy of {@code src.t} into
 * {@code dst.t}, coordinated only through the shared position table. Exit code 0 once every chunk
 * of the table is finished (by any worker). The test kills it with SIGKILL at random moments.
 *
 * <p>Arguments: {@code jdbcUrl srcSchema dstSchema store upsert|tx leaseMillis chunkRows [threads
 * [pauseAfter]]}, where {@code store} is a position table's full name or {@code log:DIR} for a log
 * directory (threads of this one process), and {@code pauseAfter} a batch after whose commit the
 * worker waits 3 s for a test to stop it.
 */
public final class ChunkedCopyWorker {
  static final String TASK = "chunked-copy";
  static final String TABLE = "t";

  private ChunkedCopyWorker() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String src = args[1];
    String dst = args[2];
    String storeTable = args[3];
    boolean tx = args[4].startsWith("tx");
    // tx-pause-inside: the pause comes after the batch's position was written, before its commit.
    boolean pauseInside = args[4].equals("tx-pause-inside");
    Duration lease = Duration.ofMillis(Long.parseLong(args[5]));
    int chunkRows = Integer.parseInt(args[6]);
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url);
    int threads = args.length > 7 ? Integer.parseInt(args[7]) : 1;
    cfg.setMaximumPoolSize(2 + 2 * threads);
    try (HikariDataSource ds = new HikariDataSource(cfg);
        AutoCloseable store = store(ds, storeTable)) {
      JdbcSource source = JdbcSources.keyed(ds).table(src, TABLE).batchSize(2_000).build();
      ChunkedRun run =
          ChunkedRun.builder((SharedRecordStore) store)
              .taskId(TASK)
              .lease(lease)
              .chunkRows(chunkRows)
              .threads(threads)
              .build();
      TableRef table = TableRef.of("test", src, TABLE);
      int pauseAfter = args.length > 8 ? Integer.parseInt(args[8]) : 0;
      TransactionalSink<Row, Connection> inTx =
          JdbcSinks.inTransaction(ds, JdbcSinks.insertInto(dst, TABLE).writer());
      BatchSink<Row> upsert = JdbcSinks.upsertInto(dst, TABLE).keys("id").sink(ds);
      AtomicInteger batches = new AtomicInteger();
      JdbcSinks.BatchWriter<Row> writer = JdbcSinks.insertInto(dst, TABLE).writer();
      TransactionalSink<Row, Connection> pausing =
          pauseInside
              ? (t, batch, session) -> {
                try (Connection c = ds.getConnection()) {
                  c.setAutoCommit(false);
                  writer.write(c, batch.rows());
                  session.recordIn(c, t, batch.position());
                  afterCommit(batches, pauseAfter);
                  c.commit();
                }
              }
              : (t, batch, session) -> {
                inTx.accept(t, batch, session);
                afterCommit(batches, pauseAfter);
              };
      ChunkedResult r =
          tx
              ? run.runInTransaction(table, source, pausing)
              : run.run(
                  table,
                  source,
                  rows -> {
                    upsert.accept(rows);
                    afterCommit(batches, pauseAfter);
                  });
      System.out.println("worker done: " + r);
      System.exit(r.finished() ? 0 : 1);
    }
  }

  /**
   * After the {@code pauseAfter}-th committed batch: says so and waits 3 s, outside any
   * transaction, so that a test can stop this process (SIGSTOP) at a known point.
   */
  private static void afterCommit(AtomicInteger batches, int pauseAfter)
      throws InterruptedException {
    if (batches.incrementAndGet() == pauseAfter) {
      System.out.println("PAUSE WINDOW after batch " + pauseAfter);
      System.out.flush();
      Thread.sleep(3_000);
    }
  }

  private static AutoCloseable store(HikariDataSource ds, String store) {
    return store.startsWith("log:")
        ? LogStore.in(Path.of(store.substring(4)))
        : JdbcPositionStore.builder().dataSource(ds).tableFullName(store).build();
  }
}
