package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.TableRef;
import dev.checkpoint.TableStatus;
import dev.checkpoint.testkit.ChildJvm;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The multi-table runner end to end on a real database: a child JVM copies 300 tables, 4 at a time,
 * and is killed with SIGKILL three times (after 50 tables, while the 4 large tables are mid-way,
 * and again while they are mid-way after resuming); the fourth run finishes, a fifth skips
 * everything. Then every target table must equal its source row for row, and the store must hold a
 * completed status with the table's row count for each of the 300 tables.
 *
 * <p>Guarantee tested: at-least-once delivery with an idempotent sink (upsert) for KEY and ROW_SKIP
 * tables, and truncate-and-read-again with plain INSERTs for NONE tables; both end exact. Positions
 * and statuses live in the {@link JdbcPositionStore} on the same server.
 */
class ManyTablesIT {
  private static final long WAIT_SECONDS = 120;

  @ParameterizedTest
  @EnumSource(Kind.class)
  void threeHundredTablesSurviveThreeKillsAndEndEqualToTheirSources(Kind kind, @TempDir Path dir)
      throws Exception {
    String url = TestDatabases.url(kind);
    String src = TestDatabases.freshSchema(kind, "mt_src");
    String dst = TestDatabases.freshSchema(kind, "mt_dst");
    String storeTable = TestDatabases.freshSchema(kind, "mt_store") + ".positions";
    String classpath = ChildJvm.snapshotClasspath(dir.resolve("classpath"));
    long setup = System.nanoTime();
    ManyTables.create(kind, TestDatabases.dataSource(kind), src, dst);
    System.out.printf(
        "%s: created 300 source and 300 target tables in %.1f s%n",
        kind, (System.nanoTime() - setup) / 1e9);

    try (JdbcPositionStore store =
        JdbcPositionStore.builder().url(url).tableFullName(storeTable).build()) {
      Child run1 = Child.start(classpath, kind, url, src, dst, storeTable, dir.resolve("run1.txt"));
      run1.killWhen(store, s -> count(s, TableStatus.State.COMPLETED) >= 50, "50 tables completed");

      Child run2 = Child.start(classpath, kind, url, src, dst, storeTable, dir.resolve("run2.txt"));
      Map<TableRef, TableStatus> atKill2 =
          run2.killWhen(store, ManyTablesIT::largeOnesMidway, "the 4 large tables mid-way");
      assertThat(large(atKill2)).allMatch(s -> s.state() == TableStatus.State.IN_PROGRESS);

      Child run3 = Child.start(classpath, kind, url, src, dst, storeTable, dir.resolve("run3.txt"));
      long keyRowsAtKill2 = rows(atKill2, "t150");
      run3.killWhen(
          store,
          s -> largeOnesMidway(s) && rows(s, "t150") > keyRowsAtKill2 + 3 * ManyTables.BATCH,
          "the 4 large tables mid-way again, t150 past its second kill");
      String out3 = run3.output();
      assertThat(out3)
          .as("run 3 output")
          .contains("Processing: t150 (resuming after", "Truncated the target of t153");

      Child run4 = Child.start(classpath, kind, url, src, dst, storeTable, dir.resolve("run4.txt"));
      assertThat(run4.exitCode()).as("run 4 finishes; its output:%n%s", run4.output()).isZero();
      assertThat(run4.output()).contains("RUN SUMMARY: SUCCEEDED");

      Child run5 = Child.start(classpath, kind, url, src, dst, storeTable, dir.resolve("run5.txt"));
      assertThat(run5.exitCode()).isZero();
      assertThat(run5.output()).contains("Skipped:          300", "Rows copied:      0");

      List<String> differences = new ArrayList<>();
      for (int i = 1; i <= ManyTables.COUNT; i++) {
        List<String> source = dump(kind, src, ManyTables.name(i));
        List<String> target = dump(kind, dst, ManyTables.name(i));
        assertThat(source).hasSize(ManyTables.rows(i));
        if (!source.equals(target)) {
          differences.add(
              ManyTables.name(i) + ": source " + source.size() + " rows, target " + target.size());
        }
      }
      assertThat(differences).as("tables whose target differs from the source").isEmpty();

      Map<TableRef, TableStatus> statuses = new TreeMap<>(store.readStatuses(ManyTables.TASK));
      assertThat(statuses).hasSize(ManyTables.COUNT);
      List<String> wrong = new ArrayList<>();
      for (TableStatus s : statuses.values()) {
        int i = ManyTables.index(s.table().table());
        if (s.state() != TableStatus.State.COMPLETED
            || s.rows() != ManyTables.rows(i)
            || s.startedAt() == null) {
          wrong.add(
              s.table().table()
                  + " "
                  + s.state().text()
                  + " "
                  + s.rows()
                  + " rows (copied "
                  + ManyTables.rows(i)
                  + ")");
        }
      }
      assertThat(wrong).as("statuses that do not match what was copied").isEmpty();
      assertThat(store.read(ManyTables.TASK).tables().values())
          .hasSize(ManyTables.COUNT)
          .allMatch(t -> t.finished());
    }
  }

