package dev.checkpoint.runner;

import dev.checkpoint.TableRef;
import java.util.List;

/**
 * Hears what a {@link TableRunner} does: for progress lines, dashboards, metrics. Every method has
 * an empty default. The runner never calls a listener from two threads at once, even when tables
 * run in parallel, and an exception thrown by a listener is logged and otherwise ignored: a
 * listener cannot fail a run.
 *
 * <p>Ready-made: {@link ConsoleReporter} (a live line and summary blocks on a terminal), {@link
 * Slf4jReporter} (the same as log lines), and {@link #standard()}, which picks one of them.
 */
public interface RunListener {

  /**
   * The run is about to start; {@code tables} in run order.
   *
   * @param tables every table of the run, in run order
   */
  default void runStarted(List<TableRef> tables) {}

  /**
   * A table is not read in this run: it finished earlier, or lies before the start-from table.
   *
   * @param table the table and where it stands
   * @param reason why it is skipped, e.g. {@code completed in an earlier run}
   */
  default void tableSkipped(TableEvent table, String reason) {}

  /**
   * A partial table's target was emptied before the table is read again from the beginning.
   *
   * @param table the table and where it stands
   * @param reason why it is read again from the beginning
   */
  default void tableTruncated(TableEvent table, String reason) {}

  /**
   * A table starts (or resumes: {@link TableEvent#resumed()}).
   *
   * @param table the table and where it stands; its rows continue the stored count when it resumes
   */
  default void tableStarted(TableEvent table) {}

  /**
   * A batch of {@code batchRows} rows was committed and its position taken.
   *
   * @param table the table and where it stands, this batch included
   * @param batchRows the rows of this batch
   */
  default void batchCommitted(TableEvent table, int batchRows) {}

  /**
   * A table was read to its end and marked finished.
   *
   * @param table the table and where it stands at its end
   */
  default void tableFinished(TableEvent table) {}

  /**
   * A table failed; its status records the error and the next run retries it.
   *
   * @param table the table and where it stood when it failed
   * @param error what it failed with
   */
  default void tableFailed(TableEvent table, Throwable error) {}

  /**
   * The run is over (also when it ends with a store failure, just before that is thrown).
   *
   * @param result how every table ended, and the totals
   */
  default void runFinished(RunResult result) {}

  /**
   * A {@link ConsoleReporter} on {@code System.out} when the JVM has a console, else a {@link
   * Slf4jReporter}: a job started from a terminal shows a live line, one started by a scheduler
   * writes log lines.
   *
   * @return a new listener
   */
  static RunListener standard() {
    return System.console() != null ? ConsoleReporter.toStdout() : new Slf4jReporter();
  }
}
