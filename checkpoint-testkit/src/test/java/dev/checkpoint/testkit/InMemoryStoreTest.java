package dev.checkpoint.testkit;

import dev.checkpoint.InMemoryStore;
import dev.checkpoint.PositionStore;


class InMemoryStoreTest extends PositionStoreContract {
  @Override
  protected PositionStore newStore() {
    return new InMemoryStore();
  }
}
