package dev.checkpoint.bench;

import dev.checkpoint.Batch;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.jdbc.JdbcSource;
import dev.checkpoint.jdbc.JdbcSources;
import dev.checkpoint.jdbc.Row;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Scenario 2: time from "restart" to the first row delivered, resuming at 10 %, 50 % and 90 % of a
 * large table. Each contender opens its read as a restarted job would (connection, metadata, query)
 * and stops at the first row; the readers run with a batch size of 1 so that the time is to the
 * first row, not to the first full batch.
 */
final class ResumeScenario {
  static final String NAME = "resume";
  static final int[] POINTS = {10, 50, 90};

  /** KEY opens per point and round, times {@code --repeats}. */
  static final int KEY_REPEATS = 3;

  private ResumeScenario() {}

  static void run(Db db, BenchOptions o, Results results) throws Exception {
    long rows = o.resumeRows();
    String table = DataGen.ensureSource(db, rows);
    TableRef ref = db.ref(table);
    String d = db.label();
    results.section(
        NAME,
        d,
        String.format(
            "2. Resume latency: %s, %,d rows (%s); ms from opening the read to the first row,"
                + " PostgreSQL fetch size %,d; median of %d rounds (KEY: each round's value is the"
                + " median of %d interleaved opens)",
            db, rows, table, o.batchSize(), o.rounds(), KEY_REPEATS * o.repeats()));
    long step = Math.max(1, Math.min(1_000, rows / 100));
    long[] at = new long[POINTS.length];
    for (int i = 0; i < POINTS.length; i++) {
      at[i] = Math.round(rows * POINTS[i] / 100.0 / step) * step;
    }
    Position.RowOffset[] offsets = rowOffsets(db, table, ref, step, at);
    // A new source for every read, as a restarted process would build one: nothing learnt by an
    // earlier open (columns, keys) can be reused.
    Supplier<JdbcSource> key =
        () ->
            JdbcSources.keyed(db.ds())
                .table(db.schema, table)
                .key("id")
                .batchSize(1)
                .fetchSize(o.batchSize())
                .build();
    Supplier<JdbcSource> skip =
        () ->
            JdbcSources.rowSkip(db.ds())
                .table(db.schema, table)
                .orderBy("id")
                .batchSize(1)
                .fetchSize(o.batchSize())
                .build();
    SpringBatchReads spring = new SpringBatchReads(db);
    List<Contender> cs = new ArrayList<>();
    for (int i = 0; i < POINTS.length; i++) {
      long a = at[i];
      int p = POINTS[i];
      Position keyed = Position.keyed("id", String.valueOf(a - 1));
      cs.add(
          Contender.of(
              results.series(
                  NAME, d, "key-" + p, "KEY at " + p + " % (WHERE id > ? ORDER BY id)", "ms"),
              db::awaitIdleConnection,
              () -> firstRow(key, decision(ref, keyed), a)));
      Position.RowOffset off = offsets[i];
      cs.add(
          Contender.of(
              results.series(
                  NAME,
                  d,
                  "rowskip-" + p,
                  "ROW_SKIP at " + p + " % (server OFFSET, fingerprint check)",
                  "ms"),
              db::awaitIdleConnection,
              () -> firstRow(skip, decision(ref, off), a)));
      cs.add(
          Contender.of(
              results.series(
                  NAME,
                  d,
                  "sb-" + p,
                  "Spring Batch cursor restart at " + p + " % (skips read.count rows)",
                  "ms"),
              db::awaitIdleConnection,
              () -> spring.restartToFirstRow(table, o.batchSize(), a) / 1e6));
      cs.add(
          Contender.of(
              results.series(NAME, d, "offset-" + p, "OFFSET page at " + p + " %", "ms"),
              db::awaitIdleConnection,
              () -> offsetFirstRow(db, table, o.batchSize(), a)));
    }
    // A KEY open takes a few milliseconds with a spread of as much again (connection, metadata,
    // the scheduler of a shared machine): each round keeps the median of several interleaved
    // opens per point, so that the 90 % / 10 % ratio compares positions, not one unlucky open.
    List<Contender> opens = cs.stream().filter(c -> c.series().id.startsWith("key-")).toList();
    List<Contender> rest = cs.stream().filter(c -> !c.series().id.startsWith("key-")).toList();
    Rounds.run(NAME + " " + d, opens, KEY_REPEATS * o.repeats(), rest, o.rounds());
  }

  private static ResumeDecision decision(TableRef ref, Position p) {
    return new ResumeDecision(ref, false, Optional.of(p), Optional.of("benchmark"));
  }

  /** Opens the reader at the decision and takes its first batch (one row); ms to that row. */
  private static double firstRow(
      Supplier<JdbcSource> source, ResumeDecision decision, long expectedId) {
    long t0 = System.nanoTime();
    try (Source.Cursor<Row> c = source.get().open(decision)) {
      Batch<Row> b = c.next();
      long nanos = System.nanoTime() - t0;
      long id = ((Number) b.rows().get(0).get(0)).longValue();
      if (id != expectedId) {
        throw new IllegalStateException("resumed at id " + id + ", expected " + expectedId);
      }
      return nanos / 1e6;
    }
  }

  private static double offsetFirstRow(Db db, String table, int pageSize, long at)
      throws Exception {
    long t0 = System.nanoTime();
    try (Connection c = db.ds().getConnection();
        PreparedStatement ps = c.prepareStatement(RawReads.offsetPage(db, table, pageSize))) {
      ps.setLong(1, at);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long nanos = System.nanoTime() - t0;
        if (rs.getLong(1) != at) {
          throw new IllegalStateException("OFFSET " + at + " read id " + rs.getLong(1));
        }
        return nanos / 1e6;
      }
    }
  }

  /**
   * The ROW_SKIP positions a run that committed {@code at[i]} rows would have recorded, from one
   * ROW_SKIP read of the table up to the last point (fingerprints included).
   */
  private static Position.RowOffset[] rowOffsets(
      Db db, String table, TableRef ref, long step, long[] at) {
    JdbcSource s =
        JdbcSources.rowSkip(db.ds())
            .table(db.schema, table)
            .orderBy("id")
            .batchSize((int) step)
            .build();
    Position.RowOffset[] out = new Position.RowOffset[at.length];
    long n = 0;
    int next = 0;
    try (Source.Cursor<Row> c = s.open(ResumeDecision.fromStart(ref))) {
      Batch<Row> b;
      while (next < at.length && (b = c.next()) != null) {
        n += b.size();
        while (next < at.length && at[next] == n) {
          out[next++] = (Position.RowOffset) b.position();
        }
      }
    }
    if (next < at.length) {
      throw new IllegalStateException("the ROW_SKIP pre-pass did not reach row " + at[next]);
    }
    return out;
  }
}
