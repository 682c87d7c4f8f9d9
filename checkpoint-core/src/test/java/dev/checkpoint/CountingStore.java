package dev.checkpoint;

import java.util.ArrayList;
import java.util.List;

/** A real in-memory store that also remembers every write and can be told to fail them. */
final class CountingStore implements PositionStore {
  final InMemoryStore delegate = new InMemoryStore();
  final List<String> writes = new ArrayList<>();
  boolean failWrites;
  int flushes;

  @Override
  public TaskSession open(String taskId) {
    TaskSession s = delegate.open(taskId);
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
        if (failWrites) {
          throw new StoreException("disk full while recording " + table);
        }
        writes.add("record " + table.table() + " " + position);
        s.record(table, position);
      }

      @Override
      public void finish(TableRef table) {
        if (failWrites) {
          throw new StoreException("disk full while finishing " + table);
        }
        writes.add("finish " + table.table());
        s.finish(table);
      }

      @Override
      public void reset(TableRef table) {
        writes.add("reset " + table.table());
        s.reset(table);
      }

      @Override
      public void resetAll() {
        writes.add("resetAll");
        s.resetAll();
      }

      @Override
      public void flush() {
        flushes++;
      }

      @Override
      public void close() {
        s.close();
      }
    };
  }

  @Override
  public ResumeState read(String taskId) {
    return delegate.read(taskId);
  }
}
