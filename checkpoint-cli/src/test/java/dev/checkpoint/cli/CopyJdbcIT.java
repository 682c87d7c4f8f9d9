package dev.checkpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.Checkpointer;
import dev.checkpoint.TableRef;
import dev.checkpoint.logstore.LogStore;
import dev.checkpoint.testkit.ChildJvm;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code copy} from INI files in ape-dts's layout, on the real MariaDB and PostgreSQL ({@link
 * TestDatabases}: {@code CHECKPOINT_MYSQL_URL} / {@code CHECKPOINT_PG_URL}, else the local servers;
 * with {@code CI} set a missing server fails). The source database's name needs quoting, its tables
 * have odd names, one is ignored by the filter, and the targets live in a database of another name
 * ([router] db_map).
 */
class CopyJdbcIT {
  @TempDir Path dir;

  /**
   * A child JVM runs the copy and is killed with SIGKILL while {@code orders} is mid-way; the next
   * run resumes it and ends with every target equal to its source; a third skips every table.
   * MariaDB keeps positions in the log directory (from_log), PostgreSQL in the target (from_target)
   * and still writes position.log and finished.log, as ape-dts does.
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void aCopyKilledMidwayResumesToAnExactTarget(Kind kind) throws Exception {
    CopyTables db = new CopyTables(kind, 100_000);
    String[] resumer =
        kind == Kind.MYSQL
            ? new String[] {"[resumer]", "resume_type=from_log"}
            : new String[] {
              "[resumer]",
              "resume_type=from_target",
              "table_full_name=" + TestDatabases.freshSchema(kind, "cp_store") + ".positions"
            };
    Path ini = db.ini(dir, "kill", resumer);
    String classpath = ChildJvm.snapshotClasspath(dir.resolve("classpath"));
    Path output = dir.resolve("run1.txt");
    Process child =
        ChildJvm.start(classpath, Main.class, output, "copy", "--config", ini.toString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    long copied = 0;
    while (child.isAlive() && (copied = db.count(db.dst, CopyTables.ORDERS)) < 5_000) {
      assertThat(System.nanoTime()).as("orders started within 60 s").isLessThan(deadline);
      Thread.onSpinWait();
    }
    assertThat(child.isAlive())
        .as("the first run is still copying; its output:%n%s", read(output))
        .isTrue();
    child.destroyForcibly(); // SIGKILL: no shutdown hook, nothing flushed
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    long atKill = db.count(db.dst, CopyTables.ORDERS);
    assertThat(atKill).as("killed mid-way").isBetween(copied, (long) db.orderRows - 1);

    Cli second = Cli.run("copy", "--config", ini.toString());
    assertThat(second.exit).as("second run:%n%s%s", second.out, second.err).isZero();
    assertThat(second.out).contains("RUN SUMMARY: SUCCEEDED", "Processing: orders (resuming after");
    assertThat(db.differences()).as("targets that differ from their sources").isEmpty();

    Path logs = dir.resolve("logs");
    assertThat(Files.readString(logs.resolve("finished.log"), StandardCharsets.UTF_8))
        .contains("\"tb\":\"orders\"", "\"tb\":\"finished_table_*$1\"");
    assertThat(logs.resolve("position.log")).exists();

    Cli third = Cli.run("copy", "--config", ini.toString());
    assertThat(third.exit).isZero();
    assertThat(third.out).contains("Skipped:          4", "Rows copied:      0");
  }

  /** --start-from-table, then the rest; --no-truncate on a partial table; --reset. */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void startFromTableNoTruncateAndReset(Kind kind) throws Exception {
    CopyTables db = new CopyTables(kind, 10_000);
    Path ini = db.ini(dir, "flags");

    Cli from = Cli.run("copy", "--config", ini.toString(), "--start-from-table", "order-items");
    assertThat(from.exit).as(from.out + from.err).isZero();
    assertThat(db.count(db.dst, CopyTables.ODD)).isZero();
    assertThat(db.count(db.dst, CopyTables.NO_KEY)).isZero();
    assertThat(db.dump(db.dst, CopyTables.ITEMS)).isEqualTo(db.dump(db.src, CopyTables.ITEMS));
    assertThat(db.count(db.dst, CopyTables.ORDERS)).isEqualTo(db.orderRows);

    Cli rest = Cli.run("copy", "--config", ini.toString());
    assertThat(rest.exit).as(rest.out + rest.err).isZero();
    assertThat(db.differences()).isEmpty();

    // no_key as an interrupted run leaves it: started, no position; its target holds a stray row
    TableRef noKey = TableRef.of(kind == Kind.MYSQL ? "mysql" : "pg", db.src, CopyTables.NO_KEY);
    markPartial(noKey);
    db.exec("INSERT INTO " + db.q(db.dst, CopyTables.NO_KEY) + " VALUES (-1, 'stray')");
    Cli kept = Cli.run("copy", "--config", ini.toString(), "--no-truncate");
    assertThat(kept.exit).as(kept.out + kept.err).isZero();
    assertThat(db.count(db.dst, CopyTables.NO_KEY))
        .as("stray row kept")
        .isEqualTo(15_000 + 15_000 + 1);

    markPartial(noKey);
    Cli emptied = Cli.run("copy", "--config", ini.toString());
    assertThat(emptied.exit).isZero();
    assertThat(emptied.out).contains("Truncated the target of " + CopyTables.NO_KEY);
    assertThat(db.differences()).isEmpty();

    db.exec("DELETE FROM " + db.q(db.dst, CopyTables.ORDERS) + " WHERE id > 1000");
    Cli skipped = Cli.run("copy", "--config", ini.toString());
    assertThat(skipped.out).contains("Skipped:          4");
    assertThat(db.count(db.dst, CopyTables.ORDERS)).isEqualTo(1000);
    Cli reset = Cli.run("copy", "--config", ini.toString(), "--reset");
    assertThat(reset.exit).as(reset.out + reset.err).isZero();
    assertThat(db.differences()).isEmpty();
  }

