package dev.checkpoint.jdbc;

import dev.checkpoint.PositionStore;
import dev.checkpoint.spi.RecordChange;
import dev.checkpoint.testkit.PositionStoreContract;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.util.Optional;

/**
 * The store contract on a real PostgreSQL, found by {@link TestDatabases}. Every store has its own
 * pool of the default single connection; "restart" is a new store on the same table.
 */
class JdbcPositionStorePostgresIT extends PositionStoreContract {
  private static String table;

  private static synchronized String table() {
    if (table == null) {
      table = StoreFixtures.freshTable(Kind.POSTGRES, "cp_contract");
    }
    return table;
  }

  @Override
  protected PositionStore newStore() {
    return StoreFixtures.store(Kind.POSTGRES, table());
  }

  @Override
  protected PositionStore reopen(PositionStore store) {
    return StoreFixtures.store(Kind.POSTGRES, table());
  }

  @Override
  protected boolean loseWriter(PositionStore store, String taskId) throws Exception {
    StoreFixtures.loseWriter(Kind.POSTGRES, (JdbcPositionStore) store);
    return true;
  }

  @Override
  protected Optional<RecordChange> aChangeTheStoreRefuses() {
    return Optional.of(StoreFixtures.tooLongKey());
  }
}
