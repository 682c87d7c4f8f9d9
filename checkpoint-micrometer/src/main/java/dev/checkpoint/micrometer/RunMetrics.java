package dev.checkpoint.micrometer;

import dev.checkpoint.Checkpointer;
import dev.checkpoint.TableRef;
import dev.checkpoint.TableStatus;
import dev.checkpoint.runner.RunListener;
import dev.checkpoint.runner.TableEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's meters, fed by the runner's events. Counts are taken from {@code batchRows}, never from
 * {@link TableEvent#rows()}: that one continues the stored count of earlier runs, and adding it
 * would count a resumed table's earlier rows again.
 */
final class RunMetrics implements RunListener {
  private final MeterRegistry registry;
  private final Checkpointer cp;
  private final TableStates states;

  RunMetrics(MeterRegistry registry, Checkpointer cp, TableStates states) {
    this.registry = registry;
    this.cp = cp;
    this.states = states;
  }

  @Override
  public void runStarted(List<TableRef> tables) {
    Map<TableRef, TableStatus.State> start = new LinkedHashMap<>();
    for (TableRef t : tables) {
      start.put(t, stored(t));
    }
    states.startRun(start);
  }

  @Override
  public void tableSkipped(TableEvent table, String reason) {
    // A finished table's status is completed by now; one before the start-from table keeps its own.
    states.set(table.table(), stored(table.table()));
  }

  @Override
  public void tableStarted(TableEvent table) {
    states.set(table.table(), TableStatus.State.IN_PROGRESS);
    states.rate(registry, table.table(), 0);
  }

  @Override
  public void batchCommitted(TableEvent table, int batchRows) {
    String task = cp.taskId();
    Counter.builder(CheckpointMetrics.ROWS)
        .tags(CheckpointMetrics.tableTags(task, table.table()))
        .description("Rows committed by the sink")
        .baseUnit("rows")
        .register(registry)
        .increment(batchRows);
    Counter.builder(CheckpointMetrics.BATCHES)
        .tags(CheckpointMetrics.tableTags(task, table.table()))
        .description("Batches committed by the sink")
        .baseUnit("batches")
        .register(registry)
        .increment();
    states.rate(registry, table.table(), table.rowsPerSecond());
  }

  @Override
  public void tableFinished(TableEvent table) {
    states.set(table.table(), TableStatus.State.COMPLETED);
    states.rate(registry, table.table(), 0);
  }

  @Override
  public void tableFailed(TableEvent table, Throwable error) {
    states.set(table.table(), TableStatus.State.FAILED);
    states.rate(registry, table.table(), 0);
  }

  private TableStatus.State stored(TableRef table) {
    return cp.status(table).map(TableStatus::state).orElse(TableStatus.State.PENDING);
  }
}
