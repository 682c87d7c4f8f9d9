package dev.checkpoint.examples.store;

import dev.checkpoint.PositionStore;
import dev.checkpoint.spi.RecordChange;
import dev.checkpoint.testkit.PositionStoreContract;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store of docs/stores.md, "Writing your own store", passes the contract every store passes.
 */
// tag::json-file-store-test[]
class JsonFileStoreTest extends PositionStoreContract {
  @TempDir Path dir;
  private int stores;

  @Override
  protected PositionStore newStore() {
    return new JsonFileStore(dir.resolve("positions-" + stores++ + ".json"));
  }

  /** One process: a writer is lost only with its process, and the file has no lock to lose. */
  @Override
  protected boolean loseWriter(PositionStore store, String taskId) {
    return false;
  }

  /** Every change is a map entry: the rewrite of the whole file cannot fail part-way. */
  @Override
  protected Optional<RecordChange> aChangeTheStoreRefuses() {
    return Optional.empty();
  }
}
// end::json-file-store-test[]