  private static boolean largeOnesMidway(Map<TableRef, TableStatus> s) {
    List<TableStatus> large = large(s);
    return large.size() == 4
        && large.stream()
            .allMatch(
                t ->
                    t.state() == TableStatus.State.IN_PROGRESS
                        && t.rows() >= 3 * ManyTables.BATCH
                        && t.rows() <= ManyTables.LARGE_ROWS - 3 * ManyTables.BATCH);
  }

  private static List<TableStatus> large(Map<TableRef, TableStatus> s) {
    return s.values().stream()
        .filter(t -> ManyTables.LARGE.contains(ManyTables.index(t.table().table())))
        .toList();
  }

  private static long rows(Map<TableRef, TableStatus> s, String table) {
    return s.values().stream()
        .filter(t -> t.table().table().equals(table))
        .mapToLong(TableStatus::rows)
        .findFirst()
        .orElse(0);
  }

  private static long count(Map<TableRef, TableStatus> s, TableStatus.State state) {
    return s.values().stream().filter(t -> t.state() == state).count();
  }

  /** The table's rows as text, ordered by id: duplicates and missing rows both show. */
  private static List<String> dump(Kind kind, String schema, String table) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = TestDatabases.dataSource(kind).getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT id, grp, name, amount FROM "
                    + Tables.dialect(kind).qualified(schema, table)
                    + " ORDER BY id")) {
      while (rs.next()) {
        rows.add(
            rs.getLong(1)
                + "|"
                + rs.getInt(2)
                + "|"
                + rs.getString(3)
                + "|"
                + rs.getBigDecimal(4).toPlainString());
      }
    }
    return rows;
  }

  /** One run of {@link ManyTablesCopy} in its own JVM. */
  private static final class Child {
    private final Process process;
    private final Path output;

    private Child(Process process, Path output) {
      this.process = process;
      this.output = output;
    }

    static Child start(
        String classpath,
        Kind kind,
        String url,
        String src,
        String dst,
        String storeTable,
        Path output)
        throws IOException {
      List<String> cmd =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-cp",
              classpath,
              ManyTablesCopy.class.getName(),
              kind.name(),
              url,
              src,
              dst,
              storeTable);
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      return new Child(p, output);
    }

    /**
     * Polls the store's statuses until the condition holds, then kills the process with SIGKILL.
     *
     * @return the statuses seen just before the kill
     */
    Map<TableRef, TableStatus> killWhen(
        JdbcPositionStore store, Predicate<Map<TableRef, TableStatus>> condition, String what)
        throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      while (System.nanoTime() < deadline) {
        Map<TableRef, TableStatus> s = store.readStatuses(ManyTables.TASK);
        if (condition.test(s)) {
          process.destroyForcibly();
          assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
          System.out.printf(
              "killed the copy when %s: %d completed, %d in progress%n",
              what, count(s, TableStatus.State.COMPLETED), count(s, TableStatus.State.IN_PROGRESS));
          return s;
        }
        if (!process.isAlive()) {
          throw new AssertionError(
              "the copy ended (exit "
                  + process.exitValue()
                  + ") before "
                  + what
                  + "; its output:\n"
                  + output());
        }
        Thread.sleep(20);
      }
      process.destroyForcibly();
      throw new AssertionError(
          "waited " + WAIT_SECONDS + " s for " + what + "; output:\n" + output());
    }

    int exitCode() throws Exception {
      if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "the copy did not end in " + WAIT_SECONDS + " s; output:\n" + output());
      }
      return process.exitValue();
    }

    String output() throws IOException {
      return Files.readString(output, StandardCharsets.UTF_8);
    }
  }
}
