package dev.checkpoint.bench;

import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.TableRef;
import dev.checkpoint.TransactionalSession;
import dev.checkpoint.jdbc.JdbcPositionStore;
import dev.checkpoint.jdbc.JdbcSource;
import dev.checkpoint.logstore.FsyncPolicy;
import dev.checkpoint.logstore.LogStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenario 1: rows per second of every way to read the same table, interleaved in rounds.
 *
 * <p>Over 350 lines: one contender per read and copy compared, each described where it is measured.
 */
final class ThroughputScenario {
  static final String NAME = "throughput";
  static final String TARGET = "tgt_copy";

  /** OFFSET pages timed per round at most; the rest of the table is extrapolated. */
  static final int OFFSET_PAGES = 20;

  private ThroughputScenario() {}

  static void run(Db db, BenchOptions o, Results results, Path work) throws Exception {
    String table = DataGen.ensureSource(db, o.rows());
    TableRef ref = db.ref(table);
    long rows = o.rows();
    long pages = (rows + o.batchSize() - 1) / o.batchSize();
    results.section(
        NAME,
        db.label(),
        String.format(
            "1. Read throughput: %s, %,d rows (%s), batch/page/chunk %,d, PostgreSQL fetch size %,d;"
                + " rows/s, median of %d rounds (a-d: each round's value is the median of %d"
                + " interleaved runs)",
            db, rows, table, o.batchSize(), o.fetchSize(), o.rounds(), o.repeats()));
    DataGen.recreateTarget(db, TARGET);
    JdbcSource source = LibraryReads.keyed(db, table, o);
    SpringBatchReads spring = new SpringBatchReads(db);
    List<Contender> cs = new ArrayList<>();
    String d = db.label();

    cs.add(
        Contender.of(
            results.series(
                NAME, d, "a", "raw streaming SELECT * ORDER BY id (the physical limit)", "rows/s"),
            () -> perSecond(rows, () -> RawReads.stream(db, table, o.fetchSize()))));
    cs.add(
        Contender.of(
            results.series(NAME, d, "b", "KEY reader, no checkpoints", "rows/s"),
            () -> perSecond(rows, () -> LibraryReads.read(source, ref))));
    cs.add(
        logStore(
            results,
            d,
            "c",
            "KEY + log store, default policy (10 s), fsync ALWAYS",
            source,
            ref,
            rows,
            work,
            FsyncPolicy.ALWAYS,
            CheckpointPolicy.DEFAULT));
    cs.add(
        logStore(
            results,
            d,
            "c-async",
            "KEY + log store, durable position every batch (fsync ASYNC)",
            source,
            ref,
            rows,
            work,
            FsyncPolicy.ASYNC,
            CheckpointPolicy.everyBatch()));
    cs.add(
        logStore(
            results,
            d,
            "c-always",
            "KEY + log store, every batch, fsync ALWAYS (reference)",
            source,
            ref,
            rows,
            work,
            FsyncPolicy.ALWAYS,
            CheckpointPolicy.everyBatch()));

    JdbcPositionStore store =
        JdbcPositionStore.builder()
            .dataSource(db.ds())
            .tableFullName(db.schema + ".positions")
            .build();
    cs.add(
        Contender.of(
            results.series(
                NAME, d, "d", "KEY + JDBC store (same database), default policy", "rows/s"),
            () -> checkpointed(rows, source, ref, store, CheckpointPolicy.DEFAULT)));
    cs.add(
        Contender.of(
            results.series(
                NAME,
                d,
                "d-batch",
                "KEY + JDBC store, durable upsert every batch (reference)",
                "rows/s"),
            () -> checkpointed(rows, source, ref, store, CheckpointPolicy.everyBatch())));

    cs.add(
        Contender.of(
            copy(
                results.series(
                    NAME,
                    d,
                    "e",
                    "KEY copy into a table, commit per batch, no position",
                    "rows/s")),
            () -> DataGen.truncate(db, TARGET),
            () -> perSecond(rows, () -> LibraryReads.copy(db, source, ref, TARGET, null))));
    AtomicReference<TransactionalSession<Connection>> session = new AtomicReference<>();
    cs.add(
        Contender.of(
            copy(
                results.series(
                    NAME,
                    d,
                    "e-tx",
                    "KEY copy, position written in each batch's transaction",
                    "rows/s")),
            () -> {
              DataGen.truncate(db, TARGET);
              session.set(store.open("copy-" + UUID.randomUUID()));
            },
            () -> {
              try (TransactionalSession<Connection> s = session.get()) {
                return perSecond(rows, () -> LibraryReads.copy(db, source, ref, TARGET, s));
              }
            }));

    // The copy as users run it: the fastest one without this library, this library's, and its
    // exactly-once form.
    cs.add(
        Contender.of(
            copy(
                results.series(
                    NAME,
                    d,
                    "w-raw",
                    db.kind == Db.Kind.PG
                        ? "fastest copy without this library: streaming SELECT into COPY FROM STDIN, commit per batch"
                        : "fastest copy without this library: streaming SELECT into multi-row INSERTs, commit per batch",
                    "rows/s")),
            () -> DataGen.truncate(db, TARGET),
            () ->
                perSecond(
                    rows, () -> RawCopy.copy(db, table, TARGET, o.batchSize(), o.fetchSize()))));
    // The library's copy as users write it, without and with read-ahead.
    for (boolean readAhead : new boolean[] {false, true}) {
      String id = readAhead ? "w-ahead" : "w";
      String description =
          readAhead
              ? "as w, with read-ahead: the next batch is read while the sink writes"
              : "KEY + JdbcSinks.insertInto(...).sink + log store, default policy";
      Path[] copyLog = {null};
      cs.add(
          Contender.of(
              copy(results.series(NAME, d, id, description, "rows/s")),
              () -> {
                DataGen.truncate(db, TARGET);
                copyLog[0] = Files2.freshDir(work.resolve(d + "-" + id));
              },
              () ->
                  timed(
                      rows,
                      LibraryReads.writerCopy(
                          db,
                          source,
                          ref,
                          TARGET,
                          LogStore.in(copyLog[0]),
                          id + "-" + UUID.randomUUID(),
                          readAhead))));
    }
    cs.add(
        Contender.of(
            copy(
                results.series(
                    NAME,
                    d,
                    "w-tx",
                    "KEY + JdbcSinks.inTransaction(insertInto writer) + JDBC store (exactly-once)",
                    "rows/s")),
            () -> DataGen.truncate(db, TARGET),
            () ->
                timed(
                    rows,
                    LibraryReads.exactlyOnceCopy(
                        db, source, ref, TARGET, store, "w-tx-" + UUID.randomUUID()))));

    cs.add(
        Contender.of(
            results.series(
                NAME,
                d,
                "f",
                "Spring Batch JdbcPagingItemReader, chunk step, JDBC JobRepository",
                "rows/s"),
            () ->
                perSecond(
                    rows,
                    () ->
                        spring.run("paging", spring.paging(table, o.batchSize()), o.batchSize()))));
    cs.add(
        Contender.of(
            results.series(
                NAME,
                d,
                "g",
                "Spring Batch JdbcCursorItemReader, chunk step, JDBC JobRepository",
                "rows/s"),
            () ->
                perSecond(
                    rows,
                    () ->
                        spring.run("cursor", spring.cursor(table, o.fetchSize()), o.batchSize()))));
    Series h =
        results.series(
            NAME,
            d,
            "h",
            pages > OFFSET_PAGES
                ? String.format(
                    "LIMIT/OFFSET paging (%d of %,d pages timed, evenly spread; total extrapolated)",
                    OFFSET_PAGES, pages)
                : "LIMIT/OFFSET paging",
            "rows/s");
    cs.add(
        Contender.of(h, () -> RawReads.offsetPaging(db, table, rows, o.batchSize(), OFFSET_PAGES)));

    // The plain reads (a to d) are compared to each other within a percent or two: they run
    // --repeats times in each round; the peers and the references once. The copies write 1M rows
    // each, and the server flushes them for many seconds afterwards (an InnoDB commit can stall
    // on its checkpoint meanwhile): they get rounds of their own, after the reads, so that their
    // writes fall only on each other.
    Set<String> quick = Set.of("a", "b", "c", "c-async", "d");
    Set<String> copies = Set.of("e", "e-tx", "w-raw", "w", "w-ahead", "w-tx");
    List<Contender> q = cs.stream().filter(c -> quick.contains(c.series().id)).toList();
    List<Contender> s =
        cs.stream()
            .filter(c -> !quick.contains(c.series().id) && !copies.contains(c.series().id))
            .toList();
    List<Contender> w = cs.stream().filter(c -> copies.contains(c.series().id)).toList();
    try {
      Rounds.run(NAME + " " + d, q, o.repeats(), s, o.rounds());
      Rounds.run(NAME + " copies " + d, w, o.rounds());
      // About 25 s for the 2 x 1M rows copied per round by default; nothing for tiny tables.
      double budget = Math.min(30, rows / 40_000.0);
      System.out.printf("  waited %.1f s for %s to write the copies back%n", db.settle(budget), db);
    } finally {
      store.close();
      db.exec("DROP TABLE IF EXISTS " + db.qualified(TARGET));
    }
  }

