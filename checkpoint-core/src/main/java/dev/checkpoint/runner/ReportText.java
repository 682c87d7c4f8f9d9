package dev.checkpoint.runner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The words and numbers both reporters print: counts with separators, rates, summary blocks. */
final class ReportText {
  static final String RULE = "=".repeat(60);
  static final String DEFAULT_HINT =
      "Run the job again: completed tables are skipped, failed and interrupted tables resume from"
          + " their last recorded position.";

  private ReportText() {}

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String rate(double rowsPerSecond) {
    return String.format(Locale.ROOT, "%,.0f rows/s", rowsPerSecond);
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toNanos() / 1e9);
  }

  static String place(TableEvent e) {
    return "[" + e.number() + "/" + e.total() + "]";
  }

  /** {@code [126/300] Processing: Orders 85,432 rows 12,300 rows/s}. */
  static String processing(TableEvent e, String name) {
    return place(e)
        + " Processing: "
        + name
        + "  "
        + count(e.rows())
        + " rows  "
        + rate(e.rowsPerSecond());
  }

  static String completed(TableEvent e, String name) {
    return place(e)
        + " Completed: "
        + name
        + "  "
        + count(e.rows())
        + " rows"
        + (e.rows() != e.rowsThisRun() ? " (" + count(e.rowsThisRun()) + " in this run)" : "")
        + " in "
        + seconds(e.elapsed())
        + "  "
        + rate(e.rowsPerSecond());
  }

  static String failed(TableEvent e, String name, Throwable error) {
    String m = error.getMessage() == null ? error.toString() : error.getMessage();
    return place(e)
        + " FAILED: "
        + name
        + " after "
        + count(e.rowsThisRun())
        + " rows of this run: "
        + oneLine(m);
  }

  static String truncated(TableEvent e, String name, String reason) {
    return place(e) + " Truncated the target of " + name + ": " + reason;
  }

  static String percent(int part, int whole) {
    return whole == 0 ? "100%" : (part * 100L / whole) + "%";
  }

  /** Seed 003's progress block. */
  static List<String> progressBlock(RunTally t) {
    List<String> l = new ArrayList<>();
    l.add(RULE);
    l.add("PROGRESS SUMMARY");
    l.add(RULE);
    l.add(line("Total tables:", count(t.total)));
    l.add(line("Completed:", count(t.completed)));
    l.add(line("Skipped:", count(t.skipped)));
    l.add(line("Failed:", count(t.failed)));
    l.add(line("In progress:", count(t.running.size())));
    l.add(line("Remaining:", count(t.remaining())));
    l.add(line("Progress:", t.done() + "/" + t.total + " (" + percent(t.done(), t.total) + ")"));
    l.add(RULE);
    return l;
  }

  /** The final block: outcome, counts, rows, duration, throughput, the failed tables, the hint. */
  static List<String> runBlock(RunResult r, TableNames names, String hint) {
    List<String> l = new ArrayList<>();
    l.add(RULE);
    l.add("RUN SUMMARY: " + (r.succeeded() ? "SUCCEEDED" : "FAILED"));
    l.add(RULE);
    l.add(line("Total tables:", count(r.total())));
    l.add(line("Completed:", count(r.completed())));
    l.add(line("Skipped:", count(r.skipped())));
    l.add(line("Failed:", count(r.failed())));
    l.add(line("Not run:", count(r.notRun())));
    l.add(line("Rows copied:", count(r.rows())));
    l.add(line("Duration:", seconds(r.duration())));
    l.add(line("Throughput:", rate(r.rowsPerSecond())));
    l.add(RULE);
    if (r.failed() > 0) {
      l.add("Failed tables:");
      for (TableResult f : r.failures()) {
        l.add("  " + names.of(f.table()) + ": " + oneLine(f.detail()));
      }
    }
    if (!r.succeeded()) {
      String what =
          r.failed() > 0 && r.notRun() > 0
              ? r.failed() + " failed, " + r.notRun() + " not run"
              : r.failed() > 0
                  ? r.failed() + (r.failed() == 1 ? " table failed" : " tables failed")
                  : r.notRun() + (r.notRun() == 1 ? " table was not run" : " tables were not run");
      l.add(what + ". " + hint);
    }
    return l;
  }

  static String line(String label, String value) {
    return String.format(Locale.ROOT, "%-18s%s", label, value);
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
  }
}
