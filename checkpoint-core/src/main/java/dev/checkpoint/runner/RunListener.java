package dev.checkpoint.runner;

import java.util.List;
import dev.checkpoint.TableRef;

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

  /** The run is about to start; {@code tables} in run order. */
  default void runStarted(List<TableRef> tables) {}

  /** A table is not read in this run: it finished earlier, or lies before the start-from table. */
  default void tableSkipped(TableEvent table, String reason) {}

  /** A partial table's target was emptied before the table is read again from the beginning. */
  default void tableTruncated(TableEvent table, String reason) {}

  /** A table starts (or resumes: {@link TableEvent#resumed()}). */
  default void tableStarted(TableEvent table) {}

  /** A batch of {@code batchRows} rows was committed and its position taken. */
  default void batchCommitted(TableEvent table, int batchRows) {}

  /** A table was read to its end and marked finished. */
  default void tableFinished(TableEvent table) {}

  /** A table failed; its status records the error and the next run retries it. */
  default void tableFailed(TableEvent table, Throwable error) {}

  /** The run is over (also when it ends with a store failure, just before that is thrown). */
  default void runFinished(RunResult result) {}

  /**
   * A {@link ConsoleReporter} on {@code System.out} when the JVM has a console, else a {@link
   * Slf4jReporter}: a job started from a terminal shows a live line, one started by a scheduler
   * writes log lines.
   */
  static RunListener standard() {
    return System.console() != null ? ConsoleReporter.toStdout() : new Slf4jReporter();
  }
}
