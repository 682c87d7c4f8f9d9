package dev.checkpoint.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Example 4 from the jar on the PostgreSQL test database: ten tables, one whose target is broken
 * for the first run; the second run skips the nine completed ones and finishes the tenth.
 */
class ManyTablesCopyIT {
  @Test
  void aFailedTableIsRetriedAloneByTheNextRunAndEveryTargetEndsEqualToItsSource() throws Exception {
    String url = TestDatabases.url(Kind.POSTGRES);
    String from = TestDatabases.freshName(Kind.POSTGRES, "many_src");
    String to = TestDatabases.freshName(Kind.POSTGRES, "many_dst");
    JavaRun run =
        JavaRun.java(
            Repo.root(),
            List.of("-jar", Repo.examplesJar().toString(), "many-tables", url, from, to),
            300);

    assertThat(run.exit()).as(run.output()).isZero();
    String[] runs = run.output().split("Run 2, the same job again");
    assertThat(runs).hasSize(2);
    assertThat(runs[0])
        .contains("Running 10 tables")
        .contains(
            "[8/10] FAILED: payments after 0 rows of this run: the rows have a column \"amount\" that table \""
                + to
                + "\".\"payments\" does not have")
        .contains("RUN SUMMARY: FAILED")
        .containsPattern("Completed: +9\n")
        .containsPattern("Failed: +1\n");
    assertThat(runs[1])
        .contains("[8/10] Completed: payments  30,000 rows")
        .doesNotContain("Processing: accounts")
        .contains("RUN SUMMARY: SUCCEEDED")
        .containsPattern("Skipped: +9\n")
        .containsPattern("Rows copied: +30,000\n")
        .contains("All 10 targets equal their sources.");
  }

  @Test
  void theDocumentedCommandRunsOnItsEmbeddedPostgres() throws Exception {
    JavaRun run = JavaRun.java(Repo.root(), DocCommands.javaArgs(DocCommands.MANY_TABLES), 300);
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("Starting an embedded PostgreSQL")
        .contains("[8/10] FAILED: payments")
        .contains("RUN SUMMARY: SUCCEEDED")
        .contains("All 10 targets equal their sources.");
  }
}
