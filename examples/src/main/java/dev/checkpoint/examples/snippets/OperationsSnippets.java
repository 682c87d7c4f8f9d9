package dev.checkpoint.examples.snippets;

import com.zaxxer.hikari.HikariDataSource;
import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.PositionStore;
import dev.checkpoint.TableRef;
import dev.checkpoint.jdbc.JdbcSources;
import dev.checkpoint.jdbc.JdbcTables;
import dev.checkpoint.jdbc.Row;
import dev.checkpoint.logstore.LogStore;
import dev.checkpoint.micrometer.CheckpointMetrics;
import dev.checkpoint.runner.RunListener;
import dev.checkpoint.runner.RunResult;
import dev.checkpoint.runner.TableJob;
import dev.checkpoint.runner.TableRunner;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The code of docs/operations.md, compiled; DocsCodeBlocksTest checks the page quotes it verbatim.
 */
@SuppressWarnings("unused")
abstract class OperationsSnippets {
  PositionStore store;

  abstract HikariDataSource pool();

  abstract void upsert(TableRef table, List<Row> rows) throws SQLException;

  abstract void truncateTarget(TableRef table) throws SQLException;

  void multiTableRun() {
    // tag::operations-multi-table[]
    try (HikariDataSource ds = pool();
        Checkpointer cp = Checkpointer.builder()
            .taskId("shop-copy")
            .store(LogStore.in(Path.of("logs")))        // or a JdbcPositionStore
            .policy(CheckpointPolicy.every(Duration.ofSeconds(1)))
            .build()) {
      List<TableJob<Row>> jobs = new ArrayList<>();
      for (TableRef t : JdbcTables.discover(ds, "shop").include("*").exclude("tmp_*").list()) {
        jobs.add(TableJob.<Row>builder(t)
            .source(JdbcSources.auto(ds).build())      // one source serves every table
            .sink(rows -> upsert(t, rows))
            .truncate(table -> truncateTarget(table))  // used only for a partial table
            .build());
      }
      RunResult result = TableRunner.builder(cp)
          .jobs(jobs)
          .parallelism(4)                              // default 1
          .listener(RunListener.standard())            // console on a terminal, else SLF4J
          .build()
          .run();
      System.exit(result.succeeded() ? 0 : 1);
    }
    // end::operations-multi-table[]
  }

  void metrics(MeterRegistry registry, List<TableJob<Row>> jobs) {
    // tag::operations-metrics[]
    CheckpointMetrics metrics = CheckpointMetrics.of(registry);      // your application's registry
    try (Checkpointer cp = Checkpointer.builder()
        .taskId("shop-copy")
        .store(metrics.instrument(LogStore.in(Path.of("logs"))))    // positions written, latency, failures
        .build()) {
      TableRunner.builder(cp)
          .jobs(jobs)
          .listener(metrics.listener(cp))                           // rows, batches, tables by status
          .listener(RunListener.standard())
          .build()
          .run();
    }
    // end::operations-metrics[]
  }

  void taskState() {
    // tag::operations-task-state[]
    Checkpointer cp = Checkpointer.builder().taskId("t").store(store).maxStateBytes(64 * 1024).build();
    cp.recordState("{\"total\":123456,\"out_offset\":98}");   // after the batches it covers were committed
    Optional<String> state = cp.state();                      // the latest, or the one loaded at start
    // end::operations-task-state[]
  }
}
