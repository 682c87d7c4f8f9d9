package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.testkit.ChildJvm;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Four worker processes copy one table in chunks, sharing only the position table; the test kills
 * workers with SIGKILL at random moments and starts them again, at least {@value #KILLS} times, and
 * then compares target and source row for row. At-least-once into an upserting sink, and
 * exactly-once with each batch's position in its transaction and plain INSERTs into a target with
 * no unique key: there, not one duplicate.
 *
 * <p>Rows: {@code -Dcheckpoint.chunked.rows} (default {@value #DEFAULT_ROWS}; the long run of
 * docs/scale-out.md uses 2,000,000).
 */
class ChunkedWorkersIT {
  static final int DEFAULT_ROWS = 400_000;
  static final int KILLS = 20;
  static final int WORKERS = 4;
  static final long LEASE_MILLIS = 1_500;

  @TempDir Path dir;

  /** Every worker started, killed after each test whatever happened (a stopped one too). */
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killWorkers() throws InterruptedException {
    for (Process p : started) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"MYSQL, upsert", "POSTGRES, upsert", "MYSQL, tx", "POSTGRES, tx"})
  void killedAndRestartedWorkersEndWithTheTargetEqualToTheSource(Kind kind, String mode)
      throws Exception {
    int rows = Integer.getInteger("checkpoint.chunked.rows", DEFAULT_ROWS);
    String src = TestDatabases.freshSchema(kind, "chunk_src");
    String dst = TestDatabases.freshSchema(kind, "chunk_dst");
    String store = StoreFixtures.freshTable(kind, "chunk_store");
    boolean tx = mode.equals("tx");
    try (Connection c = TestDatabases.dataSource(kind).getConnection()) {
      fill(c, kind, src, rows);
      createTarget(c, kind, dst, tx);
    }
    String url = TestDatabases.url(kind);
    String classpath = ChildJvm.snapshotClasspath(dir.resolve("classpath"));
    String[] args = {
      url, src, dst, store, mode, Long.toString(LEASE_MILLIS), Integer.toString(rows / 40)
    };
    List<Process> workers = new ArrayList<>();
    for (int i = 0; i < WORKERS; i++) {
      workers.add(start(classpath, i, args));
    }
    Random random = new Random();
    int kills = 0;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (kills < KILLS && workers.stream().anyMatch(Process::isAlive)) {
      Thread.sleep(150 + random.nextInt(450));
      int i = random.nextInt(WORKERS);
      Process p = workers.get(i);
      if (p.isAlive()) {
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no lease given back
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        kills++;
        workers.set(i, start(classpath, i, args));
      }
      assertThat(System.nanoTime()).as("10 minutes for the kills").isLessThan(deadline);
    }
    for (int i = 0; i < WORKERS; i++) {
      Process p = workers.get(i);
      boolean ended = p.waitFor(10, TimeUnit.MINUTES);
      if (!ended) {
        p.destroyForcibly();
      }
      assertThat(ended && p.exitValue() == 0)
          .as("worker %d ended cleanly; output:%n%s", i, output(i))
          .isTrue();
    }
    System.out.printf("%s %s: %,d rows, %d kills%n", kind, mode, rows, kills);
    assertThat(kills).isGreaterThanOrEqualTo(KILLS);
    try (Connection c = TestDatabases.dataSource(kind).getConnection()) {
      assertThat(count(c, "SELECT count(*) FROM " + q(kind, dst) + ".t")).isEqualTo(rows);
      assertThat(count(c, "SELECT count(DISTINCT id) FROM " + q(kind, dst) + ".t")).isEqualTo(rows);
      assertThat(count(c, missing(kind, src, dst))).as("source rows missing or different").isZero();
      assertThat(count(c, missing(kind, dst, src))).as("target rows not in the source").isZero();
    }
  }

  /**
   * A worker paused with SIGSTOP past its lease loses its chunk to another worker; woken with
   * SIGCONT, its next write is refused and its batch rolled back; no chunk's position ever moves
   * back, and the target holds every row once.
   */
  @ParameterizedTest
  @CsvSource({"MYSQL", "POSTGRES"})
  void aPausedWorkersWritesAreRefusedAfterItsChunkWasTakenOver(Kind kind) throws Exception {
    int rows = 200_000;
    String src = TestDatabases.freshSchema(kind, "pause_src");
    String dst = TestDatabases.freshSchema(kind, "pause_dst");
    String storeTable = StoreFixtures.freshTable(kind, "pause_store");
    try (Connection c = TestDatabases.dataSource(kind).getConnection()) {
      fill(c, kind, src, rows);
      createTarget(c, kind, dst, true);
    }
    String classpath = ChildJvm.snapshotClasspath(dir.resolve("classpath"));
    String[] args = {TestDatabases.url(kind), src, dst, storeTable, "tx", "1000", "100000", "1"};
    // The first worker waits 3 s after its 5th batch's commit: stopped there, it holds its chunk's
    // lease but no transaction (stopped inside one, its row lock would hold the chunk: on
    // PostgreSQL until the idle-in-transaction timeout ends its session, on MariaDB until it
    // resumes; docs/scale-out.md, Limits).
    String[] first = java.util.Arrays.copyOf(args, 9);
    first[8] = "5";
    try (JdbcPositionStore store =
        JdbcPositionStore.builder()
            .dataSource(TestDatabases.dataSource(kind))
            .tableFullName(storeTable)
            .build()) {
      ChunkWatch watch = new ChunkWatch(store, ChunkedCopyWorker.TASK);
      Process a = start(classpath, 0, first);
      watch.until(Duration.ofMinutes(2), w -> printed(0, "PAUSE WINDOW after batch 5") ? "" : null);
      signal(a, "STOP");
      String held = watch.doingWithRows();
      assertThat(held).as("the stopped worker's chunk").isNotNull();
      Map<String, String> atPause = watch.chunks();
      Process b = start(classpath, 1, args);
      assertThat(b.waitFor(5, TimeUnit.MINUTES)).as(output(1)).isTrue();
      assertThat(b.exitValue()).as(output(1)).isZero();
      assertThat(watch.finished()).isTrue();
      signal(a, "CONT");
      assertThat(a.waitFor(2, TimeUnit.MINUTES)).as(output(0)).isTrue();
      assertThat(a.exitValue()).as(output(0)).isZero();

      assertThat(output(0)).contains("was taken over;").contains("was refused");
      assertThat(output(1))
          .containsPattern("took over .* chunk " + held.substring(held.indexOf('#') + 1) + " ");
      watch.assertNeverMovedBack();
      assertThat(atPause.get(held)).contains("\"state\":\"doing\"");
    }
    try (Connection c = TestDatabases.dataSource(kind).getConnection()) {
      assertThat(count(c, "SELECT count(*) FROM " + q(kind, dst) + ".t")).isEqualTo(rows);
      assertThat(count(c, "SELECT count(DISTINCT id) FROM " + q(kind, dst) + ".t")).isEqualTo(rows);
      assertThat(count(c, missing(kind, src, dst))).isZero();
    }
  }

  /**
   * PostgreSQL: a worker stopped inside its batch's transaction, after it wrote its chunk's record,
   * holds that row's lock; the server ends its idle transaction (the store sets
   * idle_in_transaction_session_timeout on it), another worker takes the chunk over, and the
   * stopped one, woken, cannot commit: every row once.
   */
  @org.junit.jupiter.api.Test
  void aWorkerStoppedInsideItsTransactionLosesItsChunkOnPostgres() throws Exception {
    Kind kind = Kind.POSTGRES;
    int rows = 100_000;
    String src = TestDatabases.freshSchema(kind, "pausein_src");
    String dst = TestDatabases.freshSchema(kind, "pausein_dst");
    String storeTable = StoreFixtures.freshTable(kind, "pausein_store");
    try (Connection c = TestDatabases.dataSource(kind).getConnection()) {
      fill(c, kind, src, rows);
      createTarget(c, kind, dst, true);
    }
    String classpath = ChildJvm.snapshotClasspath(dir.resolve("classpath"));
    String[] args = {TestDatabases.url(kind), src, dst, storeTable, "tx", "1000", "50000", "1"};
    String[] first = {
      TestDatabases.url(kind), src, dst, storeTable, "tx-pause-inside", "1000", "50000", "1", "3"
    };
    try (JdbcPositionStore store =
        JdbcPositionStore.builder()
            .dataSource(TestDatabases.dataSource(kind))
            .tableFullName(storeTable)
            .build()) {
      ChunkWatch watch = new ChunkWatch(store, ChunkedCopyWorker.TASK);
      Process a = start(classpath, 0, first);
      watch.until(Duration.ofMinutes(2), w -> printed(0, "PAUSE WINDOW after batch 3") ? "" : null);
      signal(a, "STOP");
      Process b = start(classpath, 1, args);
      assertThat(b.waitFor(3, TimeUnit.MINUTES)).as(output(1)).isTrue();
      assertThat(b.exitValue()).as(output(1)).isZero();
      assertThat(output(1)).contains("took over");
      signal(a, "CONT");
      assertThat(a.waitFor(2, TimeUnit.MINUTES)).as(output(0)).isTrue();
      watch.assertNeverMovedBack();
    }
    try (Connection c = TestDatabases.dataSource(kind).getConnection()) {
      assertThat(count(c, "SELECT count(*) FROM " + q(kind, dst) + ".t")).isEqualTo(rows);
      assertThat(count(c, "SELECT count(DISTINCT id) FROM " + q(kind, dst) + ".t")).isEqualTo(rows);
    }
  }

  private static void signal(Process p, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
    assertThat(kill.waitFor()).as("kill -" + signal).isZero();
  }

  private Process start(String classpath, int i, String[] args) throws Exception {
    Process p =
        ChildJvm.start(
            classpath, ChunkedCopyWorker.class, dir.resolve("worker-" + i + ".txt"), args);
    started.add(p);
    return p;
  }

  private boolean printed(int i, String text) {
    try {
      return output(i).contains(text);
    } catch (Exception e) {
      return false; // the file is being written: look again
    }
  }

  private String output(int i) throws Exception {
    Path f = dir.resolve("worker-" + i + ".txt");
    String text = Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    return text.length() > 20_000 ? text.substring(text.length() - 20_000) : text;
  }

  /** Rows of {@code a} with no equal row in {@code b}, compared column by column. */
  private static String missing(Kind kind, String a, String b) {
    String ta = q(kind, a) + ".t";
    String tb = q(kind, b) + ".t";
    String eq = kind == Kind.MYSQL ? " <=> " : " IS NOT DISTINCT FROM ";
    return "SELECT count(*) FROM "
        + ta
        + " x WHERE NOT EXISTS (SELECT 1 FROM "
        + tb
        + " y WHERE y.id = x.id AND y.grp"
        + eq
        + "x.grp AND y.name"
        + eq
        + "x.name AND y.amount"
        + eq
        + "x.amount)";
  }

  private static String q(Kind kind, String name) {
    return kind == Kind.MYSQL ? "`" + name + "`" : "\"" + name + "\"";
  }

  /**
   * {@code rows} rows with ties and NULLs in grp; filled by doubling with INSERT ... SELECT so the
   * server makes the rows.
   */
  static void fill(Connection c, Kind kind, String schema, int rows) throws SQLException {
    String t = q(kind, schema) + ".t";
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE "
              + t
              + " (id bigint PRIMARY KEY, grp int NULL, name varchar(40), amount decimal(20,4))");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + " VALUES (?, ?, ?, ?)")) {
        for (int id = 1; id <= Math.min(1_000, rows); id++) {
          ps.setLong(1, id);
          if (id % 11 == 0) {
            ps.setNull(2, java.sql.Types.INTEGER);
          } else {
            ps.setInt(2, id % 7);
          }
          ps.setString(3, "name " + id);
          ps.setBigDecimal(4, java.math.BigDecimal.valueOf(id * 125L, 2));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      for (long have = Math.min(1_000, rows); have < rows; have *= 2) {
        s.execute(
            "INSERT INTO "
                + t
                + " SELECT id + "
                + have
                + ", CASE WHEN (id + "
                + have
                + ") % 11 = 0 THEN NULL ELSE (id + "
                + have
                + ") % 7 END, CONCAT('name ', id + "
                + have
                + "), (id + "
                + have
                + ") * 1.25 FROM "
                + t
                + " WHERE id + "
                + have
                + " <= "
                + rows);
      }
    }
  }

  static void createTarget(Connection c, Kind kind, String schema, boolean tx) throws SQLException {
    String t = q(kind, schema) + ".t";
    try (Statement s = c.createStatement()) {
      if (tx) {
        // No unique key: a duplicate would stay. An index keeps the comparison fast.
        s.execute(
            "CREATE TABLE "
                + t
                + " (id bigint, grp int NULL, name varchar(40), amount decimal(20,4))");
        s.execute("CREATE INDEX t_id ON " + t + " (id)");
      } else {
        s.execute(
            "CREATE TABLE "
                + t
                + " (id bigint PRIMARY KEY, grp int NULL, name varchar(40), amount decimal(20,4))");
      }
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
