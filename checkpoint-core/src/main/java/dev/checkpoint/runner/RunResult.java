package dev.checkpoint.runner;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link TableRunner} run ended: one {@link TableResult} per table in run order, and the
 * totals. The run {@linkplain #succeeded() succeeded} when no table failed and none was left
 * unrun.
 */
public final class RunResult {
  private final List<TableResult> tables;
  private final Duration duration;

  RunResult(List<TableResult> tables, Duration duration) {
    this.tables = List.copyOf(tables);
    this.duration = Objects.requireNonNull(duration, "duration");
  }

  /** Every table of the run, in run order. */
  public List<TableResult> tables() {
    return tables;
  }

  /** True when every table completed or was skipped. */
  public boolean succeeded() {
    return failed() == 0 && notRun() == 0;
  }

  public int total() {
    return tables.size();
  }

  public int completed() {
    return count(TableResult.Outcome.COMPLETED);
  }

  public int failed() {
    return count(TableResult.Outcome.FAILED);
  }

  public int skipped() {
    return count(TableResult.Outcome.SKIPPED);
  }

  public int notRun() {
    return count(TableResult.Outcome.NOT_RUN);
  }

  /** The failed tables, in run order. */
  public List<TableResult> failures() {
    return tables.stream().filter(t -> t.outcome() == TableResult.Outcome.FAILED).toList();
  }

  /** Rows committed in this run, over all tables. */
  public long rows() {
    return tables.stream().mapToLong(TableResult::rowsThisRun).sum();
  }

  /** Wall-clock time of the run. */
  public Duration duration() {
    return duration;
  }

  /** Rows of this run per second of the run's wall-clock time. */
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
