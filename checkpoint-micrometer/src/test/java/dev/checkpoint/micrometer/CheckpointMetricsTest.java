package dev.checkpoint.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.PositionStore;
import dev.checkpoint.StoreException;
import dev.checkpoint.TableRef;
import dev.checkpoint.TableStatus;
import dev.checkpoint.logstore.LogStore;
import dev.checkpoint.runner.RunResult;
import dev.checkpoint.runner.TableRunner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tables copied by a {@link TableRunner} into a log store, positions written after every batch:
 * {@code orders} (1,000 rows) completes, the target of {@code payments} (500 rows) goes down at its
 * 4th batch. A second run, as a restarted process with a new registry, skips {@code orders} and
 * resumes {@code payments} after its 300 committed rows.
 */
class CheckpointMetricsTest {
  static final String TASK = "shop-copy";

  @TempDir Path logs;

  final ListTable orders = new ListTable("orders", 1_000, 100);
  final ListTable payments = new ListTable("payments", 500, 100);

  @Test
  void aRunWithAFailedTableShowsEachMetersExactValue() {
    MeterRegistry registry = new SimpleMeterRegistry();
    payments.failAtBatch = 4;

    RunResult result = run(registry);

    assertThat(result.completed()).isEqualTo(1);
    assertThat(result.failed()).isEqualTo(1);
    assertThat(counter(registry, CheckpointMetrics.ROWS, orders.ref)).isEqualTo(1_000);
    assertThat(counter(registry, CheckpointMetrics.BATCHES, orders.ref)).isEqualTo(10);
    assertThat(counter(registry, CheckpointMetrics.ROWS, payments.ref)).isEqualTo(300);
    assertThat(counter(registry, CheckpointMetrics.BATCHES, payments.ref)).isEqualTo(3);
    // everyBatch: one position per committed batch; the failed batch's position is not written.
    assertThat(positionsWritten(registry, orders.ref)).isEqualTo(10);
    assertThat(positionsWritten(registry, payments.ref)).isEqualTo(3);
    assertThat(
            registry
                .get(CheckpointMetrics.POSITIONS_WRITTEN)
                .tags(tags(orders.ref))
                .timer()
                .totalTime(java.util.concurrent.TimeUnit.NANOSECONDS))
        .isPositive();
    assertThat(tables(registry))
        .isEqualTo(Map.of("pending", 0.0, "in_progress", 0.0, "completed", 1.0, "failed", 1.0));
    assertThat(registry.find(CheckpointMetrics.STORE_FAILURES).counter())
        .as("no store write failed")
        .isNull();
    assertThat(rate(registry, orders.ref)).as("not running: 0 rows/s").isZero();
    // The runner flushes the checkpointer at the end of the run, and close flushes again.
    assertThat(registry.get(CheckpointMetrics.STORE_FLUSHES).tags("task", TASK).timer().count())
        .isEqualTo(2);
  }

  @Test
  void theGaugesFollowTheRunWhileItRuns() {
    MeterRegistry registry = new SimpleMeterRegistry();
    List<Map<String, Double>> seen = new ArrayList<>();
    List<Double> rates = new ArrayList<>();
    orders.beforeBatch =
        n -> {
          if (n == 3) {
            seen.add(tables(registry));
            rates.add(rate(registry, orders.ref));
          }
        };

    run(registry);

    assertThat(seen)
        .containsExactly(
            Map.of("pending", 1.0, "in_progress", 1.0, "completed", 0.0, "failed", 0.0));
    assertThat(rates.get(0)).as("rows/s after two batches of orders").isPositive();
    assertThat(tables(registry))
        .isEqualTo(Map.of("pending", 0.0, "in_progress", 0.0, "completed", 2.0, "failed", 0.0));
  }

  @Test
  void aResumedRunCountsOnlyWhatItDeliversNotTheRowsBeforeTheCrash() {
    payments.failAtBatch = 4;
    run(new SimpleMeterRegistry());

    // The restarted process: a new registry, a new store and checkpointer on the same files.
    MeterRegistry restarted = new SimpleMeterRegistry();
    payments.failAtBatch = 0;
    RunResult result = run(restarted);

    assertThat(result.succeeded()).isTrue();
    assertThat(payments.deliveredThisRun).isEqualTo(200);
    assertThat(counter(restarted, CheckpointMetrics.ROWS, payments.ref))
        .as("the rows the resumed run delivered, not the stored 500")
        .isEqualTo(payments.deliveredThisRun);
    assertThat(counter(restarted, CheckpointMetrics.BATCHES, payments.ref)).isEqualTo(2);
    assertThat(positionsWritten(restarted, payments.ref)).isEqualTo(2);
    assertThat(restarted.find(CheckpointMetrics.ROWS).tags(tags(orders.ref)).counter())
        .as("orders was skipped: nothing counted for it")
        .isNull();
    assertThat(positionsWritten(restarted, orders.ref)).isZero();
    assertThat(tables(restarted))
        .isEqualTo(Map.of("pending", 0.0, "in_progress", 0.0, "completed", 2.0, "failed", 0.0));
    // The table's stored status continues over both runs; the counter does not.
    assertThat(statusRows(payments.ref)).isEqualTo(500);
    assertThat(payments.target).hasSize(500).doesNotHaveDuplicates();
  }

