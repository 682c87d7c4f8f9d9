package dev.checkpoint.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The scale-out example as docs/scale-out.md shows it: 2,000,000 rows, 4 worker JVMs, some killed
 * with SIGKILL part-way and started again; the example itself verifies the target.
 */
class ParallelCopyIT {
  @Test
  void theDocumentedCommandEndsWithTheTargetEqualToTheSource() throws Exception {
    JavaRun run = JavaRun.java(Repo.root(), DocCommands.javaArgs(DocCommands.PARALLEL_COPY), 900);

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("4 workers copy 2,000,000 rows in chunks")
        .contains("split into")
        .contains("Killed worker")
        .contains("took over")
        .contains("OK: the target equals the source, row for row");
    Matcher kills = Pattern.compile("All workers done in .* s, (\\d+) kills").matcher(run.output());
    assertThat(kills.find()).as(run.output()).isTrue();
    assertThat(Integer.parseInt(kills.group(1))).isGreaterThanOrEqualTo(1);
  }
}
