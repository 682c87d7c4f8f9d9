package dev.checkpoint.cli;

import dev.checkpoint.ConfigException;
import dev.checkpoint.PositionStore;
import dev.checkpoint.ResumeType;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskSession;
import dev.checkpoint.chunk.ChunkedResult;
import dev.checkpoint.chunk.ChunkedRun;
import dev.checkpoint.jdbc.JdbcPositionStore;
import dev.checkpoint.jdbc.JdbcSinks;
import dev.checkpoint.jdbc.JdbcSource;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code parallel_type=chunk}: one table at a time, each split into chunks of its partition column
 * that {@code parallel_size} threads copy at once ({@link ChunkedRun}). The chunks' plans and
 * leases live in the position table, so this mode needs {@code resume_type=from_target} or {@code
 * from_db}; with the log store it is a configuration error. A target with a primary key is
 * upserted; one without is written with plain inserts in the same transaction as each batch's
 * position, which needs the position table in the target ({@code from_target}).
 */
final class ChunkCopy {
  private final CopyRun run;
  private final List<CopyPlan.Table> plan;
  private final PositionStore store;
  private final boolean resetAll;

  ChunkCopy(CopyRun run, List<CopyPlan.Table> plan, PositionStore store, boolean resetAll) {
    this.run = run;
    this.plan = plan;
    this.store = store;
    this.resetAll = resetAll;
  }

  int run() {
    PositionStore primary = store instanceof MirroredStore m ? m.primary() : store;
    if (!(primary instanceof JdbcPositionStore shared)) {
      throw new ConfigException(
          "[extractor] parallel_type=chunk keeps chunk plans and leases in a position table: set"
              + " [resumer] resume_type=from_target or from_db");
    }
    if (run.args.has("no-truncate")) {
      throw new IllegalArgumentException(
          "--no-truncate applies to parallel_type=table: chunks resume mid-way and never empty a"
              + " target");
    }
    String task = run.config.task.taskIdOrDerived();
    ChunkedRun chunks =
        ChunkedRun.builder(shared)
            .taskId(task)
            .threads(run.config.parallelSize)
            .chunkRows(Math.max(1, run.config.readBatch) * 10)
            .build();
    if (resetAll) {
      for (CopyPlan.Table t : plan) {
        chunks.reset(t.source());
      }
      try (TaskSession s = store.open(task)) {
        s.resetAll();
        s.flush();
      }
    }
    int start = startIndex();
    int n = plan.size();
    List<String> failed = new ArrayList<>();
    long rows = 0;
    int done = 0;
    long t0 = System.nanoTime();
    for (int i = start; i < n; i++) {
      CopyPlan.Table t = plan.get(i);
      String head = "[" + (i + 1) + "/" + n + "] ";
      run.out.println(
          head
              + "Processing: "
              + t.sourceName()
              + " (chunks, "
              + run.config.parallelSize
              + " at once)");
      try {
        ChunkedResult r = copy(chunks, t);
        rows += r.rows();
        done++;
        finishInLog(task, t.source());
        run.out.println(
            head
                + "Completed: "
                + t.sourceName()
                + ", "
                + r.rows()
                + " rows this run, "
                + r.chunks()
                + " chunks");
      } catch (RuntimeException e) {
        failed.add(t.sourceName() + ": " + e.getMessage());
        run.out.println(head + "FAILED: " + t.sourceName() + ": " + e.getMessage());
      }
      if ((i + 1 - start) % 10 == 0) {
        run.out.println("Progress: " + (i + 1) + "/" + n + " tables, " + failed.size() + " failed");
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    run.out.println();
    run.out.println("RUN SUMMARY: " + (failed.isEmpty() ? "SUCCEEDED" : "FAILED"));
    run.out.println(
        "Tables:           "
            + n
            + " ("
            + done
            + " completed, "
            + failed.size()
            + " failed, "
            + start
            + " skipped)");
    run.out.println("Rows copied:      " + rows);
    run.out.printf("Duration:         %.1f s%n", secs);
    if (!failed.isEmpty()) {
      run.out.println("Failed tables:");
      failed.forEach(f -> run.out.println("  " + f));
      run.out.println(CopyRun.RESUME_HINT);
    }
    return failed.isEmpty() ? Main.OK : Main.FAILED;
  }

  private ChunkedResult copy(ChunkedRun chunks, CopyPlan.Table t) {
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
              dev.checkpoint.logstore.LogStore.in(run.config.task.logDir());
          TaskSession s = log.open(task)) {
        s.finish(table);
        s.flush();
      }
    }
  }

  private int startIndex() {
    String from = run.args.get("start-from-table").orElse(null);
    if (from == null) {
      return 0;
    }
    for (int i = 0; i < plan.size(); i++) {
      CopyPlan.Table t = plan.get(i);
      if (t.source().table().equals(from) || t.sourceName().equals(from)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "--start-from-table " + from + " is not a table of this copy");
  }
}
