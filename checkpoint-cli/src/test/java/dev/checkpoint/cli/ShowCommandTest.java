package dev.checkpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShowCommandTest {
  /** What seed 001's files resolve to: position.log over resume.config, finished from both. */
  static final List<String> SEED001_JSON =
      List.of(
          "{\"db_type\":\"mysql\",\"schema\":\"test_db_1\",\"tb\":\"one_pk_multi_uk\",\"status\":\"resume\",\"order_key\":[[\"f_0\",\"5\"]],\"source\":\"resume.config:4\"}",
          "{\"db_type\":\"mysql\",\"schema\":\"test_db_1\",\"tb\":\"one_pk_no_uk\",\"status\":\"resume\",\"order_key\":[[\"f_0\",\"5\"]],\"source\":\"resume.config:3\"}",
          "{\"db_type\":\"mysql\",\"schema\":\"test_db_@\",\"tb\":\"finished_table_*$1\",\"status\":\"finished\",\"source\":\"resume.config:1\"}",
          "{\"db_type\":\"mysql\",\"schema\":\"test_db_@\",\"tb\":\"finished_table_*$2\",\"status\":\"finished\",\"source\":\"resume.config:2\"}",
          "{\"db_type\":\"mysql\",\"schema\":\"test_db_@\",\"tb\":\"in_finished_log_table_*$1\",\"status\":\"finished\",\"source\":\"finished.log:1\"}",
          "{\"db_type\":\"mysql\",\"schema\":\"test_db_@\",\"tb\":\"in_finished_log_table_*$2\",\"status\":\"finished\",\"source\":\"finished.log:2\"}",
          "{\"db_type\":\"mysql\",\"schema\":\"test_db_@\",\"tb\":\"in_position_log_table_*$1\",\"status\":\"resume\",\"order_key\":[[\"p.k\",\"1\"]],\"source\":\"position.log:2\"}",
          "{\"db_type\":\"mysql\",\"schema\":\"test_db_@\",\"tb\":\"resume_table_*$4\",\"status\":\"resume\",\"order_key\":[[\"p.k\",\"1\"]],\"source\":\"resume.config:5\"}");

  @Test
  void printsTheSeedExampleAsOneJsonObjectPerTableSorted() {
    Cli r =
        Cli.run(
            "show",
            "--log-dir",
            Cli.SEED001.resolve("resume_logs").toString(),
            "--config-file",
            Cli.SEED001.resolve("resume.config").toString(),
            "--json");
    assertThat(r.err).isEmpty();
    assertThat(r.exit).isZero();
    assertThat(r.out.lines()).containsExactlyElementsOf(SEED001_JSON);
  }

  @Test
  void printsAReadableTableWithoutJson() {
    Cli r =
        Cli.run(
            "show",
            "--log-dir",
            Cli.SEED001.resolve("resume_logs").toString(),
            "--config-file=" + Cli.SEED001.resolve("resume.config"));
    assertThat(r.exit).isZero();
    List<String> lines = r.out.lines().toList();
    assertThat(lines.get(0)).startsWith("SCHEMA").contains("TABLE", "STATUS", "POSITION", "SOURCE");
    assertThat(lines).hasSize(9);
    assertThat(lines.get(1))
        .contains("test_db_1", "one_pk_multi_uk", "resume", "f_0 > \"5\"", "resume.config:4");
    assertThat(lines.get(3)).contains("finished_table_*$1", "finished", "resume.config:1");
  }

  @Test
  void readsALogDirectoryAsApeDtsLeavesItAfterItsTaskFinished(@TempDir Path dir)
      throws IOException {
    // Blank lines between entries, the "task finished" line, no line end after the last line.
    Files.writeString(
        dir.resolve("finished.log"),
        "2024-10-10 04:04:07.803422 | {\"type\":\"RdbSnapshotFinished\",\"db_type\":\"mysql\","
            + "\"schema\":\"test_db_@\",\"tb\":\"finished_table_*$1\"}\n\n"
            + "2024-10-10 04:04:09.000001 | task finished",
        StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("position.log"),
        "2024-10-10 04:04:08.152044 | current_position | {\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\","
            + "\"schema\":\"test_db_@\",\"tb\":\"b\",\"order_key\":{\"single\":[\"p.k\",\"6\"]}}",
        StandardCharsets.UTF_8);
    Cli r = Cli.run("show", "--log-dir", dir.toString(), "--json");
    assertThat(r.err).isEmpty();
    assertThat(r.exit).isZero();
    assertThat(r.out.lines())
        .containsExactly(
            "{\"db_type\":\"mysql\",\"schema\":\"test_db_@\",\"tb\":\"b\",\"status\":\"resume\","
                + "\"order_key\":[[\"p.k\",\"6\"]],\"source\":\"position.log:1\"}",
            "{\"db_type\":\"mysql\",\"schema\":\"test_db_@\",\"tb\":\"finished_table_*$1\","
                + "\"status\":\"finished\",\"source\":\"finished.log:1\"}");
  }

  @Test
  void rowOffsetPositionsPrintTheirRowCount(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("resume.config"),
        "{\"type\":\"RowOffset\",\"db_type\":\"pg\",\"schema\":\"public\",\"tb\":\"v\",\"rows\":3000,\"last_row_fingerprint\":\"ab12\"}\n",
        StandardCharsets.UTF_8);
    Cli r = Cli.run("show", "--config-file", dir.resolve("resume.config").toString(), "--json");
    assertThat(r.out.strip())
        .isEqualTo(
            "{\"db_type\":\"pg\",\"schema\":\"public\",\"tb\":\"v\",\"status\":\"resume\",\"rows\":3000,\"source\":\"resume.config:1\"}");
  }

  @Test
  void aBadLineExitsTwoWithOneLineNamingFileAndLine(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("resume.config");
    Files.writeString(
        config,
        "// comment\n{\"type\":\"RdbSnapshotFinished\",\"db_type\":\"mysql\",\"schema\":\"s\",\"tb\":\"a\"}\n{\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"s\",\"tb\":\"b\",\"order_col\":\"id\"\n",
        StandardCharsets.UTF_8);
    Cli r = Cli.run("show", "--config-file", config.toString(), "--json");
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.out).isEmpty();
    assertThat(r.err.lines()).hasSize(1);
    assertThat(r.err).contains("resume.config:3");
  }

  @Test
  void missingInputsAndUnknownOptionsAreUsageErrors() {
    assertThat(Cli.run("show").exit).isEqualTo(2);
    Cli unknown = Cli.run("show", "--log-dirr", "x");
    assertThat(unknown.exit).isEqualTo(2);
    assertThat(unknown.err).contains("unknown option --log-dirr");
    Cli missingDir = Cli.run("show", "--log-dir", "/nonexistent/dir");
    assertThat(missingDir.exit).isEqualTo(2);
    assertThat(missingDir.err).contains("log directory not found: /nonexistent/dir");
    assertThat(Cli.run("frobnicate").exit).isEqualTo(2);
  }

  @Test
  void everyCommandHasHelp() {
    Cli top = Cli.run("--help");
    assertThat(top.exit).isZero();
    assertThat(top.out).contains("show");
    Cli show = Cli.run("show", "--help");
    assertThat(show.exit).isZero();
    assertThat(show.out).contains("--log-dir", "--config-file", "--json");
  }
}
