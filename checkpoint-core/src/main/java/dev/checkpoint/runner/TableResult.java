package dev.checkpoint.runner;

import dev.checkpoint.TableRef;
import java.time.Duration;
import java.util.Objects;

/**
 * How one table ended in a run.
 *
 * @param table the table
 * @param outcome what happened
 * @param rows rows over all runs of the task
 * @param rowsThisRun rows committed in this run
 * @param duration time spent on the table in this run
 * @param detail the error of a failed table, why a table was skipped or not run; else {@code null}
 */
public record TableResult(
    TableRef table,
    Outcome outcome,
    long rows,
    long rowsThisRun,
    Duration duration,
    String detail) {

  /** What happened to a table in a run. */
  public enum Outcome {
    /** Read to its end in this run. */
    COMPLETED,
    /** Failed with an error; recorded, and retried by the next run. */
    FAILED,
    /** Finished in an earlier run, or placed before the run's start-from table. */
    SKIPPED,
    /** Not started, or stopped mid-way, because the run stopped; the next run resumes it. */
    NOT_RUN
  }

  /**
   * Checks the parts: the table, outcome and duration may not be null.
   *
   * @param table the table
   * @param outcome what happened
   * @param rows rows over all runs of the task
   * @param rowsThisRun rows committed in this run
   * @param duration time spent on the table in this run
   * @param detail the error, or why the table was skipped or not run; else {@code null}
   */
  public TableResult {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(duration, "duration");
  }
}
