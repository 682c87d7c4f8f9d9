package dev.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real in-memory store that logs every write in order ({@code record t …}, {@code status t
 * in_progress 10}, {@code finish t}, {@code state …}) and can "crash": from then on nothing reaches
 * it, as when the process dies, and the task is released for the next run.
 */
final class RecordingStore implements PositionStore {
  final InMemoryStore delegate = new InMemoryStore();
  final List<String> writes = new ArrayList<>();
  /** The write (by its log prefix, e.g. "record", "status") at which the crash happens, or null. */
  String crashAt;
  private TaskSession open;
  private boolean crashed;

  @Override
  public synchronized TaskSession open(String taskId) {
    crashed = false;
    TaskSession s = delegate.open(taskId);
    open = s;
    return new TaskSession() {
      @Override
      public String taskId() {
        return s.taskId();
      }

      @Override
      public ResumeState load() {
        return s.load();
      }

      @Override
      public void record(TableRef table, Position position) {
        write("record " + table.table() + " " + position, () -> s.record(table, position));
      }

      @Override
      public void finish(TableRef table) {
        write("finish " + table.table(), () -> s.finish(table));
      }

      @Override
      public void reset(TableRef table) {
        write("reset " + table.table(), () -> s.reset(table));
      }

      @Override
      public void resetAll() {
        write("resetAll", s::resetAll);
      }

      @Override
      public Map<TableRef, TableStatus> loadStatuses() {
        return s.loadStatuses();
      }

      @Override
      public void recordStatus(TableStatus st) {
        write(
            "status " + st.table().table() + " " + st.state().text() + " " + st.rows(),
            () -> s.recordStatus(st));
      }

      @Override
      public Optional<String> loadState() {
        return s.loadState();
      }

      @Override
      public void recordState(String json) {
        write("state " + json, () -> s.recordState(json));
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

  private synchronized void write(String what, Runnable action) {
    if (crashed) {
      throw new StoreException("the process is dead: " + what);
    }
    if (crashAt != null && what.startsWith(crashAt)) {
      crash();
      throw new StoreException("crashed before " + what);
    }
    writes.add(what);
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
  public ResumeState read(String taskId) {
    return delegate.read(taskId);
  }

  @Override
  public Map<TableRef, TableStatus> readStatuses(String taskId) {
    return delegate.readStatuses(taskId);
  }

  @Override
  public Optional<String> readState(String taskId) {
    return delegate.readState(taskId);
  }
}
