package dev.checkpoint.runner;

import dev.checkpoint.TableRef;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Prints a run's progress as seed 003 shows it: a line per table, a progress block every 10 tables,
 * and a final summary with the failed tables and how to resume them.
 *
 * <pre>
 * [126/300] Processing: Orders  85,432 rows  12,300 rows/s
 * </pre>
 *
 * On a terminal ({@code live}) that line is redrawn in place with {@code \r} as batches commit and
 * completed tables scroll above it; otherwise (output to a file or a pipe) every line is a plain
 * line and in-flight tables print their rows every {@link Builder#progressInterval}.
 */
public final class ConsoleReporter implements RunListener {
  private final PrintStream out;
  private final boolean live;
  private final int summaryEvery;
  private final long progressNanos;
  private final String hint;
  private final RunTally tally = new RunTally();
  private final Map<TableRef, Long> lastProgress = new HashMap<>();
  private int liveLength;
  private long lastDraw;

  /** The processed count at the last progress block, so the final one is not a repeat. */
  private int blockAt = -1;

  private ConsoleReporter(Builder b) {
    this.out = b.out;
    this.live = b.live;
    this.summaryEvery = b.summaryEvery;
    this.progressNanos = b.progressInterval.toNanos();
    this.hint = b.hint;
  }

  /**
   * On {@code System.out}, live when the JVM has a console; the other defaults as the builder's.
   *
   * @return a new reporter
   */
  public static ConsoleReporter toStdout() {
    return builder().build();
  }

  /**
   * A builder, every setting at its default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public synchronized void runStarted(List<TableRef> tables) {
    tally.started(tables);
    blockAt = -1;
    lastProgress.clear();
    println("Running " + ReportText.count(tables.size()) + " tables");
  }

  @Override
  public synchronized void tableSkipped(TableEvent table, String reason) {
    tally.skipped++;
  }

  @Override
  public synchronized void tableTruncated(TableEvent table, String reason) {
    println(ReportText.truncated(table, tally.names.of(table.table()), reason));
  }

  @Override
  public synchronized void tableStarted(TableEvent table) {
    tally.running.put(table.table(), table);
    lastProgress.put(table.table(), System.nanoTime());
    if (live) {
      drawLive(table, true);
    } else {
      String name = tally.names.of(table.table());
      println(
          ReportText.place(table)
              + " Processing: "
              + name
              + (table.resumed()
                  ? " (resuming after " + ReportText.count(table.rows()) + " rows)"
                  : ""));
    }
  }

  @Override
  public synchronized void batchCommitted(TableEvent table, int batchRows) {
    tally.running.put(table.table(), table);
    if (live) {
      drawLive(table, false);
      return;
    }
    long now = System.nanoTime();
    Long last = lastProgress.get(table.table());
    if (last == null || now - last >= progressNanos) {
      lastProgress.put(table.table(), now);
      println(
          ReportText.place(table)
              + "   "
              + tally.names.of(table.table())
              + "  "
              + ReportText.count(table.rows())
              + " rows  "
              + ReportText.rate(table.rowsPerSecond()));
    }
  }

  @Override
  public synchronized void tableFinished(TableEvent table) {
    ended(table);
    tally.completed++;
    println(ReportText.completed(table, tally.names.of(table.table())));
    summaryIfDue();
  }

  @Override
  public synchronized void tableFailed(TableEvent table, Throwable error) {
    ended(table);
    tally.failed++;
    println(ReportText.failed(table, tally.names.of(table.table()), error));
    summaryIfDue();
  }

  @Override
  public synchronized void runFinished(RunResult result) {
    tally.running.clear();
    clearLive();
    if (blockAt != tally.processed()) {
      ReportText.progressBlock(tally).forEach(out::println);
    }
    out.println();
    ReportText.runBlock(result, tally.names, hint).forEach(out::println);
    out.flush();
  }

  private void ended(TableEvent table) {
    tally.running.remove(table.table());
    lastProgress.remove(table.table());
  }

  private void summaryIfDue() {
    if (summaryEvery > 0 && tally.processed() % summaryEvery == 0) {
      blockAt = tally.processed();
      clearLive();
      ReportText.progressBlock(tally).forEach(out::println);
      redrawLive();
    }
  }

  /** A permanent line: above the live line, which is drawn again below it. */
  private void println(String line) {
    clearLive();
    out.println(line);
    redrawLive();
    out.flush();
  }

  private void drawLive(TableEvent table, boolean force) {
    long now = System.nanoTime();
    // A terminal line redrawn more often than this only flickers and costs the run time.
    if (!force && now - lastDraw < 200_000_000L) {
      return;
    }
    lastDraw = now;
    String line = ReportText.processing(table, tally.names.of(table.table()));
    if (tally.running.size() > 1) {
      line += "  (" + tally.running.size() + " tables running)";
    }
    int pad = Math.max(0, liveLength - line.length());
    out.print("\r" + line + " ".repeat(pad));
    out.flush();
    liveLength = line.length();
  }

  private void redrawLive() {
    if (!live || tally.running.isEmpty()) {
      return;
    }
    TableEvent latest = null;
    for (TableEvent e : tally.running.values()) {
      latest = e;
    }
    drawLive(latest, true);
  }

  private void clearLive() {
    if (live && liveLength > 0) {
      out.print("\r" + " ".repeat(liveLength) + "\r");
      liveLength = 0;
    }
  }

  @Override
  public String toString() {
    return "ConsoleReporter[" + (live ? "live" : "plain") + "]";
  }

  /** Settings of a {@link ConsoleReporter}; every one has a default. */
  public static final class Builder {
    private PrintStream out = System.out;
    private boolean live = System.console() != null;
    private int summaryEvery = 10;
    private Duration progressInterval = Duration.ofSeconds(10);
    private String hint = ReportText.DEFAULT_HINT;

    private Builder() {}

    /**
     * Where to print. Default {@code System.out}.
     *
     * @param out the stream
     * @return this builder
     */
    public Builder out(PrintStream out) {
      this.out = Objects.requireNonNull(out, "out");
      return this;
    }

    /**
     * Redraw one progress line in place ({@code \r}). Default: when the JVM has a console ({@code
     * System.console() != null}).
     *
     * @param live true to redraw the line in place, false for plain lines
     * @return this builder
     */
    public Builder live(boolean live) {
      this.live = live;
      return this;
    }

    /**
     * Print the progress block after every this many completed or failed tables; 0 never. Default
     * 10.
     *
     * @param tables the number of tables between two progress blocks; 0 for none
     * @return this builder
     * @throws IllegalArgumentException if {@code tables} is negative
     */
    public Builder summaryEvery(int tables) {
      if (tables < 0) {
        throw new IllegalArgumentException("summaryEvery must be >= 0, was " + tables);
      }
      this.summaryEvery = tables;
      return this;
    }

    /**
     * Without a live line: how often an in-flight table prints its rows. Default 10 s.
     *
     * @param interval the time between two progress lines of a table in flight
     * @return this builder
     * @throws IllegalArgumentException if {@code interval} is negative
     */
    public Builder progressInterval(Duration interval) {
      Objects.requireNonNull(interval, "progressInterval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException("progressInterval must be >= 0, was " + interval);
      }
      this.progressInterval = interval;
      return this;
    }

    /**
     * The sentence after the failed tables that says how to go on, e.g. {@code "Run 'sync --resume'
     * again."}. Default: run the job again; completed tables are skipped, failed and interrupted
     * ones resume from their last position.
     *
     * @param hint the sentence
     * @return this builder
     */
    public Builder resumeHint(String hint) {
      this.hint = Objects.requireNonNull(hint, "resumeHint");
      return this;
    }

    /**
     * The reporter with these settings.
     *
     * @return a new reporter
     */
    public ConsoleReporter build() {
      return new ConsoleReporter(this);
    }
  }
}