  @Test
  void theSameRegistryOverTheCrashAndTheResumeCountsEachRowOnce() {
    MeterRegistry registry = new SimpleMeterRegistry();
    payments.failAtBatch = 4;
    run(registry);
    payments.failAtBatch = 0;

    run(registry);

    assertThat(counter(registry, CheckpointMetrics.ROWS, payments.ref)).isEqualTo(500);
    assertThat(counter(registry, CheckpointMetrics.BATCHES, payments.ref)).isEqualTo(5);
    assertThat(counter(registry, CheckpointMetrics.ROWS, orders.ref)).isEqualTo(1_000);
    assertThat(positionsWritten(registry, payments.ref)).isEqualTo(5);
    assertThat(tables(registry))
        .isEqualTo(Map.of("pending", 0.0, "in_progress", 0.0, "completed", 2.0, "failed", 0.0));
  }

  @Test
  void aFailedTableThatIsNotRetriedYetStaysFailedUntilItStarts() {
    MeterRegistry registry = new SimpleMeterRegistry();
    payments.failAtBatch = 4;
    run(registry);
    List<Map<String, Double>> seen = new ArrayList<>();
    payments.failAtBatch = 0;
    orders.beforeBatch = n -> seen.add(tables(registry));
    // orders is reset, so it runs first while payments waits with its stored status.
    try (PositionStore store = CheckpointMetrics.of(registry).instrument(LogStore.in(logs));
        Checkpointer cp = checkpointer(store)) {
      TableRunner.builder(cp)
          .job(orders.job())
          .job(payments.job())
          .reset(orders.ref)
          .listener(CheckpointMetrics.of(registry).listener(cp))
          .build()
          .run();
    }
    assertThat(seen.get(0))
        .isEqualTo(Map.of("pending", 0.0, "in_progress", 1.0, "completed", 0.0, "failed", 1.0));
  }

  @Test
  void aStoreWriteThatFailsIsCountedAndThePositionIsNotCountedAsWritten() throws Exception {
    MeterRegistry registry = new SimpleMeterRegistry();
    CheckpointMetrics metrics = CheckpointMetrics.of(registry);
    // position.log is compacted at its 4th line (compactAt 3, one table); a directory where the
    // compaction writes its temp file makes that write fail for real.
    orders.beforeBatch =
        n -> {
          if (n == 4) {
            try {
              Files.createDirectories(logs.resolve("position.log.tmp").resolve("in-the-way"));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        };
    try (PositionStore store =
        metrics.instrument(LogStore.builder().dir(logs).compactAt(3).build())) {
      Checkpointer cp = checkpointer(store);
      TableRunner runner =
          TableRunner.builder(cp).job(orders.job()).listener(metrics.listener(cp)).build();
      assertThatThrownBy(runner::run)
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("position.log");
      // The log session refuses every write after a failed one: closing writes the pending
      // checkpoint (the position with its status, in one store write) again, and fails there.
      assertThatThrownBy(cp::close)
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("after an earlier failure");
    }

    Map<String, Double> failures = new java.util.TreeMap<>();
    registry
        .find(CheckpointMetrics.STORE_FAILURES)
        .tag("task", TASK)
        .counters()
        .forEach(c -> failures.put(c.getId().getTag("operation"), c.count()));
    assertThat(failures)
        .as("the failed checkpoint, and close's second try")
        .isEqualTo(Map.of("position", 2.0));
    assertThat(positionsWritten(registry, orders.ref)).isEqualTo(3);
    assertThat(counter(registry, CheckpointMetrics.ROWS, orders.ref))
        .as("the 4th batch was committed by the sink, its position was not stored")
        .isEqualTo(300);
  }

  private RunResult run(MeterRegistry registry) {
    CheckpointMetrics metrics = CheckpointMetrics.of(registry);
    try (PositionStore store = metrics.instrument(LogStore.in(logs));
        Checkpointer cp = checkpointer(store)) {
      return TableRunner.builder(cp)
          .job(orders.job())
          .job(payments.job())
          .listener(metrics.listener(cp))
          .build()
          .run();
    }
  }

  private static Checkpointer checkpointer(PositionStore store) {
    return Checkpointer.builder()
        .taskId(TASK)
        .store(store)
        .policy(CheckpointPolicy.everyBatch())
        .build();
  }

  private long statusRows(TableRef table) {
    try (PositionStore store = LogStore.in(logs)) {
      return store.readStatuses(TASK).get(table).rows();
    }
  }

  static Tags tags(TableRef t) {
    return Tags.of("task", TASK, "db_type", t.dbType(), "schema", t.schema(), "table", t.table());
  }

  static double counter(MeterRegistry registry, String name, TableRef t) {
    return registry.get(name).tags(tags(t)).counter().count();
  }

  static long positionsWritten(MeterRegistry registry, TableRef t) {
    var timer = registry.find(CheckpointMetrics.POSITIONS_WRITTEN).tags(tags(t)).timer();
    return timer == null ? 0 : timer.count();
  }

  static double rate(MeterRegistry registry, TableRef t) {
    return registry.get(CheckpointMetrics.ROWS_PER_SECOND).tags(tags(t)).gauge().value();
  }

  static Map<String, Double> tables(MeterRegistry registry) {
    Map<String, Double> byStatus = new java.util.HashMap<>();
    for (TableStatus.State s : TableStatus.State.values()) {
      byStatus.put(
          s.text(),
          registry
              .get(CheckpointMetrics.TABLES)
              .tags("task", TASK, "status", s.text())
              .gauge()
              .value());
    }
    return byStatus;
  }
}
