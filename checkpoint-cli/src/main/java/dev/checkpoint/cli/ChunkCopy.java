package dev.checkpoint.cli;

import dev.checkpoint.ConfigException;
import dev.checkpoint.PositionStore;
import dev.checkpoint.ResumeType;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskSession;
import dev.checkpoint.chunk.ChunkedResult;
import dev.checkpoint.chunk.ChunkedRun;
import dev.checkpoint.jdbc.JdbcSinks;
import dev.checkpoint.jdbc.JdbcSource;
import dev.checkpoint.spi.SharedRecordStore;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code parallel_type=chunk}: one table at a time, each split into chunks that {@code
 * parallel_size} threads copy at once ({@link ChunkedRun}): JDBC tables on their partition column,
 * MongoDB collections on {@code _id}. The chunks' plans and leases live in the position table (or
 * collection), so this mode needs {@code resume_type=from_target} or {@code from_db}; with the log
 * store it is a configuration error. A JDBC target with a primary key is upserted; one without is
 * written with plain inserts in the same transaction as each batch's position, which needs the
 * position table in the target ({@code from_target}). MongoDB targets are always replaced by {@code
 * _id}.
 */
final class ChunkCopy {
  /** Copies the table at an index of the run's order with the run's chunks. */
  interface TableCopier {
    ChunkedResult copy(ChunkedRun chunks, int index);
  }

  private final CopyConfig config;
  private final Args args;
  private final PrintStream out;
  private final List<TableRef> tables;
  private final PositionStore store;
  private final boolean resetAll;
  private final TableCopier copier;

  ChunkCopy(
      CopyConfig config,
      Args args,
      PrintStream out,
      List<TableRef> tables,
      PositionStore store,
      boolean resetAll,
      TableCopier copier) {
    this.config = config;
    this.args = args;
    this.out = out;
    this.tables = tables;
    this.store = store;
    this.resetAll = resetAll;
    this.copier = copier;
  }

  /** The JDBC tables of a plan, each on its partition column. */
  static ChunkCopy jdbc(
      CopyRun run, List<CopyPlan.Table> plan, PositionStore store, boolean resetAll) {
    if (run.args.has("no-truncate")) {
      throw new IllegalArgumentException(
          "--no-truncate applies to parallel_type=table: chunks resume mid-way and never empty a"
              + " target");
    }
    return new ChunkCopy(
        run.config,
        run.args,
        run.out,
        plan.stream().map(CopyPlan.Table::source).toList(),
        store,
        resetAll,
        (chunks, i) -> copyJdbc(run, chunks, plan.get(i)));
  }

  /**
   * The store chunks coordinate through: the position table {@code [resumer]} names, never the log
   * directory, which other processes cannot share.
   *
   * @throws ConfigException with the log store
   */
  static SharedRecordStore sharedStore(PositionStore store) {
    if (store instanceof MirroredStore m && m.primary() instanceof SharedRecordStore shared) {
      return shared;
    }
    throw new ConfigException(
        "[extractor] parallel_type=chunk keeps chunk plans and leases in a position table: set"
            + " [resumer] resume_type=from_target or from_db");
  }

  int run() {
    SharedRecordStore shared = sharedStore(store);
    String task = config.task.taskIdOrDerived();
    ChunkedRun chunks =
        ChunkedRun.builder(shared)
            .taskId(task)
            .threads(config.parallelSize)
            .chunkRows(Math.max(1, config.readBatch) * 10)
            .build();
    if (resetAll) {
      for (TableRef t : tables) {
        chunks.reset(t);
      }
      try (TaskSession s = store.open(task)) {
        s.resetAll();
        s.flush();
      }
    }
    int start = startIndex();
    int n = tables.size();
    List<String> failed = new ArrayList<>();
    long rows = 0;
    int done = 0;
    long t0 = System.nanoTime();
    for (int i = start; i < n; i++) {
      TableRef t = tables.get(i);
      String name = name(t);
      String head = "[" + (i + 1) + "/" + n + "] ";
      out.println(head + "Processing: " + name + " (chunks, " + config.parallelSize + " at once)");
      try {
        ChunkedResult r = copier.copy(chunks, i);
        rows += r.rows();
        done++;
        finishInLog(task, t);
        out.println(
            head
                + "Completed: "
                + name
                + ", "
                + r.rows()
                + " rows this run, "
                + r.chunks()
                + " chunks");
      } catch (RuntimeException e) {
        failed.add(name + ": " + e.getMessage());
        out.println(head + "FAILED: " + name + ": " + e.getMessage());
      }
      if ((i + 1 - start) % 10 == 0) {
        out.println("Progress: " + (i + 1) + "/" + n + " tables, " + failed.size() + " failed");
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    out.println();
    out.println("RUN SUMMARY: " + (failed.isEmpty() ? "SUCCEEDED" : "FAILED"));
    out.println(
        "Tables:           "
            + n
            + " ("
            + done
            + " completed, "
            + failed.size()
            + " failed, "
            + start
            + " skipped)");
    out.println("Rows copied:      " + rows);
    out.printf("Duration:         %.1f s%n", secs);
    if (!failed.isEmpty()) {
      out.println("Failed tables:");
      failed.forEach(f -> out.println("  " + f));
      out.println(CopyRun.RESUME_HINT);
    }
    return failed.isEmpty() ? Main.OK : Main.FAILED;
  }

  private static String name(TableRef t) {
    return t.schema() + "." + t.table();
  }

  private static ChunkedResult copyJdbc(CopyRun run, ChunkedRun chunks, CopyPlan.Table t) {
    JdbcSource source = TableCopy.source(run.source, t, run.config, true);
    if (TableCopy.resumesMidway(t)) {
      return chunks.run(t.source(), source, TableCopy.sink(run.target, t, run.config.writeBatch));
    }
    if (run.config.task.resumeType() != ResumeType.FROM_TARGET) {
      throw new ConfigException(
          "target "
              + t.targetName()
              + " has no primary key: in chunks it is written exactly once only with the"
              + " positions in its own database ([resumer] resume_type=from_target)");
    }
    return chunks.runInTransaction(
        t.source(), source, JdbcSinks.inTransaction(run.target, TableCopy.writer(t)));
  }

  /** ape-dts writes finished.log whatever its resumer: so does copy, into [runtime] log_dir. */
  private void finishInLog(String task, TableRef table) {
    if (store instanceof MirroredStore) {
      try (dev.checkpoint.logstore.LogStore log =
              dev.checkpoint.logstore.LogStore.in(config.task.logDir());
          TaskSession s = log.open(task)) {
        s.finish(table);
        s.flush();
      }
    }
  }

  private int startIndex() {
    String from = args.get("start-from-table").orElse(null);
    if (from == null) {
      return 0;
    }
    for (int i = 0; i < tables.size(); i++) {
      TableRef t = tables.get(i);
      if (t.table().equals(from) || name(t).equals(from)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "--start-from-table " + from + " is not a table of this copy");
  }
}
