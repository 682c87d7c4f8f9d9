package dev.checkpoint.runner;

import dev.checkpoint.BatchSink;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.SourceChangedException;
import dev.checkpoint.StoreException;
import dev.checkpoint.TableRef;
import dev.checkpoint.TableStatus;
import dev.checkpoint.chunk.ChunkedRun;
import dev.checkpoint.chunk.ChunkedSource;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one table of a run on the calling thread: skip, truncate, resume, copy, finish or fail. */
final class TableTask<T> {
  private static final Logger LOG = LoggerFactory.getLogger(TableRunner.class);

  private final Checkpointer cp;
  private final TableJob<T> job;
  private final TableRef table;
  private final int number;
  private final int total;
  private final RunListener listener;
  private final TableRunner.Settings settings;
  private final BooleanSupplier stopping;
  private long rows;
  private long rowsThisRun;
  private long startNanos;
  private boolean resumed;

  TableTask(
      Checkpointer cp,
      TableJob<T> job,
      int number,
      int total,
      RunListener listener,
      TableRunner.Settings settings,
      BooleanSupplier stopping) {
    this.cp = cp;
    this.job = job;
    this.table = job.table();
    this.number = number;
    this.total = total;
    this.listener = listener;
    this.settings = settings;
    this.stopping = stopping;
  }

  /**
   * @throws StoreException when the store fails: positions can no longer be saved, so the run must
   *     stop rather than carry on as if they were
   */
  TableResult run() {
    ResumeDecision decision = cp.resume(table);
    startNanos = System.nanoTime();
    if (decision.finished()) {
      return skipFinished();
    }
    try {
      Optional<ChunkedRun> chunked = ChunkedTables.forTable(cp, job, settings);
      if (chunked.isPresent()) {
        // The chunks' own states say what is left: no partial-table handling applies.
        begin(decision);
        copyInChunks(chunked.get());
        cp.finish(table);
        listener.tableFinished(event());
        return result(TableResult.Outcome.COMPLETED, null);
      }
      if (isPartial(decision)) {
        decision = readAgain(partialReason(decision));
      }
      begin(decision);
      boolean sourceChanged = false;
      while (true) {
        try {
          if (!copy(decision)) {
            return result(
                TableResult.Outcome.NOT_RUN,
                "interrupted: the run stopped; the next run resumes it from its last position");
          }
          break;
        } catch (SourceChangedException e) {
          if (sourceChanged) {
            throw e; // changed again while read from the beginning: not something a retry fixes
          }
          sourceChanged = true;
          decision = readAgain("its source changed under the recorded position: " + e.getMessage());
          begin(decision);
        }
      }
      cp.finish(table);
      listener.tableFinished(event());
      return result(TableResult.Outcome.COMPLETED, null);
    } catch (StoreException e) {
      throw e;
    } catch (Exception e) {
      return failed(e);
    }
  }

  private TableResult skipFinished() {
    Optional<TableStatus> status = cp.status(table);
    if (settings.recordStatuses()
        && status.isPresent()
        && status.get().state() != TableStatus.State.COMPLETED) {
      cp.finish(table); // a crash came between the finished mark and its status
      status = cp.status(table);
    }
    rows = status.map(TableStatus::rows).orElse(0L);
    String reason = "completed in an earlier run";
    listener.tableSkipped(event(), reason);
    return result(TableResult.Outcome.SKIPPED, reason);
  }

  /**
   * A table is partial when it was started in an earlier run and cannot go on where it stopped: it
   * cannot resume mid-way at all, or no position of it was recorded.
   */
  private boolean isPartial(ResumeDecision decision) {
    Optional<TableStatus> status = cp.status(table);
    boolean started =
        status.isPresent()
            && (status.get().state() == TableStatus.State.IN_PROGRESS
                || status.get().state() == TableStatus.State.FAILED);
    if (!job.resumesMidway()) {
      // Without statuses there is no telling whether it was started: assume it was.
      return started || decision.position().isPresent() || !settings.recordStatuses();
    }
    return started && decision.position().isEmpty();
  }

  private String partialReason(ResumeDecision decision) {
    if (!job.resumesMidway()) {
      return "it was started before and cannot resume mid-way (strategy NONE)";
    }
    return "it was started before and no position of it was recorded";
  }

  /** Empties the target (unless turned off), then forgets the table's position and status. */
  private ResumeDecision readAgain(String reason) throws Exception {
    if (!settings.truncatePartial()) {
      LOG.warn(
          "{} is partial ({}), and truncatePartial is off: reading it again from the beginning"
              + " without emptying its target, which may keep rows of the interrupted run",
          table,
          reason);
    } else if (job.truncator().isEmpty()) {
      LOG.warn(
          "{} is partial ({}) and its job has no truncate callback: reading it again from the"
              + " beginning over what its target holds (fine for an idempotent sink such as an"
              + " upsert; give the job a truncate callback otherwise)",
          table,
          reason);
    } else {
      LOG.info(
          "truncating the target of {} before reading it again from the beginning: {}",
          table,
          reason);
      // Truncate first, reset after: a crash in between leaves the table partial, so the next
      // run truncates it again instead of reading it over rows of the interrupted run.
      job.truncator().get().truncate(table);
      listener.tableTruncated(event(), reason);
    }
    cp.reset(table);
    return ResumeDecision.fromStart(table);
  }

  private void begin(ResumeDecision decision) {
    resumed = decision.resumes();
    rowsThisRun = 0;
    rows = settings.recordStatuses() ? cp.tableStarted(table).rows() : 0;
    listener.tableStarted(event());
  }

  /** Reads to the end; false if the run began stopping first. */
  private boolean copy(ResumeDecision decision) {
    boolean[] stopped = {false};
    cp.readPass(
        decision,
        job.source(),
        job.sink(),
        batch -> {
          rows += batch.size();
          rowsThisRun += batch.size();
          listener.batchCommitted(event(), batch.size());
          stopped[0] = stopping.getAsBoolean();
          return !stopped[0];
        });
    return !stopped[0];
  }

  /** Copies the table with the chunked run's worker threads; the sink is called from each. */
  @SuppressWarnings("unchecked") // a TableJob<T>'s source that splits tables splits them into T
  private void copyInChunks(ChunkedRun run) {
    ChunkedSource<T> source = (ChunkedSource<T>) job.source();
    BatchSink<T> sink = job.sink();
    run.run(
        table,
        source,
        batch -> {
          sink.accept(batch);
          synchronized (this) {
            rows += batch.size();
            rowsThisRun += batch.size();
            listener.batchCommitted(event(), batch.size());
          }
        });
  }

  private TableResult failed(Exception e) {
    // The message is in the status and the reporters; the stack trace only helps a developer.
    LOG.warn("{} failed after {} rows of this run: {}", table, rowsThisRun, e.toString());
    LOG.debug("{} failed", table, e);
    String detail = e.getMessage() == null ? e.toString() : e.getMessage();
    if (settings.recordStatuses()) {
      detail = cp.tableFailed(table, e).error();
    }
    listener.tableFailed(event(), e);
    return result(TableResult.Outcome.FAILED, detail);
  }

  private TableEvent event() {
    return new TableEvent(table, number, total, rows, rowsThisRun, elapsed(), resumed);
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private TableResult result(TableResult.Outcome outcome, String detail) {
    return new TableResult(table, outcome, rows, rowsThisRun, elapsed(), detail);
  }
}
