package dev.checkpoint.testkit;

import dev.checkpoint.InMemoryStore;
import dev.checkpoint.PositionStore;
import dev.checkpoint.spi.RecordChange;
import java.util.Optional;

class InMemoryStoreTest extends PositionStoreContract {
  @Override
  protected PositionStore newStore() {
    return new InMemoryStore();
  }

  @Override
  protected boolean loseWriter(PositionStore store, String taskId) {
    ((InMemoryStore) store).releaseWriter(taskId);
    return true;
  }

  @Override
  protected Optional<RecordChange> aChangeTheStoreRefuses() {
    return Optional.empty(); // a map cannot fail part-way
  }
}
