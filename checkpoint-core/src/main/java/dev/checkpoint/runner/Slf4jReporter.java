package dev.checkpoint.runner;

import dev.checkpoint.TableRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what {@link ConsoleReporter} prints, for jobs without a console: at INFO a line per table
 * started and completed, an in-flight table's rows every 10 seconds, a progress line every 10
 * tables and the run's summary; a failed table and a failed run's summary at WARN. Logger: {@code
 * dev.checkpoint.runner.progress}.
 */
public final class Slf4jReporter implements RunListener {
  private static final long PROGRESS_NANOS = 10_000_000_000L;
  private static final int SUMMARY_EVERY = 10;

  private final Logger log;
  private final String hint;
  private final RunTally tally = new RunTally();
  private final Map<TableRef, Long> lastProgress = new HashMap<>();

  /** Logs to {@code dev.checkpoint.runner.progress}. */
  public Slf4jReporter() {
    this(LoggerFactory.getLogger("dev.checkpoint.runner.progress"), ReportText.DEFAULT_HINT);
  }

  /**
   * Logs to the given logger; {@code resumeHint} as {@link ConsoleReporter.Builder#resumeHint}.
   *
   * @param logger where to log
   * @param resumeHint the sentence after the failed tables that says how to go on
   */
  public Slf4jReporter(Logger logger, String resumeHint) {
    this.log = Objects.requireNonNull(logger, "logger");
    this.hint = Objects.requireNonNull(resumeHint, "resumeHint");
  }

  @Override
  public synchronized void runStarted(List<TableRef> tables) {
    tally.started(tables);
    log.info("Running {} tables", ReportText.count(tables.size()));
  }

  @Override
  public synchronized void tableSkipped(TableEvent table, String reason) {
    tally.skipped++;
    log.debug(
        "{} Skipped: {} ({})", ReportText.place(table), tally.names.of(table.table()), reason);
  }

  @Override
  public synchronized void tableTruncated(TableEvent table, String reason) {
    log.info(ReportText.truncated(table, tally.names.of(table.table()), reason));
  }

  @Override
  public synchronized void tableStarted(TableEvent table) {
    tally.running.put(table.table(), table);
    lastProgress.put(table.table(), System.nanoTime());
    log.info(
        "{} Processing: {}{}",
        ReportText.place(table),
        tally.names.of(table.table()),
        table.resumed() ? " (resuming after " + ReportText.count(table.rows()) + " rows)" : "");
  }

  @Override
  public synchronized void batchCommitted(TableEvent table, int batchRows) {
    tally.running.put(table.table(), table);
    long now = System.nanoTime();
    Long last = lastProgress.get(table.table());
    if (last == null || now - last >= PROGRESS_NANOS) {
      lastProgress.put(table.table(), now);
      log.info(ReportText.processing(table, tally.names.of(table.table())));
    }
  }

  @Override
  public synchronized void tableFinished(TableEvent table) {
    ended(table);
    tally.completed++;
    log.info(ReportText.completed(table, tally.names.of(table.table())));
    summaryIfDue();
  }

  @Override
  public synchronized void tableFailed(TableEvent table, Throwable error) {
    ended(table);
    tally.failed++;
    log.warn(ReportText.failed(table, tally.names.of(table.table()), error));
    summaryIfDue();
  }

  @Override
  public synchronized void runFinished(RunResult r) {
    tally.running.clear();
    String line =
        String.format(
            "Run %s: %s tables, %s completed, %s skipped, %s failed, %s not run; %s rows in %s (%s)",
            r.succeeded() ? "SUCCEEDED" : "FAILED",
            ReportText.count(r.total()),
            ReportText.count(r.completed()),
            ReportText.count(r.skipped()),
            ReportText.count(r.failed()),
            ReportText.count(r.notRun()),
            ReportText.count(r.rows()),
            ReportText.seconds(r.duration()),
            ReportText.rate(r.rowsPerSecond()));
    if (r.succeeded()) {
      log.info(line);
      return;
    }
    log.warn(line);
    for (TableResult f : r.failures()) {
      log.warn("Failed table {}: {}", tally.names.of(f.table()), ReportText.oneLine(f.detail()));
    }
    log.warn(hint);
  }

  private void ended(TableEvent table) {
    tally.running.remove(table.table());
    lastProgress.remove(table.table());
  }

  private void summaryIfDue() {
    if (tally.processed() % SUMMARY_EVERY == 0) {
      log.info(
          "Progress: {}/{} tables ({}): {} completed, {} skipped, {} failed, {} in progress, {} remaining",
          tally.done(),
          tally.total,
          ReportText.percent(tally.done(), tally.total),
          tally.completed,
          tally.skipped,
          tally.failed,
          tally.running.size(),
          tally.remaining());
    }
  }

  @Override
  public String toString() {
    return "Slf4jReporter[" + log.getName() + "]";
  }
}
