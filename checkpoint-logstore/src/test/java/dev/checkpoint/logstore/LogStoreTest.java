package dev.checkpoint.logstore;

import dev.checkpoint.PositionStore;
import dev.checkpoint.testkit.PositionStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The log store passes the contract every store passes. */
class LogStoreTest extends PositionStoreContract {
  @TempDir Path tmp;
  private int stores;

  @Override
  protected PositionStore newStore() {
    return LogStore.in(tmp.resolve("logs-" + stores++));
  }

  @Override
  protected PositionStore reopen(PositionStore store) {
    return LogStore.in(((LogStore) store).dir());
  }

  @Override
  protected boolean holdsManyTasks() {
    return false; // one task per log directory (seed 001)
  }
}
