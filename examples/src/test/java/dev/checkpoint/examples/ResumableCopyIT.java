package dev.checkpoint.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Example 1 as a user runs it: the shaded jar in a new JVM from the repository root, with an
 * embedded PostgreSQL, a child JVM killed with SIGKILL and resumed.
 */
class ResumableCopyIT {
  private static final Pattern COUNT_LINE =
      Pattern.compile(
          "(source shop\\.orders|target warehouse\\.orders) +([0-9,]+) rows +checksum ([0-9a-f]{32})");

  @Test
  void theReadmesFirstCommandCopiesAMillionRowsThroughAKillAndPassesItsVerification()
      throws Exception {
    assertThat(DocCommands.RUN_EXAMPLE).startsWith("mvn -q -DskipTests package && ");
    Repo.examplesJar();
    JavaRun run = JavaRun.java(Repo.root(), DocCommands.javaArgs(DocCommands.RUN_EXAMPLE), 600);

    assertThat(run.exit()).as(run.output()).isZero();
    String out = run.output();
    assertThat(out).contains("a resumable copy of 1,000,000 rows");
    assertThat(out).containsPattern("Killed the copy \\(SIGKILL, exit 137\\)");
    // The second run really resumed from a recorded position, not from the start.
    assertThat(out)
        .containsPattern(
            "resumer, get resume value, schema: shop, tb: orders, col: id, result: Some\\(\"[1-9][0-9]*\"\\)");
    assertThat(out).contains("OK: the target equals the source");
    List<String[]> counts = counts(out);
    assertThat(counts).hasSize(2);
    assertThat(counts.get(0)[1]).isEqualTo("1,000,000");
    assertThat(counts.get(1)[1]).isEqualTo("1,000,000");
    assertThat(counts.get(1)[2]).isEqualTo(counts.get(0)[2]);
    assertThat(out).containsPattern("Position files: /\\S+/logs");
    assertThat(out)
        .contains("finished.log: ")
        .contains(
            "{\"type\":\"RdbSnapshotFinished\",\"db_type\":\"pg\",\"schema\":\"shop\",\"tb\":\"orders\"}");
  }

  @Test
  void aTargetBrokenOnPurposeIsReportedAsAMismatchWithExitCodeOne() throws Exception {
    JavaRun run = JavaRun.java(Repo.root(), DocCommands.javaArgs(DocCommands.BREAK_TARGET), 600);

    assertThat(run.exit()).as(run.output()).isEqualTo(1);
    String out = run.output();
    assertThat(out).contains("--break-target: changed one target row on purpose");
    // Same row counts: only the checksum can tell the difference, and it does.
    List<String[]> counts = counts(out);
    assertThat(counts.get(0)[1]).isEqualTo("200,000").isEqualTo(counts.get(1)[1]);
    assertThat(counts.get(1)[2]).isNotEqualTo(counts.get(0)[2]);
    assertThat(out)
        .contains(
            "MISMATCH: source rows missing or different in the target: 1; target rows not in the source: 1 (first differing ids: 3)");
    assertThat(out).doesNotContain("OK: the target equals the source");
  }

  private static List<String[]> counts(String out) {
    Matcher m = COUNT_LINE.matcher(out);
    List<String[]> found = new java.util.ArrayList<>();
    while (m.find()) {
      found.add(new String[] {m.group(1), m.group(2), m.group(3)});
    }
    return found;
  }
}
