package dev.checkpoint;

import dev.checkpoint.spi.RecordChange;
import dev.checkpoint.spi.RecordSession;
import dev.checkpoint.spi.StoreRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * A real in-memory store that logs every write in order ({@code record t …}, {@code status t
 * in_progress 10}, {@code finish t}, {@code state …}) and can "crash": from then on nothing reaches
 * it, as when the process dies, and the task is released for the next run. It applies a call's
 * changes one by one, like a store that keeps them in separate files, so a crash can fall between a
 * status and its position.
 */
final class RecordingStore implements PositionStore {
  final InMemoryStore delegate = new InMemoryStore();
  final List<String> writes = new ArrayList<>();

  /** The write (by its log prefix, e.g. "record", "status") at which the crash happens, or null. */
  String crashAt;

  private RecordSession open;
  private boolean crashed;

  @Override
  public synchronized RecordSession openSession(String taskId) {
    crashed = false;
    RecordSession s = delegate.openSession(taskId);
    open = s;
    return new RecordSession() {
      @Override
      public List<StoreRecord> load() {
        return s.load();
      }

      @Override
      public void apply(List<RecordChange> changes) {
        synchronized (RecordingStore.this) {
          if (changes.stream().allMatch(RecordChange::isDelete)) {
            step(ChangeLog.describe(changes), () -> s.apply(changes));
            return;
          }
          for (RecordChange c : changes) {
            step(ChangeLog.describe(List.of(c)), () -> s.apply(List.of(c)));
          }
        }
      }

      @Override
      public void close() {
        synchronized (RecordingStore.this) {
          if (!crashed) {
            s.close();
          }
        }
      }
    };
  }

  private void step(List<String> what, Runnable action) {
    if (crashed) {
      throw new StoreException("the process is dead: " + what);
    }
    if (crashAt != null && what.stream().anyMatch(w -> w.startsWith(crashAt))) {
      crash();
      throw new StoreException("crashed before " + what);
    }
    writes.addAll(what);
    action.run();
  }

  /** Kills the open session: later writes fail and reach nothing; the task is free again. */
  synchronized void crash() {
    crashed = true;
    crashAt = null;
    if (open != null) {
      open.close();
    }
  }

  @Override
  public List<StoreRecord> readRecords(String taskId) {
    return delegate.readRecords(taskId);
  }
}
