package dev.checkpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.Position;
import dev.checkpoint.ResumeState;
import dev.checkpoint.TableState;
import dev.checkpoint.logstore.LogStore;
import dev.checkpoint.logstore.ResumeConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportImportTest {
  @TempDir Path tmp;

  /** What a state says, without where each part came from (file and line differ by design). */
  private static Map<String, String> essence(ResumeState s) {
    Map<String, String> out = new TreeMap<>();
    for (TableState t : s.tables().values()) {
      out.put(
          t.table().toString(),
          t.finished() ? "finished" : String.valueOf(t.position().orElse(null)));
    }
    return out;
  }

  @Test
  void exportWritesResumeConfigLinesThatReadBackAsTheSameState() throws IOException {
    Path logs = TaskFixture.write(tmp.resolve("logs"));
    Cli r = Cli.run("export", "--log-dir", logs.toString());
    assertThat(r.exit).isZero();
    List<String> lines = r.out.lines().toList();
    assertThat(lines.get(0))
        .startsWith("// task shop-copy, exported from log directory " + logs + " at ");
    assertThat(lines.get(1))
        .isEqualTo("// 3 table statuses are not part of this format and were not exported");
    assertThat(lines.subList(2, lines.size()))
        .containsExactly(
            "{\"type\":\"RdbSnapshotFinished\",\"db_type\":\"mysql\",\"schema\":\"shop\",\"tb\":\"customers\"}",
            "| current_position | {\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"shop\",\"tb\":\"orders\",\"order_col\":\"id\",\"value\":\"50000\",\"order_key\":{\"single\":[\"id\",\"50000\"]}}",
            "| current_position | {\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"shop\",\"tb\":\"payments\",\"order_col\":\"id\",\"value\":\"7\",\"order_key\":{\"single\":[\"id\",\"7\"]}}",
            "{\"type\":\"RdbSnapshotFinished\",\"db_type\":\"mysql\",\"schema\":\"shop\",\"tb\":\"refunds\"}");
    Path file = tmp.resolve("resume.config");
    Files.writeString(file, r.out, StandardCharsets.UTF_8);
    assertThat(essence(ResumeConfig.file(file).read()))
        .isEqualTo(essence(LogStore.in(logs).read(TaskFixture.TASK)));
  }

  @Test
  void importIntoAnotherStoreMovesTheTask() {
    Path logs = TaskFixture.write(tmp.resolve("logs"));
    Path file = tmp.resolve("task.config");
    assertThat(Cli.run("export", "--log-dir", logs.toString(), "--out", file.toString()).exit)
        .isZero();
    Path other = tmp.resolve("other");
    Cli r =
        Cli.run(
            "import",
            "--log-dir",
            other.toString(),
            "--task",
            TaskFixture.TASK,
            "--file",
            file.toString());
    assertThat(r.err).isEmpty();
    assertThat(r.exit).isZero();
    assertThat(r.out.strip())
        .isEqualTo(
            "imported 2 positions and 2 finished tables from "
                + file
                + " into task shop-copy in log directory "
                + other);
    assertThat(essence(LogStore.in(other).read(TaskFixture.TASK)))
        .isEqualTo(essence(LogStore.in(logs).read(TaskFixture.TASK)));
  }

  @Test
  void aTaskThatHasTablesNeedsReplaceOrMerge() throws IOException {
    Path logs = TaskFixture.write(tmp.resolve("logs"));
    Path file = tmp.resolve("one.config");
    Files.writeString(
        file,
        "{\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"shop\",\"tb\":\"audit\",\"order_col\":\"id\",\"value\":\"3\"}\n",
        StandardCharsets.UTF_8);
    Cli refused = Cli.run("import", "--log-dir", logs.toString(), "--file", file.toString());
    assertThat(refused.exit).isEqualTo(2);
    assertThat(refused.err).contains("task shop-copy already has tables", "--replace", "--merge");
    assertThat(LogStore.in(logs).read(TaskFixture.TASK).tables()).hasSize(4);

    assertThat(
            Cli.run("import", "--log-dir", logs.toString(), "--file", file.toString(), "--replace")
                .exit)
        .isZero();
    assertThat(essence(LogStore.in(logs).read(TaskFixture.TASK)))
        .isEqualTo(Map.of("mysql:shop.audit", Position.keyed("id", "3").toString()));
    assertThat(LogStore.in(logs).readStatuses(TaskFixture.TASK)).isEmpty();
  }

  @Test
  void mergeAppliesAHandEditedBreakpointAndCanMarkAFailedTableFinished() throws IOException {
    Path logs = TaskFixture.write(tmp.resolve("logs"));
    Path file = tmp.resolve("edit.config");
    Files.writeString(
        file,
        String.join(
            "\n",
            "// resume orders after id 40000 instead of 50000",
            "| current_position | {\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"shop\",\"tb\":\"orders\",\"order_col\":\"id\",\"value\":\"40000\"}",
            "# skip the failed table",
            "{\"type\":\"RdbSnapshotFinished\",\"db_type\":\"mysql\",\"schema\":\"shop\",\"tb\":\"payments\"}"),
        StandardCharsets.UTF_8);
    Cli r = Cli.run("import", "--log-dir", logs.toString(), "--file", file.toString(), "--merge");
    assertThat(r.exit).isZero();
    ResumeState state = LogStore.in(logs).read(TaskFixture.TASK);
    assertThat(state.position(TaskFixture.ORDERS)).contains(Position.keyed("id", "40000"));
    assertThat(state.isFinished(TaskFixture.PAYMENTS)).isTrue();
    assertThat(state.isFinished(TaskFixture.CUSTOMERS)).isTrue();
    assertThat(LogStore.in(logs).readStatuses(TaskFixture.TASK))
        .containsOnlyKeys(TaskFixture.CUSTOMERS);
    Cli status = Cli.run("status", "--log-dir", logs.toString());
    assertThat(status.out).contains("payments   finished");
  }

  @Test
  void aBadLineExitsTwoNamingFileAndLineAndWritesNothing() throws IOException {
    Path file = tmp.resolve("bad.config");
    Files.writeString(
        file, "// ok\n{\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\"\n", StandardCharsets.UTF_8);
    Path logs = tmp.resolve("logs");
    Cli r =
        Cli.run("import", "--log-dir", logs.toString(), "--task", "t", "--file", file.toString());
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.err).contains("bad.config:2");
    assertThat(logs).doesNotExist();
    assertThat(
            Cli.run(
                    "import",
                    "--log-dir",
                    logs.toString(),
                    "--task",
                    "t",
                    "--file",
                    tmp.resolve("none").toString())
                .err)
        .contains("file not found");
    assertThat(
            Cli.run(
                    "import",
                    "--log-dir",
                    logs.toString(),
                    "--task",
                    "t",
                    "--file",
                    file.toString(),
                    "--merge",
                    "--replace")
                .exit)
        .isEqualTo(2);
  }

  @Test
  void theTopLevelUsageListsTheNewCommands() {
    Cli r = Cli.run("--help");
    assertThat(r.out).contains("status", "reset", "export", "import", "show");
  }
}
