package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.InMemoryStore;
import dev.checkpoint.SourceChangedException;
import dev.checkpoint.Strategy;
import dev.checkpoint.TableRef;
import dev.checkpoint.TableStatus;
import dev.checkpoint.runner.RunListener;
import dev.checkpoint.runner.RunResult;
import dev.checkpoint.runner.TableEvent;
import dev.checkpoint.runner.TableJob;
import dev.checkpoint.runner.TableRunner;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A ROW_SKIP table whose source changed between two runs: the reader refuses to skip with a {@link
 * SourceChangedException}, and the runner treats the table as partial: it truncates the target,
 * forgets the position and reads the table again, so the plain-INSERT target ends equal to the
 * changed source.
 */
class RowSkipRunnerIT {
  /** The process dying mid-table: an Error passes through the runner like a crash. */
  static final class Crash extends Error {
    private static final long serialVersionUID = 1L;
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aChangedSourceIsTruncatedAndReadAgainByTheRunner(Kind kind) throws Exception {
    String schema = TestDatabases.freshSchema(kind, "rsr");
    Dialect d = Tables.dialect(kind);
    String src = d.qualified(schema, "report");
    String dst = d.qualified(schema, "report_copy");
    Tables.execute(
        kind,
        "CREATE TABLE " + src + " (id INT PRIMARY KEY, name VARCHAR(20))",
        "CREATE TABLE " + dst + " (id INT NOT NULL, name VARCHAR(20))");
    List<Object[]> rows = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      rows.add(new Object[] {i * 2, "r" + i});
    }
    Tables.insert(kind, src, List.of("id", "name"), rows);
    TableRef ref = TableRef.of(kind == Kind.MYSQL ? "mysql" : "pg", schema, "report");
    JdbcSource source = JdbcSources.rowSkip(Tables.ds(kind)).orderBy("id").batchSize(10).build();
    AtomicInteger truncations = new AtomicInteger();
    AtomicInteger batches = new AtomicInteger();
    InMemoryStore store = new InMemoryStore();

    TableJob<Row> dying =
        job(kind, ref, source, dst, truncations, () -> batches.incrementAndGet() == 2);
    try (Checkpointer cp = checkpointer(store)) {
      assertThatThrownBy(() -> TableRunner.builder(cp).job(dying).build().run())
          .isInstanceOf(Crash.class);
    }
    // Batch 2 reached the target, its position did not: the position says 10 rows.
    assertThat(Tables.count(kind, dst)).isEqualTo(20);

    Tables.execute(kind, "INSERT INTO " + src + " (id, name) VALUES (1, 'new first row')");
    List<String> truncated = new ArrayList<>();
    RunResult result;
    try (Checkpointer cp = checkpointer(store)) {
      result =
          TableRunner.builder(cp)
              .job(job(kind, ref, source, dst, truncations, () -> false))
              .listener(
                  new RunListener() {
                    @Override
                    public void tableTruncated(TableEvent table, String reason) {
                      truncated.add(reason);
                    }
                  })
              .build()
              .run();
    }
    assertThat(result.succeeded()).isTrue();
    assertThat(truncations).hasValue(1);
    assertThat(truncated)
        .singleElement()
        .asString()
        .startsWith(
            "its source changed under the recorded position: source changed: row 10 of " + ref);
    assertThat(Tables.dump(kind, dst)).isEqualTo(Tables.dump(kind, src));
    TableStatus status = store.readStatuses("rsr").get(ref);
    assertThat(status.state()).isEqualTo(TableStatus.State.COMPLETED);
    assertThat(status.rows()).isEqualTo(31);
  }

  private static Checkpointer checkpointer(InMemoryStore store) {
    return Checkpointer.builder()
        .taskId("rsr")
        .store(store)
        .policy(CheckpointPolicy.everyBatch())
        .build();
  }

  private static TableJob<Row> job(
      Kind kind,
      TableRef ref,
      JdbcSource source,
      String dst,
      AtomicInteger truncations,
      java.util.function.BooleanSupplier crash) {
    return TableJob.<Row>builder(ref)
        .source(source)
        .strategy(Strategy.ROW_SKIP)
        .sink(
            rows -> {
              try (Connection c = Tables.ds(kind).getConnection()) {
                Tables.insert(c, kind, dst, List.of("id", "name"), rows);
              }
              if (crash.getAsBoolean()) {
                throw new Crash();
              }
            })
        .truncate(
            t -> {
              truncations.incrementAndGet();
              Tables.execute(kind, "DELETE FROM " + dst);
            })
        .build();
  }
}
