package dev.checkpoint.testkit.pipeline;

import dev.checkpoint.InMemoryStore;
import dev.checkpoint.PositionStore;
import dev.checkpoint.spi.ForwardingStore;
import dev.checkpoint.spi.RecordChange;
import dev.checkpoint.spi.RecordSession;
import dev.checkpoint.spi.StoreRecord;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The store of one attempt: counts its writes and crashes right after the planned one landed; once
 * the crash came, nothing reaches the store (a dead process writes nothing, not even the flush of a
 * checkpointer's {@code close}).
 */
final class CrashingStore extends ForwardingStore {
  private final PositionStore inner;
  private final Plan plan;
  private final Set<String> opened = new LinkedHashSet<>();

  CrashingStore(PositionStore inner, Plan plan) {
    super(inner);
    this.inner = inner;
    this.plan = plan;
  }

  @Override
  public RecordSession openSession(String taskId) {
    plan.alive("opening task " + taskId);
    RecordSession session = super.openSession(taskId);
    synchronized (opened) {
      opened.add(taskId);
    }
    return session;
  }

  @Override
  protected RecordSession wrap(RecordSession session) {
    return new RecordSession() {
      @Override
      public List<StoreRecord> load() {
        plan.alive("loading positions");
        return session.load();
      }

      @Override
      public void apply(List<RecordChange> changes) {
        plan.alive("writing positions");
        int n = plan.count(Plan.Part.STORE);
        session.apply(changes);
        if (plan.crashesAt(Plan.Part.STORE, CrashPoint.AFTER_POSITION_WRITE, n)) {
          throw plan.fire("store write " + n + " landed: " + changes);
        }
      }

      @Override
      public void flush() {
        plan.alive("flushing positions");
        session.flush();
      }

      @Override
      public void close() {
        // A crash releases what the process held: the session closes even after it.
        session.close();
      }
    };
  }

  /**
   * After a crash: lets the tasks this attempt opened open again, as a real store does once the
   * crashed process is gone, even if the pipeline never closed its checkpointer.
   */
  void releaseWriters() {
    if (inner instanceof InMemoryStore memory) {
      synchronized (opened) {
        opened.forEach(memory::releaseWriter);
      }
    }
  }
}
