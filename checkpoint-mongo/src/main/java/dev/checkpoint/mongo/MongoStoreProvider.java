package dev.checkpoint.mongo;

import dev.checkpoint.PositionStore;
import dev.checkpoint.ResumeType;
import dev.checkpoint.TaskConfig;
import dev.checkpoint.spi.StoreProvider;
import java.util.Set;
import javax.sql.DataSource;

/**
 * {@code resume_type=from_db} with {@code db_type=mongo}: {@link MongoPositionStore#fromConfig}.
 */
public final class MongoStoreProvider implements StoreProvider {
  /** For the service loader. */
  public MongoStoreProvider() {}

  @Override
  public Set<ResumeType> resumeTypes() {
    return Set.of(ResumeType.FROM_DB);
  }

  @Override
  public boolean accepts(TaskConfig config) {
    return config.resumeType() == ResumeType.FROM_DB && "mongo".equals(config.dbType().orElse(""));
  }

  /** The target is a JDBC data source or nothing: a MongoDB store is named by its url alone. */
  @Override
  public PositionStore create(TaskConfig config, DataSource target) {
    return MongoPositionStore.fromConfig(config);
  }
}
