package dev.checkpoint.examples;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Example 1, the demonstration around {@link ResumableCopy}: starts an embedded PostgreSQL (real
 * server binaries from Maven Central), fills {@code shop.orders} with awkward rows, runs the copy
 * in a child JVM, kills that JVM with SIGKILL part-way, runs it again, and compares target with
 * source.
 *
 * <pre>
 * resumable-copy [--rows N] [--work DIR] [--break-target]
 * </pre>
 *
 * Exit code 0 when the target equals the source, 1 when it does not (or the run failed). {@code
 * --break-target} changes one target row after the copy, to show that the verification really
 * compares the two.
 */
public final class ResumableCopyDemo {
  static final long DEFAULT_ROWS = 1_000_000;

  /** The copy records a position at least every 100,000 rows; fewer would leave nothing to kill. */
  static final long MIN_ROWS = 200_000;

  private final PrintStream out;
  private final long rows;
  private final Path work;
  private final boolean breakTarget;

  ResumableCopyDemo(PrintStream out, long rows, Path work, boolean breakTarget) {
    this.out = out;
    this.rows = rows;
    this.work = work;
    this.breakTarget = breakTarget;
  }

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out));
  }

  /** Parses the arguments and runs the demo; returns the exit code. */
  static int run(String[] args, PrintStream out) throws Exception {
    long rows = DEFAULT_ROWS;
    Path work = null;
    boolean breakTarget = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows":
          rows = Long.parseLong(args[++i].replace("_", "").replace(",", ""));
          break;
        case "--work":
          work = Path.of(args[++i]);
          break;
        case "--break-target":
          breakTarget = true;
          break;
        default:
          out.println(
              "unknown argument "
                  + args[i]
                  + "; usage: resumable-copy [--rows N] [--work DIR] [--break-target]");
          return 2;
      }
    }
    if (rows < MIN_ROWS) {
      out.println("--rows must be at least " + MIN_ROWS + ", was " + rows);
      return 2;
    }
    if (work == null) {
      work = Files.createTempDirectory("checkpoint-copy-");
    }
    return new ResumableCopyDemo(out, rows, work, breakTarget).run();
  }

  int run() throws Exception {
    long start = System.nanoTime();
    out.printf(
        "Checkpoint example: a resumable copy of %,d rows, PostgreSQL shop.orders -> warehouse.orders%n",
        rows);
    out.print("Starting an embedded PostgreSQL (server binaries from Maven Central) ... ");
    out.flush();
    long t = System.nanoTime();
    try (EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setDataDirectory(work.resolve("pgdata"))
            .setCleanDataDirectory(true)
            .start()) {
      out.printf("port %d, %.1f s%n", pg.getPort(), seconds(t));
      String url = pg.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true";
      try (Connection c = DriverManager.getConnection(url)) {
        out.printf(
            "Filling shop.orders with %,d rows (NULLs, non-ASCII, quotes, trailing spaces, big decimals,"
                + " microsecond timestamps, bytea) ... ",
            rows);
        out.flush();
        t = System.nanoTime();
        DemoTables.create(c, rows);
        out.printf("%.1f s%n", seconds(t));
        Path logDir = work.resolve("logs");
        if (!copyKillAndResume(c, url, logDir)) {
          return 1;
        }
        if (breakTarget) {
          String changed = DemoTables.breakOneRow(c);
          out.println("--break-target: changed one target row on purpose (" + changed + ")");
        }
        boolean same = DemoTables.verify(c, out);
        out.println("Position files: " + logDir.toAbsolutePath() + " (position.log, finished.log)");
        printFile(logDir.resolve("finished.log"));
        out.printf("Total %.1f s%n", seconds(start));
        return same ? 0 : 1;
      }
    }
  }

  private boolean copyKillAndResume(Connection c, String url, Path logDir) throws Exception {
    long killAfter = rows * 2 / 5;
    out.printf(
        "Run 1: copying in a child JVM; it is killed with SIGKILL once a position past row %,d is recorded%n",
        killAfter);
    Process first = startCopy(url, logDir);
    long recorded = 0;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (recorded < killAfter && first.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(5);
      recorded = lastRecordedId(logDir.resolve("position.log"));
    }
    // Kill once a batch past the recorded position is committed too, so the resume shows what
    // at-least-once means: those rows are delivered again.
    long past = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (first.isAlive()
        && count(c, "warehouse.orders") <= recorded
        && System.nanoTime() < past) {
      Thread.sleep(5);
    }
    if (!first.isAlive()) {
      out.println(
          "FAILED: the first run ended (exit "
              + first.exitValue()
              + ") before it could be killed part-way");
      return false;
    }
    first.destroyForcibly(); // SIGKILL: no shutdown hook, no final flush, nothing cleaned up
    first.waitFor();
    recorded = lastRecordedId(logDir.resolve("position.log"));
    long inTarget = count(c, "warehouse.orders");
    out.printf(
        "Killed the copy (SIGKILL, exit %d). The target holds %,d rows; the last recorded position is id %,d.%n",
        first.exitValue(), inTarget, recorded);
    out.printf(
        "Run 2: the same command again. It resumes after id %,d; %s%n",
        recorded,
        inTarget > recorded
            ? String.format(
                "the %,d rows committed after that position are read again and upserted"
                    + " (at-least-once delivery into an idempotent sink).",
                inTarget - recorded)
            : "nothing was committed after that position.");
    Process second = startCopy(url, logDir);
    if (!second.waitFor(10, TimeUnit.MINUTES) || second.exitValue() != 0) {
      second.destroyForcibly();
      out.println("FAILED: the resumed run did not finish cleanly");
      return false;
    }
    return true;
  }

  /** Starts {@link ResumableCopy} in a new JVM on this JVM's class path; its output is relayed. */
  private Process startCopy(String url, Path logDir) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ResumableCopy.class.getName());
    cmd.add(url);
    cmd.add(logDir.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Thread relay =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  out.println("  | " + line);
                }
              } catch (IOException e) {
                // the child was killed mid-line: nothing more to relay
              }
            },
            "copy-output");
    relay.setDaemon(true);
    relay.start();
    return p;
  }

  /** The id in the last complete line of position.log; 0 if there is none yet. */
  static long lastRecordedId(Path positionLog) throws IOException {
    if (!Files.exists(positionLog)) {
      return 0;
    }
    String text = Files.readString(positionLog, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    if (end < 0) {
      return 0;
    }
    String line = text.substring(text.lastIndexOf('\n', end - 1) + 1, end);
    int v = line.lastIndexOf("\"value\":\"");
    return v < 0 ? 0 : Long.parseLong(line.substring(v + 9, line.indexOf('"', v + 9)));
  }

  private void printFile(Path file) throws IOException {
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        out.println("  " + file.getFileName() + ": " + line);
      }
    }
  }

  static long count(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
