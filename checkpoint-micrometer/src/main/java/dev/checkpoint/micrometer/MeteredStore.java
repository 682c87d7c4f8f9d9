package dev.checkpoint.micrometer;

import dev.checkpoint.Position;
import dev.checkpoint.PositionStore;
import dev.checkpoint.ResumeState;
import dev.checkpoint.TableRef;
import dev.checkpoint.TableStatus;
import dev.checkpoint.TaskSession;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A store whose sessions measure their writes: positions written and their latency, flushes, and
 * failed writes. All of the store-write meters live in this one class, so that they move with the
 * store SPI when it changes. Reads pass through unmeasured.
 */
final class MeteredStore implements PositionStore {
  private final PositionStore store;
  private final MeterRegistry registry;

  MeteredStore(PositionStore store, MeterRegistry registry) {
    this.store = store;
    this.registry = registry;
  }

  @Override
  public TaskSession open(String taskId) {
    return new Session(store.open(taskId), registry);
  }

  @Override
  public ResumeState read(String taskId) {
    return store.read(taskId);
  }

  @Override
  public Map<TableRef, TableStatus> readStatuses(String taskId) {
    return store.readStatuses(taskId);
  }

  @Override
  public Optional<String> readState(String taskId) {
    return store.readState(taskId);
  }

  @Override
  public void close() {
    store.close();
  }

  @Override
  public String toString() {
    return store.toString();
  }

  /** One task's session, measured. */
  private static final class Session implements TaskSession {
    private final TaskSession session;
    private final MeterRegistry registry;
    private final String task;

    Session(TaskSession session, MeterRegistry registry) {
      this.session = session;
      this.registry = registry;
      this.task = session.taskId();
    }

    @Override
    public String taskId() {
      return task;
    }

    @Override
    public ResumeState load() {
      return session.load();
    }

    @Override
    public void record(TableRef table, Position position) {
      long start = registry.config().clock().monotonicTime();
      try {
        session.record(table, position);
      } catch (RuntimeException e) {
        failed("position");
        throw e;
      }
      // Only a write that reached the store counts as a position written.
      Timer.builder(CheckpointMetrics.POSITIONS_WRITTEN)
          .tags(CheckpointMetrics.tableTags(task, table))
          .description("Positions written to the store, and the time each write took")
          .register(registry)
          .record(registry.config().clock().monotonicTime() - start, TimeUnit.NANOSECONDS);
    }

    @Override
    public void finish(TableRef table) {
      guard("finish", () -> session.finish(table));
    }

    @Override
    public void reset(TableRef table) {
      guard("reset", () -> session.reset(table));
    }

    @Override
    public void resetAll() {
      guard("reset", session::resetAll);
    }

    @Override
    public Map<TableRef, TableStatus> loadStatuses() {
      return session.loadStatuses();
    }

    @Override
    public void recordStatus(TableStatus status) {
      guard("status", () -> session.recordStatus(status));
    }

    @Override
    public Optional<String> loadState() {
      return session.loadState();
    }

    @Override
    public void recordState(String json) {
      guard("state", () -> session.recordState(json));
    }

    @Override
    public void flush() {
      Timer timer =
          Timer.builder(CheckpointMetrics.STORE_FLUSHES)
              .tag("task", task)
              .description("Store flushes (making recorded writes durable), and the time each took")
              .register(registry);
      long start = registry.config().clock().monotonicTime();
      guard("flush", session::flush);
      timer.record(registry.config().clock().monotonicTime() - start, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
      session.close();
    }

    private void guard(String operation, Runnable write) {
      try {
        write.run();
      } catch (RuntimeException e) {
        failed(operation);
        throw e;
      }
    }

    private void failed(String operation) {
      Counter.builder(CheckpointMetrics.STORE_FAILURES)
          .tags("task", task, "operation", operation)
          .description("Store writes that failed; the run fails with them")
          .register(registry)
          .increment();
    }
  }
}
