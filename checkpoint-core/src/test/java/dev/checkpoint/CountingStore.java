package dev.checkpoint;

import dev.checkpoint.spi.RecordChange;
import dev.checkpoint.spi.RecordSession;
import dev.checkpoint.spi.StoreRecord;
import java.util.ArrayList;
import java.util.List;

/** A real in-memory store that also remembers every write and can be told to fail them. */
final class CountingStore implements PositionStore {
  final InMemoryStore delegate = new InMemoryStore();
  final List<String> writes = new ArrayList<>();
  /** Store calls that wrote something: one per checkpoint when a status goes with its position. */
  int applies;
  boolean failWrites;
  int flushes;

  @Override
  public RecordSession openSession(String taskId) {
    RecordSession s = delegate.openSession(taskId);
    return new RecordSession() {
      @Override
      public List<StoreRecord> load() {
        return s.load();
      }

      @Override
      public void apply(List<RecordChange> changes) {
        List<String> described = ChangeLog.describe(changes);
        if (failWrites && described.stream().anyMatch(w -> !w.startsWith("reset"))) {
          throw new StoreException("disk full while " + String.join(", ", described));
        }
        applies++;
        writes.addAll(described);
        s.apply(changes);
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
  public List<StoreRecord> readRecords(String taskId) {
    return delegate.readRecords(taskId);
  }
}
