package dev.checkpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.StatusJson;
import dev.checkpoint.TableStatus;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import dev.checkpoint.testkit.TestSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged jar against the JDBC position store on the real MariaDB and PostgreSQL: a task moved
 * from a log directory into the database and back, its status, a reset, and a password that never
 * shows. The database comes from {@link TestDatabases} ({@code CHECKPOINT_MYSQL_URL} / {@code
 * CHECKPOINT_PG_URL}, else the local server on its default port); with {@code CI} set a missing
 * server fails the test.
 */
class CliJdbcIT {
  private static final Path JAR = Path.of("target/checkpoint-cli.jar").toAbsolutePath();

  private record Result(int exit, String out, String err) {}

  /** The test database of "mysql" or "postgres", found as every module's tests find theirs. */
  static String url(String kind) {
    return TestDatabases.url(kind.equals("mysql") ? Kind.MYSQL : Kind.POSTGRES);
  }

  private static Result cli(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"mysql", "postgres"})
  void aTaskMovesFromFilesToTheDatabaseAndBackWithStatusAndReset(String kind, @TempDir Path dir)
      throws Exception {
    String url = url(kind);
    String table = "cli_it_" + UUID.randomUUID().toString().substring(0, 8) + ".positions";
    Path logs = TaskFixture.write(dir.resolve("logs"));
    Path exported = dir.resolve("from-logs.config");
    assertThat(cli(dir, "export", "--log-dir", logs.toString(), "--out", exported.toString()).exit)
        .isZero();

    Result imported =
        cli(
            dir,
            "import",
            "--url",
            url,
            "--table-full-name",
            table,
            "--task",
            TaskFixture.TASK,
            "--file",
            exported.toString());
    assertThat(imported.err).isEmpty();
    assertThat(imported.exit).isZero();
    assertThat(imported.out)
        .contains("imported 2 positions and 2 finished tables", "table " + table);

    Result status =
        cli(
            dir,
            "status",
            "--url",
            url,
            "--table-full-name",
            table,
            "--task",
            TaskFixture.TASK,
            "--json");
    assertThat(status.exit).isZero();
    assertThat(status.out.lines())
        .containsExactly(
            "{\"db_type\":\"mysql\",\"schema\":\"shop\",\"tb\":\"customers\",\"status\":\"finished\"}",
            "{\"db_type\":\"mysql\",\"schema\":\"shop\",\"tb\":\"orders\",\"status\":\"resumable\"}",
            "{\"db_type\":\"mysql\",\"schema\":\"shop\",\"tb\":\"payments\",\"status\":\"resumable\"}",
            "{\"db_type\":\"mysql\",\"schema\":\"shop\",\"tb\":\"refunds\",\"status\":\"finished\"}");

    Result back =
        cli(dir, "export", "--url", url, "--table-full-name", table, "--task", TaskFixture.TASK);
    assertThat(back.exit).isZero();
    assertThat(positionLines(back.out))
        .isEqualTo(positionLines(Files.readString(exported, StandardCharsets.UTF_8)));

    Result reset =
        cli(
            dir,
            "reset",
            "--url",
            url,
            "--table-full-name",
            table,
            "--task",
            TaskFixture.TASK,
            "--table",
            "shop.payments");
    assertThat(reset.exit).isZero();
    assertThat(reset.out.strip())
        .isEqualTo("reset shop.payments: position, finished mark and status removed");
    Result after =
        cli(dir, "export", "--url", url, "--table-full-name", table, "--task", TaskFixture.TASK);
    assertThat(after.out).doesNotContain("\"tb\":\"payments\"").contains("\"tb\":\"orders\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mysql", "postgres"})
  void statusesWrittenByARunAreShownFromTheDatabase(String kind, @TempDir Path dir)
      throws Exception {
    String url = url(kind);
    String table = "cli_it_" + UUID.randomUUID().toString().substring(0, 8) + ".positions";
    // A run's statuses, written by the library into the JDBC store.
    try (dev.checkpoint.jdbc.JdbcPositionStore store =
            dev.checkpoint.jdbc.JdbcPositionStore.builder().url(url).tableFullName(table).build();
        dev.checkpoint.Checkpointer cp =
            dev.checkpoint.Checkpointer.builder().taskId("db-task").store(store).build()) {
      cp.tableStarted(TaskFixture.PAYMENTS);
      cp.committed(TaskFixture.PAYMENTS, dev.checkpoint.Position.keyed("id", "7"), 7);
      cp.tableFailed(TaskFixture.PAYMENTS, new IllegalStateException("column type mismatch"));
    }
    Result r =
        cli(dir, "status", "--url", url, "--table-full-name", table, "--task", "db-task", "--json");
    assertThat(r.exit).isZero();
    TableStatus s = StatusJson.read(r.out.strip());
    assertThat(s.state()).isEqualTo(TableStatus.State.FAILED);
    assertThat(s.rows()).isEqualTo(7);
    assertThat(s.error()).isEqualTo("column type mismatch");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mysql"})
  void aWrongPasswordFailsWithoutPrintingIt(String kind, @TempDir Path dir) throws Exception {
    String url = url(kind);
    Assumptions.assumeFalse(url.contains("password="), "the URL carries its own password");
    String secret = TestSecrets.PASSWORD;
    Result r = cli(dir, "status", "--url", url, "--password", secret, "--task", "t");
    // Printed for the suite's last check, which greps every test's output for the password.
    System.out.println("status with a wrong password:\n" + r.out + r.err);
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.err).isNotBlank();
    assertThat(r.out + r.err).doesNotContain(secret);
  }

  private static List<String> positionLines(String text) {
    return text.lines().filter(l -> !l.startsWith("//")).toList();
  }
}
