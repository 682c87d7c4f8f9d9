package dev.checkpoint.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.testkit.CrashingCommits;
import dev.checkpoint.testkit.CrashingCommits.When;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Example 3 on MariaDB and PostgreSQL. The target has a primary key and gets plain INSERTs, so a
 * row delivered twice would fail the resumed run: it completing equal to the source, having read
 * exactly the rows after the last committed batch, is the exactly-once property.
 */
class ExactlyOnceCopyIT {
  @ParameterizedTest(name = "{0}, crash {1} number {2}")
  @CsvSource({
    "MYSQL, BEFORE_COMMIT, 3, 3500",
    "MYSQL, AFTER_COMMIT, 3, 2500",
    "POSTGRES, BEFORE_COMMIT, 1, 5500",
    "POSTGRES, BEFORE_COMMIT, 3, 3500",
    "POSTGRES, AFTER_COMMIT, 3, 2500",
    "POSTGRES, AFTER_COMMIT, 6, 0"
  })
  void aCrashAroundACommitResumesExactlyAfterWhatThatCommitLanded(
      Kind kind, When when, int crashAt, long readAfter) throws Exception {
    DataSource db = TestDatabases.dataSource(kind);
    String schema = TestDatabases.freshName(kind, "exactly_once");
    OrderTables.create(db, schema, 5_500);

    assertThatThrownBy(
            () ->
                ExactlyOnceCopy.copy(
                    db, new CrashingCommits(db, "orders_copy", crashAt, when), schema))
        .hasStackTraceContaining("simulated crash");
    // Before the commit: the batch and its position were rolled back together. After it: both
    // landed, so the resumed run starts after that batch (after the last one: nothing to read).
    assertThat(ExactlyOnceCopy.copy(db, db, schema)).isEqualTo(readAfter);

    assertThat(OrderTables.rows(db, schema + ".orders_copy"))
        .hasSize(5_500)
        .isEqualTo(OrderTables.rows(db, schema + ".orders"));
    assertThat(ExactlyOnceCopy.copy(db, db, schema)).as("a finished table is skipped").isZero();
  }

  @Test
  void theDocumentedCommandRunsOnItsEmbeddedPostgres() throws Exception {
    JavaRun run = JavaRun.java(Repo.root(), DocCommands.javaArgs(DocCommands.EXACTLY_ONCE), 300);
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("copied 10,000 rows")
        .contains("shop.orders_copy: 10,000 rows; identical");
  }

  @Test
  void theExampleRunsFromTheJarOnMariaDb() throws Exception {
    JavaRun run =
        JavaRun.java(
            Repo.root(),
            List.of(
                "-jar",
                Repo.examplesJar().toString(),
                "exactly-once",
                TestDatabases.url(Kind.MYSQL),
                TestDatabases.freshName(Kind.MYSQL, "exactly_once")),
            300);
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("copied 10,000 rows")
        .contains("orders_copy: 10,000 rows; identical");
  }
}
