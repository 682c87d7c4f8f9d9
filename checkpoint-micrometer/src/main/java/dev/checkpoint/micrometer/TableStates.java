package dev.checkpoint.micrometer;

import dev.checkpoint.TableRef;
import dev.checkpoint.TableStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state behind one task's gauges on one registry: each table's status and its current rows
 * per second. The gauges hold it strongly (they read it through suppliers), and it holds no
 * reference to the registry, so that {@link CheckpointMetrics} can key it weakly by registry.
 */
final class TableStates {
  private final String task;
  private final Map<TableRef, TableStatus.State> states = new ConcurrentHashMap<>();
  private final Map<TableRef, double[]> rates = new ConcurrentHashMap<>();

  private TableStates(String task) {
    this.task = task;
  }

  static TableStates register(MeterRegistry registry, String task) {
    TableStates s = new TableStates(task);
    for (TableStatus.State state : TableStatus.State.values()) {
      Gauge.builder(CheckpointMetrics.TABLES, () -> s.count(state))
          .tags("task", task, "status", state.text())
          .description("Tables of the task's latest run by status")
          .baseUnit("tables")
          .strongReference(true)
          .register(registry);
    }
    return s;
  }

  /** A new run: only its tables count, each in the status it starts in. */
  synchronized void startRun(Map<TableRef, TableStatus.State> tables) {
    states.clear();
    states.putAll(tables);
    rates.values().forEach(r -> r[0] = 0);
  }

  void set(TableRef table, TableStatus.State state) {
    states.put(table, state);
  }

  /** Sets the table's rows per second; its gauge is registered on first use. */
  void rate(MeterRegistry registry, TableRef table, double rowsPerSecond) {
    double[] holder =
        rates.computeIfAbsent(
            table,
            t -> {
              double[] h = new double[1];
              Gauge.builder(CheckpointMetrics.ROWS_PER_SECOND, () -> h[0])
                  .tags(CheckpointMetrics.tableTags(task, t))
                  .description("Rows per second of the current run on the table; 0 when it is not running")
                  .strongReference(true)
                  .register(registry);
              return h;
            });
    holder[0] = rowsPerSecond;
  }

  private double count(TableStatus.State state) {
    return states.values().stream().filter(s -> s == state).count();
  }
}
