package dev.checkpoint.runner;

import dev.checkpoint.TableRef;
import java.time.Duration;

/**
 * Where one table of a run stands when a {@link RunListener} hears of it.
 *
 * @param table the table
 * @param number its place in the run's order, from 1
 * @param total the number of tables in the run
 * @param rows rows committed over all runs of the task (continued from the stored status)
 * @param rowsThisRun rows committed in this run
 * @param elapsed time spent on the table in this run
 * @param resumed the table resumed mid-way from a stored position
 */
public record TableEvent(
    TableRef table,
    int number,
    int total,
    long rows,
    long rowsThisRun,
    Duration elapsed,
    boolean resumed) {

  /**
   * Rows per second of this run on this table; 0 before any time has passed.
   *
   * @return the throughput on this table in this run
   */
  public double rowsPerSecond() {
    long nanos = elapsed.toNanos();
    return nanos <= 0 ? 0 : rowsThisRun * 1e9 / nanos;
  }
}
