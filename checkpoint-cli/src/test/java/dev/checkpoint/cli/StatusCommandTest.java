package dev.checkpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.StatusJson;
import dev.checkpoint.TableStatus;
import dev.checkpoint.logstore.LogStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {
  @TempDir Path dir;

  @Test
  void printsEachTableWithItsStatusRowsTimeAndErrorThenTheTotals() {
    TaskFixture.write(dir);
    Cli r = Cli.run("status", "--log-dir", dir.toString());
    assertThat(r.err).isEmpty();
    assertThat(r.exit).isZero();
    List<String> lines = r.out.lines().toList();
    assertThat(lines).hasSize(6);
    assertThat(lines.get(0))
        .startsWith("SCHEMA  TABLE")
        .contains("STATUS", "ROWS", "TIME", "UPDATED", "ERROR");
    assertThat(lines.get(1))
        .matches("shop    customers  completed     1,200 +\\d+\\.\\d s  \\d{4}-.*Z");
    assertThat(lines.get(2)).matches("shop    orders     in_progress  50,000 .*");
    assertThat(lines.get(3))
        .matches("shop    payments   failed            7 .*Z  column type mismatch");
    assertThat(lines.get(4)).matches("shop    refunds    finished          - +- +-");
    assertThat(lines.get(5))
        .isEqualTo(
            "task shop-copy: 3 tables with a status: 1 completed, 1 in progress, 1 failed, 0 pending;"
                + " 51,207 rows; 1 more with a position or finished mark only");
  }

  @Test
  void jsonPrintsTheStoredStatusOfEachTable() {
    TaskFixture.write(dir);
    Cli r = Cli.run("status", "--log-dir", dir.toString(), "--task", TaskFixture.TASK, "--json");
    assertThat(r.exit).isZero();
    List<String> lines = r.out.lines().toList();
    assertThat(lines).hasSize(4);
    TableStatus payments = StatusJson.read(lines.get(2));
    assertThat(payments)
        .isEqualTo(LogStore.in(dir).readStatuses(TaskFixture.TASK).get(TaskFixture.PAYMENTS));
    assertThat(lines.get(3))
        .isEqualTo(
            "{\"db_type\":\"mysql\",\"schema\":\"shop\",\"tb\":\"refunds\",\"status\":\"finished\"}");
  }

  @Test
  void failedShowsOnlyTheFailedTablesWithTheirErrors() {
    TaskFixture.write(dir);
    Cli r = Cli.run("status", "--log-dir", dir.toString(), "--failed");
    assertThat(r.exit).isZero();
    assertThat(r.out.lines().toList()).hasSize(3);
    assertThat(r.out.lines().toList().get(1)).contains("payments", "column type mismatch");
  }

  @Test
  void aDirectoryOfAnotherTaskIsRefused() {
    TaskFixture.write(dir);
    Cli r = Cli.run("status", "--log-dir", dir.toString(), "--task", "billing");
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.err).contains("belongs to task \"shop-copy\", not \"billing\"");
  }

  @Test
  void theStoreMustBeGivenOnceAndItsOptionsMustFit() {
    assertThat(Cli.run("status").err)
        .contains("give exactly one store: --log-dir DIR, --url URL or --mongo-uri URI");
    assertThat(Cli.run("status", "--log-dir", dir.toString(), "--url", "jdbc:mysql://x/").exit)
        .isEqualTo(2);
    Cli user = Cli.run("status", "--log-dir", dir.toString(), "--user", "u", "--task", "t");
    assertThat(user.exit).isEqualTo(2);
    assertThat(user.err).contains("--user applies to --url, not --log-dir");
    Cli noTask = Cli.run("status", "--url", "jdbc:mysql://127.0.0.1:1/x");
    assertThat(noTask.exit).isEqualTo(2);
    assertThat(noTask.err).contains("--task is required with --url");
    Cli missing = Cli.run("status", "--log-dir", dir.resolve("nope").toString(), "--task", "t");
    assertThat(missing.exit).isEqualTo(2);
    assertThat(missing.err).contains("log directory not found");
  }

  @Test
  void helpNamesEveryOption() {
    Cli r = Cli.run("status", "--help");
    assertThat(r.exit).isZero();
    assertThat(r.out)
        .contains(
            "--log-dir",
            "--url",
            "--user",
            "--password",
            "--password-env",
            "--table-full-name",
            "--task",
            "--failed",
            "--json");
  }
}
