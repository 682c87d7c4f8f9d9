package dev.checkpoint.runner;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link TableRunner} run ended: one {@link TableResult} per table in run order, and the
 * totals. The run {@linkplain #succeeded() succeeded} when no table failed and none was left unrun.
 */
public final class RunResult {
  private final List<TableResult> tables;
  private final Duration duration;

  RunResult(List<TableResult> tables, Duration duration) {
    this.tables = List.copyOf(tables);
    this.duration = Objects.requireNonNull(duration, "duration");
  }

  /**
   * Every table of the run, in run order.
   *
   * @return the results; unmodifiable
   */
  public List<TableResult> tables() {
    return tables;
  }

  /**
   * True when every table completed or was skipped.
   *
   * @return true if no table failed and none was left unrun
   */
  public boolean succeeded() {
    return failed() == 0 && notRun() == 0;
  }

  /**
   * The number of tables in the run.
   *
   * @return the count
   */
  public int total() {
    return tables.size();
  }

  /**
   * The number of tables read to their end in this run.
   *
   * @return the count
   */
  public int completed() {
    return count(TableResult.Outcome.COMPLETED);
  }

  /**
   * The number of tables that failed.
   *
   * @return the count
   */
  public int failed() {
    return count(TableResult.Outcome.FAILED);
  }

  /**
   * The number of tables skipped: finished earlier, or before the start-from table.
   *
   * @return the count
   */
  public int skipped() {
    return count(TableResult.Outcome.SKIPPED);
  }

  /**
   * The number of tables not started, or stopped mid-way, because the run stopped.
   *
   * @return the count
   */
  public int notRun() {
    return count(TableResult.Outcome.NOT_RUN);
  }

  /**
   * The failed tables, in run order.
   *
   * @return the failed tables' results
   */
  public List<TableResult> failures() {
    return tables.stream().filter(t -> t.outcome() == TableResult.Outcome.FAILED).toList();
  }

  /**
   * Rows committed in this run, over all tables.
   *
   * @return the sum of every table's rows of this run
   */
  public long rows() {
    return tables.stream().mapToLong(TableResult::rowsThisRun).sum();
  }

  /**
   * Wall-clock time of the run.
   *
   * @return the duration
   */
  public Duration duration() {
    return duration;
  }

  /**
   * Rows of this run per second of the run's wall-clock time.
   *
   * @return the throughput; 0 for a run that took no time
   */
  public double rowsPerSecond() {
    long nanos = duration.toNanos();
    return nanos <= 0 ? 0 : rows() * 1e9 / nanos;
  }

  private int count(TableResult.Outcome o) {
    return (int) tables.stream().filter(t -> t.outcome() == o).count();
  }

  @Override
  public String toString() {
    return "RunResult["
        + (succeeded() ? "succeeded" : "failed")
        + ", completed "
        + completed()
        + ", skipped "
        + skipped()
        + ", failed "
        + failed()
        + ", not run "
        + notRun()
        + ", rows "
        + rows()
        + "]";
  }
}
