package dev.checkpoint.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.ConfigException;
import dev.checkpoint.Position;
import dev.checkpoint.PositionStore;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskConfig;
import dev.checkpoint.TaskSession;
import dev.checkpoint.config.Stores;
import dev.checkpoint.testkit.TestMongo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [resumer] resume_type=from_db} with {@code db_type=mongo}, as an ape-dts task file names a
 * MongoDB position store: {@code Stores.fromConfig} builds a {@link MongoPositionStore} on the
 * url's server, in the collection {@code table_full_name}.
 */
class MongoStoreProviderIT {
  @TempDir Path dir;

  private static TaskConfig config(String url, String table) {
    return TaskConfig.parse(
        "[global]\ntask_id=mongo-from-db\n[resumer]\nresume_type=from_db\ndb_type=mongo\nurl="
            + url
            + "\ntable_full_name="
            + table
            + "\n",
        "task_config.ini",
        Path.of("."));
  }

  @Test
  void fromDbWithDbTypeMongoIsAMongoStoreInTheNamedCollection() {
    try (TestMongo mongo = TestMongo.inProcess()) {
      String url =
          mongo.client().getClusterDescription().getClusterSettings().getHosts().get(0).toString();
      TaskConfig config = config("mongodb://" + url, "positions_db.positions");
      TableRef t = TableRef.of("mongo", "shop", "orders");
      try (PositionStore store = Stores.fromConfig(config, null)) {
        assertThat(store).isInstanceOf(MongoPositionStore.class);
        try (TaskSession s = store.open("mongo-from-db")) {
          s.record(t, Position.keyed("_id", "7"));
          s.flush();
        }
      }
      assertThat(
              mongo
                  .client()
                  .getDatabase("positions_db")
                  .getCollection("positions")
                  .countDocuments())
          .isGreaterThan(0);
      try (PositionStore again = MongoPositionStore.fromConfig(config)) {
        assertThat(again.read("mongo-from-db").position(t)).contains(Position.keyed("_id", "7"));
      }
    }
  }

  @Test
  void aUrlThatIsNoMongoUrlIsAConfigErrorWithoutThePassword() {
    TaskConfig config = config("mysql://root:pw-123@127.0.0.1:3306", "a.b");
    assertThatThrownBy(() -> Stores.fromConfig(config, null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[resumer]")
        .hasMessageNotContaining("pw-123");
  }
}
