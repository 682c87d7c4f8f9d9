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
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The scale-out demonstration around {@link ParallelCopy}: starts an embedded PostgreSQL, fills
 * {@code shop.orders}, starts N worker JVMs on one task, kills some of them with SIGKILL at random
 * moments part-way and starts them again, waits for the table to be finished, and compares target
 * with source (row count and a checksum of every row).
 *
 * <pre>
 * parallel-copy [--rows N] [--workers N] [--kills N] [--work DIR]
 * </pre>
 *
 * Exit code 0 only when the target equals the source.
 */
public final class ParallelCopyDemo {
  static final long DEFAULT_ROWS = 2_000_000;
  static final int DEFAULT_WORKERS = 4;

  private final PrintStream out;
  private final long rows;
  private final int workers;
  private final int kills;
  private final Path work;

  ParallelCopyDemo(PrintStream out, long rows, int workers, int kills, Path work) {
    this.out = out;
    this.rows = rows;
    this.workers = workers;
    this.kills = kills;
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out));
  }

  /** Parses the arguments and runs the demo; returns the exit code. */
  static int run(String[] args, PrintStream out) throws Exception {
    long rows = DEFAULT_ROWS;
    int workers = DEFAULT_WORKERS;
    Integer kills = null;
    Path work = null;
    String usage = "usage: parallel-copy [--rows N] [--workers N] [--kills N] [--work DIR]";
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--rows" -> rows = Long.parseLong(args[++i].replace("_", "").replace(",", ""));
          case "--workers" -> workers = Integer.parseInt(args[++i]);
          case "--kills" -> kills = Integer.parseInt(args[++i]);
          case "--work" -> work = Path.of(args[++i]);
          default -> {
            out.println("unknown argument " + args[i] + "; " + usage);
            return 2;
          }
        }
      }
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      out.println("bad arguments (" + e.getMessage() + "); " + usage);
      return 2;
    }
    if (rows < 100_000 || workers < 1 || (kills != null && kills < 0)) {
      out.println("--rows must be at least 100,000, --workers at least 1, --kills at least 0");
      return 2;
    }
    if (work == null) {
      work = Files.createTempDirectory("checkpoint-parallel-");
    }
    return new ParallelCopyDemo(out, rows, workers, kills == null ? 2 * workers : kills, work)
        .run();
  }

  int run() throws Exception {
    long start = System.nanoTime();
    out.printf(
        "Checkpoint example: %d workers copy %,d rows in chunks, PostgreSQL shop.orders ->"
            + " warehouse.orders (plain INSERTs, no unique key on the target)%n",
        workers, rows);
    out.print("Starting an embedded PostgreSQL (server binaries from Maven Central) ... ");
    out.flush();
    try (EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setDataDirectory(work.resolve("pgdata"))
            .setCleanDataDirectory(true)
            .start()) {
      out.printf("port %d%n", pg.getPort());
      String url = pg.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true";
      try (Connection c = DriverManager.getConnection(url)) {
        out.printf("Filling shop.orders with %,d rows ... ", rows);
        out.flush();
        long t = System.nanoTime();
        DemoTables.create(c, rows);
        try (Statement s = c.createStatement()) {
          // No unique key: a row written twice would stay twice.
          s.execute("DROP TABLE warehouse.orders");
          s.execute("CREATE TABLE warehouse.orders (LIKE shop.orders)");
        }
        out.printf("%.1f s%n", seconds(t));
        if (!copyWithKills(c, url)) {
          return 1;
        }
        boolean same = DemoTables.verify(c, out);
        out.printf("Total %.1f s%n", seconds(start));
        return same ? 0 : 1;
      }
    }
  }

  private boolean copyWithKills(Connection c, String url) throws Exception {
    long t = System.nanoTime();
    List<Process> running = new ArrayList<>();
    int[] starts = new int[workers];
    for (int i = 0; i < workers; i++) {
      running.add(startWorker(url, i, ++starts[i]));
    }
    Random random = new Random();
    int killed = 0;
    while (killed < kills && running.stream().anyMatch(Process::isAlive)) {
      Thread.sleep(400 + random.nextInt(1_200));
      if (finishedChunks(c) < 1) {
        continue; // let the first chunks get going: a kill at start-up shows little
      }
      int i = random.nextInt(workers);
      Process p = running.get(i);
      if (p.isAlive() && !tableFinished(c)) {
        p.destroyForcibly(); // SIGKILL: no shutdown hook, the lease is not given back
        p.waitFor();
        killed++;
        out.printf(
            "Killed worker %d (SIGKILL) after %.1f s; its chunk is taken over once its lease"
                + " expires (3 s); starting the worker again%n",
            i + 1, seconds(t));
        running.set(i, startWorker(url, i, ++starts[i]));
      }
    }
    for (int i = 0; i < workers; i++) {
      Process p = running.get(i);
      if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        out.println("FAILED: worker " + (i + 1) + " did not finish cleanly");
        return false;
      }
    }
    out.printf(
        "All workers done in %.1f s, %d kills; %,.0f rows/s overall%n",
        seconds(t), killed, rows / seconds(t));
    return true;
  }

  private int finishedChunks(Connection c) throws SQLException {
    return count(
        c,
        "SELECT count(*) FROM warehouse.checkpoint_positions WHERE resumer_type = 'Chunk'"
            + " AND position_data LIKE '%\"state\":\"finished\"%'");
  }

  private boolean tableFinished(Connection c) throws SQLException {
    return count(
            c,
            "SELECT count(*) FROM warehouse.checkpoint_positions"
                + " WHERE resumer_type = 'SnapshotFinished'")
        > 0;
  }

  private static int count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery(sql)) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        return 0; // the position table is not there yet
      }
      throw e;
    }
  }

  /** Starts {@link ParallelCopy} in a new JVM on this JVM's class path; its output is relayed. */
  private Process startWorker(String url, int i, int start) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ParallelCopy.class.getName());
    cmd.add(url);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String prefix = String.format("  w%d.%d | ", i + 1, start);
    Thread relay =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  // The plan, take-overs, refusals and the end; not every finished chunk.
                  if (line.contains("took over")
                      || line.contains("split into")
                      || line.contains("was refused")
                      || line.contains("table finished")
                      || line.contains("worker done")
                      || line.contains("ERROR")
                      || line.contains("Exception")) {
                    out.println(prefix + line);
                  }
                }
              } catch (IOException e) {
                // the worker was killed mid-line: nothing more to relay
              }
            },
            "worker-output");
    relay.setDaemon(true);
    relay.start();
    return p;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
