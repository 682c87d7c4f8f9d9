package dev.checkpoint.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.checkpoint.TableRef;
import dev.checkpoint.chunk.ChunkedResult;
import dev.checkpoint.chunk.ChunkedRun;
import dev.checkpoint.jdbc.JdbcPositionStore;
import dev.checkpoint.jdbc.JdbcSinks;
import dev.checkpoint.jdbc.JdbcSource;
import dev.checkpoint.jdbc.JdbcSources;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 6: rows per second of a chunked copy ({@link ChunkedRun}) of the throughput table with
 * 1, 2 and 4 worker threads, into an empty table, with the upsert sink (at-least-once) and with
 * plain INSERTs and the chunk's position in each batch's transaction (exactly-once). The positions
 * are kept by the JDBC store in the same database. Each copy starts from an empty target and a
 * reset task, so it splits the table again (timed: a worker's run includes it).
 *
 * <p>Not in the default run: it copies the table six times a round.
 */
final class WorkersScenario {
  static final String NAME = "workers";
  static final String TARGET = "tgt_workers";
  static final String POSITIONS = "workers_positions";
  static final int[] THREADS = {1, 2, 4};

  /** Chunks the table is split into: enough for 4 workers to share out evenly. */
  static final int CHUNKS = 64;

  private WorkersScenario() {}

  /** The id of the one-worker copy with the same sink: the reference of {@code id}'s ratio. */
  static String reference(String id) {
    return id.substring(0, id.indexOf('-')) + "-1";
  }

  static void run(Db db, BenchOptions o, Results results) throws Exception {
    long rows = o.rows();
    String table = DataGen.ensureSource(db, rows);
    TableRef ref = db.ref(table);
    int chunkRows = (int) Math.max(1, rows / CHUNKS);
    String d = db.label();
    results.section(
        NAME,
        d,
        String.format(
            "6. Chunked copies: %s, %,d rows (%s) into an empty table, %d chunks of %,d rows, batch"
                + " %,d, JDBC store in the same database; rows/s, median of %d rounds; ratios to 1"
                + " worker with the same sink, per round",
            db, rows, table, CHUNKS, chunkRows, o.batchSize(), o.rounds()));
    DataGen.recreateTarget(db, TARGET);
    // Its own pool: at 4 workers each holds a streaming read, a sink's connection and a store
    // write at once, more than the runner's pool of 8.
    try (HikariDataSource pool = Db.pool(db.kind, db.url, db.schema, 4 + 3 * 4, null);
        JdbcPositionStore store =
            JdbcPositionStore.builder()
                .dataSource(pool)
                .tableFullName(db.schema + "." + POSITIONS)
                .build()) {
      JdbcSource source =
          JdbcSources.keyed(pool)
              .table(db.schema, table)
              .key("id")
              .batchSize(o.batchSize())
              .fetchSize(o.fetchSize())
              .build();
      List<Contender> cs = new ArrayList<>();
      for (boolean tx : new boolean[] {false, true}) {
        for (int threads : THREADS) {
          String id = (tx ? "tx-" : "up-") + threads;
          // The worker count first: the chart keeps only the label's start.
          String label =
              threads
                  + (threads == 1 ? " worker, " : " workers, ")
                  + (tx
                      ? "plain INSERTs, exactly-once"
                          + " (runInTransaction, JdbcSinks.inTransaction(insertInto writer))"
                      : "upsert, at-least-once (run, JdbcSinks.upsertInto(...).sink)");
          Series s = results.series(NAME, d, id, label, "rows/s");
          ChunkedRun run =
              ChunkedRun.builder(store)
                  .taskId("bench-workers-" + id)
                  .workerId("bench")
                  .threads(threads)
                  .chunkRows(chunkRows)
                  .build();
          cs.add(
              Contender.of(
                  s,
                  () -> {
                    DataGen.truncate(db, TARGET);
                    run.reset(ref);
                    // The previous copy's write-back would fall on this one: let it finish first
                    // (a few seconds at most, within the untimed preparation).
                    db.settle(Math.min(15, rows / 100_000.0));
                  },
                  () -> copy(db, run, ref, source, pool, tx, rows, s)));
        }
      }
      Rounds.run(NAME + " " + d, cs, o.rounds());
      System.out.printf(
          "  waited %.1f s for %s to write the copies back%n",
          db.settle(Math.min(30, rows / 40_000.0)), db);
    } finally {
      db.exec("DROP TABLE IF EXISTS " + db.qualified(TARGET));
    }
  }

  /** One timed copy; checks the run finished the table and the target holds every row. */
  private static double copy(
      Db db,
      ChunkedRun run,
      TableRef ref,
      JdbcSource source,
      HikariDataSource pool,
      boolean tx,
      long rows,
      Series s) {
    long t0 = System.nanoTime();
    ChunkedResult r =
        tx
            ? run.runInTransaction(
                ref,
                source,
                JdbcSinks.inTransaction(pool, JdbcSinks.insertInto(db.schema, TARGET).writer()))
            : run.run(ref, source, JdbcSinks.upsertInto(db.schema, TARGET).sink(pool));
    long nanos = System.nanoTime() - t0;
    if (!r.finished()) {
      throw new IllegalStateException("the chunked run did not finish the table: " + r);
    }
    ThroughputScenario.check(rows, db.queryLong("SELECT COUNT(*) FROM " + db.qualified(TARGET)));
    if (r.takenOver() > 0 || r.leasesLost() > 0) {
      // Not an error (the copy is exact), but a sign that a batch outlasted its lease.
      String n = "chunks taken over " + r.takenOver() + ", leases lost " + r.leasesLost();
      s.note = s.note.isEmpty() ? n : s.note + "; " + n;
    }
    return rows / (nanos / 1e9);
  }
}
