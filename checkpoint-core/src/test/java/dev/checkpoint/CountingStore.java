package dev.checkpoint;

import dev.checkpoint.spi.ForwardingStore;
import dev.checkpoint.spi.RecordChange;
import java.util.ArrayList;
import java.util.List;

/** A real in-memory store that also remembers every write and can be told to fail them. */
final class CountingStore extends ForwardingStore {
  final List<String> writes = new ArrayList<>();

  /** Store calls that wrote something: one per checkpoint when a status goes with its position. */
  int applies;

  boolean failWrites;
  int flushes;

  CountingStore() {
    super(new InMemoryStore());
  }

  @Override
  protected void beforeApply(List<RecordChange> changes) {
    List<String> described = ChangeLog.describe(changes);
    if (failWrites && described.stream().anyMatch(w -> !w.startsWith("reset"))) {
      throw new StoreException("disk full while " + String.join(", ", described));
    }
    applies++;
    writes.addAll(described);
  }

  @Override
  protected void beforeFlush() {
    flushes++;
  }
}