  private static Series copy(Series s) {
    s.note = "own rounds, after the reads; ratios to a and b across rounds";
    return s;
  }

  private static Contender logStore(
      Results results,
      String d,
      String id,
      String label,
      JdbcSource source,
      TableRef ref,
      long rows,
      Path work,
      FsyncPolicy fsync,
      CheckpointPolicy policy) {
    Path[] dir = {null};
    return Contender.of(
        results.series(NAME, d, id, label, "rows/s"),
        () -> dir[0] = Files2.freshDir(work.resolve(d + "-" + id)),
        () ->
            checkpointed(
                rows, source, ref, LogStore.builder().dir(dir[0]).fsync(fsync).build(), policy));
  }

  private static double checkpointed(
      long rows,
      JdbcSource source,
      TableRef ref,
      dev.checkpoint.PositionStore store,
      CheckpointPolicy policy) {
    return timed(
        rows, LibraryReads.checkpointed(source, ref, store, "read-" + UUID.randomUUID(), policy));
  }

  /** Rows per second of a {rows, nanoseconds} result, checked to have seen every row. */
  private static double timed(long rows, long[] rowsAndNanos) {
    check(rows, rowsAndNanos[0]);
    return rows / (rowsAndNanos[1] / 1e9);
  }

  @FunctionalInterface
  interface Counted {
    long rows() throws Exception;
  }

  /** Times the read and checks it saw every row. */
  static double perSecond(long rows, Counted read) throws Exception {
    long t0 = System.nanoTime();
    long n = read.rows();
    long nanos = System.nanoTime() - t0;
    check(rows, n);
    return rows / (nanos / 1e9);
  }

  static void check(long expected, long actual) {
    if (expected != actual) {
      throw new IllegalStateException("read " + actual + " rows, expected " + expected);
    }
  }
}
