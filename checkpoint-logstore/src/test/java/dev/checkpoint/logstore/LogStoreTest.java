package dev.checkpoint.logstore;

import dev.checkpoint.PositionStore;
import dev.checkpoint.spi.RecordChange;
import dev.checkpoint.testkit.PositionStoreContract;
import java.nio.file.Path;
import java.util.Optional;
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

  /** The directory's lock is an OS file lock that dies with its process: no stale writer exists. */
  @Override
  protected boolean loseWriter(PositionStore store, String taskId) {
    return false;
  }

  /** A record of a kind the log store has no file for: refused before any file is written. */
  @Override
  protected Optional<RecordChange> aChangeTheStoreRefuses() {
    return Optional.of(RecordChange.upsert("CdcPosition", "x", "{}"));
  }

  @Override
  protected boolean holdsManyTasks() {
    return false; // one task per log directory (seed 001)
  }
}
