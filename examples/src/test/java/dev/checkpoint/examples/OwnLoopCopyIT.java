package dev.checkpoint.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.logstore.LogStore;
import dev.checkpoint.testkit.CrashingCommits;
import dev.checkpoint.testkit.CrashingCommits.When;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Example 2 on the PostgreSQL test database: the user's own loop crashes and resumes. */
class OwnLoopCopyIT {
  @ParameterizedTest
  @EnumSource(When.class)
  void aLoopCrashedAtItsThirdCommitResumesAfterTheSecondAndEndsEqualToTheSource(
      When when, @TempDir Path logs) throws Exception {
    DataSource db = TestDatabases.dataSource(Kind.POSTGRES);
    String schema = TestDatabases.freshName(Kind.POSTGRES, "own_loop");
    OrderTables.create(db, schema, 5_500);

    assertThatThrownBy(
            () ->
                OwnLoopCopy.copy(
                    new CrashingCommits(db, "orders_copy", 3, when), schema, LogStore.in(logs)))
        .hasMessageContaining("simulated crash");
    long resumed = OwnLoopCopy.copy(db, schema, LogStore.in(logs));

    // Batches 1 and 2 were recorded; batch 3 is read again whether or not its commit landed
    // (at-least-once), and the upsert makes the second delivery harmless.
    assertThat(resumed).isEqualTo(3_500);
    List<String> source = OrderTables.rows(db, schema + ".orders");
    assertThat(OrderTables.rows(db, schema + ".orders_copy")).hasSize(5_500).isEqualTo(source);
    assertThat(OwnLoopCopy.copy(db, schema, LogStore.in(logs)))
        .as("a finished table is skipped")
        .isZero();
  }

  @Test
  void theDocumentedCommandRunsOnItsEmbeddedPostgres() throws Exception {
    JavaRun run = JavaRun.java(Repo.root(), DocCommands.javaArgs(DocCommands.OWN_LOOP), 300);
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("Starting an embedded PostgreSQL")
        .contains("copied 10,000 rows")
        .contains("shop.orders_copy: 10,000 rows; identical");
  }
}
