package dev.checkpoint.micrometer;

import dev.checkpoint.PositionJson;
import dev.checkpoint.PositionRecord;
import dev.checkpoint.PositionStore;
import dev.checkpoint.spi.RecordChange;
import dev.checkpoint.spi.RecordKinds;
import dev.checkpoint.spi.RecordSession;
import dev.checkpoint.spi.StoreRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A store whose sessions measure their writes: positions written and the time each write took,
 * flushes, and failed writes. All of the store-write meters live in this one class, on the
 * record-level SPI ({@link RecordSession#apply} and {@link RecordSession#flush}). Reads pass
 * through unmeasured.
 */
final class MeteredStore implements PositionStore {
  private final PositionStore store;
  private final MeterRegistry registry;

  MeteredStore(PositionStore store, MeterRegistry registry) {
    this.store = store;
    this.registry = registry;
  }

  @Override
  public RecordSession openSession(String taskId) {
    return new Session(taskId, store.openSession(taskId), registry);
  }

  @Override
  public List<StoreRecord> readRecords(String taskId) {
    return store.readRecords(taskId);
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
  private static final class Session implements RecordSession {
    private final String task;
    private final RecordSession session;
    private final MeterRegistry registry;

    Session(String task, RecordSession session, MeterRegistry registry) {
      this.task = task;
      this.session = session;
      this.registry = registry;
    }

    @Override
    public List<StoreRecord> load() {
      return session.load();
    }

    /**
     * One write: a checkpoint's position with its table's status, a finished mark, the task state,
     * or deletes. Each position in a write that reached the store counts as written, with the time
     * of the whole write.
     */
    @Override
    public void apply(List<RecordChange> changes) {
      long start = registry.config().clock().monotonicTime();
      try {
        session.apply(changes);
      } catch (RuntimeException e) {
        failed(operation(changes));
        throw e;
      }
      long nanos = registry.config().clock().monotonicTime() - start;
      for (RecordChange c : changes) {
        if (c.kind().equals(RecordKinds.POSITION) && !c.isDelete()) {
          Optional<PositionRecord> p = PositionJson.read(c.data());
          p.ifPresent(
              r ->
                  Timer.builder(CheckpointMetrics.POSITIONS_WRITTEN)
                      .tags(CheckpointMetrics.tableTags(task, r.table()))
                      .description("Positions written to the store, and the time each write took")
                      .register(registry)
                      .record(nanos, TimeUnit.NANOSECONDS));
        }
      }
    }

    @Override
    public void flush() {
      Timer timer =
          Timer.builder(CheckpointMetrics.STORE_FLUSHES)
              .tag("task", task)
              .description("Store flushes (making recorded writes durable), and the time each took")
              .register(registry);
      long start = registry.config().clock().monotonicTime();
      try {
        session.flush();
      } catch (RuntimeException e) {
        failed("flush");
        throw e;
      }
      timer.record(registry.config().clock().monotonicTime() - start, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
      session.close();
    }

    /**
     * What a failed write was for, named by its weightiest change: a finished mark (which also
     * deletes the table's position), a reset (deletes only), a position, the task state, else a
     * status.
     */
    private static String operation(List<RecordChange> changes) {
      boolean delete = false;
      boolean position = false;
      boolean finish = false;
      boolean state = false;
      for (RecordChange c : changes) {
        delete |= c.isDelete();
        position |= c.kind().equals(RecordKinds.POSITION) && !c.isDelete();
        finish |= c.kind().equals(RecordKinds.FINISHED) && !c.isDelete();
        state |= c.kind().equals(RecordKinds.TASK_STATE) && !c.isDelete();
      }
      if (finish) {
        return "finish";
      }
      if (delete) {
        return "reset";
      }
      return position ? "position" : state ? "state" : "status";
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
