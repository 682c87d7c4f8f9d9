package dev.checkpoint.micrometer;

import dev.checkpoint.TableRef;
import dev.checkpoint.TableStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state behind one task's gauges on one registry: each table's status and its current rows per
 * second. The gauges hold it strongly (they read it through suppliers), and it holds no reference
 * to the registry, so that {@link CheckpointMetrics} can key it weakly by registry.
 */
final class TableStates {
  private final String task;
  private final Map<TableRef, TableStatus.State> states = new ConcurrentHashMap<>();
  // Written by the run's thread, read by the registry's (a scrape): the bits of a double.
  private final Map<TableRef, AtomicLong> rates = new ConcurrentHashMap<>();

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
    rates.values().forEach(r -> r.set(Double.doubleToLongBits(0)));
  }

  void set(TableRef table, TableStatus.State state) {
    states.put(table, state);
  }

  /** Sets the table's rows per second; its gauge is registered on first use. */
  void rate(MeterRegistry registry, TableRef table, double rowsPerSecond) {
    AtomicLong holder =
        rates.computeIfAbsent(
            table,
            t -> {
              AtomicLong h = new AtomicLong(Double.doubleToLongBits(0));
              Gauge.builder(
                      CheckpointMetrics.ROWS_PER_SECOND, () -> Double.longBitsToDouble(h.get()))
                  .tags(CheckpointMetrics.tableTags(task, t))
                  .description(
                      "Rows per second of the current run on the table; 0 when it is not running")
                  .strongReference(true)
                  .register(registry);
              return h;
            });
    holder.set(Double.doubleToLongBits(rowsPerSecond));
  }

  private double count(TableStatus.State state) {
    return states.values().stream().filter(s -> s == state).count();
  }
}