  private void markPartial(TableRef table) {
    try (Checkpointer cp =
        Checkpointer.builder().taskId("flags").store(LogStore.in(dir.resolve("logs"))).build()) {
      cp.reset(table);
      cp.tableStarted(table);
    }
  }

  /** A bad key, a bad URL and a table pattern that matches nothing: each exit 2, named. */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void badConfigurationsExitTwoNamingTheProblem(Kind kind) throws Exception {
    CopyTables db = new CopyTables(kind, 10_000);
    Path ini = db.ini(dir, "bad");
    Cli key =
        Cli.run(
            "copy",
            "--config",
            rewrite(ini, "[router]\n", "[router]\ncol_map=json:[]\n").toString());
    assertThat(key.exit).isEqualTo(2);
    assertThat(key.err).contains("[router] col_map is not supported by copy");

    String url = db.apeDtsUrl();
    Path badUrl =
        rewrite(ini, "url=" + url + "\n", "url=" + url.replaceFirst(":(\\d+)", ":x$1") + "\n");
    Cli bad = Cli.run("copy", "--config", badUrl.toString());
    assertThat(bad.exit).isEqualTo(2);
    assertThat(bad.err).contains("[extractor] url", "is not a number");

    Path noSuch = rewrite(ini, ".*\nignore_tbs", ".no_such_table\nignore_tbs");
    Cli pattern = Cli.run("copy", "--config", noSuch.toString());
    assertThat(pattern.exit).as(pattern.out + pattern.err).isEqualTo(2);
    assertThat(pattern.err).contains("[filter] do_tbs entry", "no_such_table", "matches no table");
  }

  /**
   * parallel_type=chunk: three chunks at once, positions and plans in the target (from_target);
   * with the log store it is a configuration error.
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void copiesInChunksWithThePositionTableInTheTarget(Kind kind) throws Exception {
    CopyTables db = new CopyTables(kind, 10_000);
    Path ini =
        db.ini(
            dir,
            "chunks",
            "[resumer]",
            "resume_type=from_target",
            "table_full_name=" + TestDatabases.freshSchema(kind, "cp_store") + ".positions");
    ini = rewrite(ini, "parallel_size=2", "parallel_size=3\nparallel_type=chunk");
    Cli run = Cli.run("copy", "--config", ini.toString());
    assertThat(run.exit).as(run.out + run.err).isZero();
    assertThat(db.differences()).isEmpty();

    Path logOnly = rewrite(ini, "resume_type=from_target", "resume_type=from_log");
    Cli refused = Cli.run("copy", "--config", logOnly.toString());
    assertThat(refused.exit).isEqualTo(2);
    assertThat(refused.err).contains("parallel_type=chunk", "from_target or from_db");
  }

  /** --dry-run shows each table's decision and SQL and writes nothing. */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void dryRunShowsDecisionsAndSqlAndWritesNothing(Kind kind) throws Exception {
    CopyTables db = new CopyTables(kind, 10_000);
    Path ini = db.ini(dir, "dry");
    Cli dry = Cli.run("copy", "--config", ini.toString(), "--dry-run");
    assertThat(dry.exit).as(dry.out + dry.err).isZero();
    assertThat(dry.out)
        .contains(
            "[4/4] " + db.src + ".orders -> " + db.dst + ".orders: copy from the start",
            "read:  SELECT * FROM",
            kind == Kind.MYSQL ? "ON DUPLICATE KEY UPDATE" : "ON CONFLICT");
    assertThat(db.count(db.dst, CopyTables.ORDERS)).isZero();
    assertThat(Cli.run("copy", "--config", ini.toString()).exit).isZero();
    Cli after = Cli.run("copy", "--config", ini.toString(), "--dry-run");
    assertThat(after.out).contains(".orders: skip, finished");
  }

  private Path rewrite(Path ini, String from, String to) throws java.io.IOException {
    String text = Files.readString(ini, StandardCharsets.UTF_8);
    assertThat(text).contains(from);
    Path out = dir.resolve("v" + System.nanoTime() + ".ini");
    Files.writeString(out, text.replace(from, to), StandardCharsets.UTF_8);
    return out;
  }

  private static String read(Path p) throws java.io.IOException {
    return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
  }
}
