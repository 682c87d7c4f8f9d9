package dev.checkpoint.jdbc;

import dev.checkpoint.PositionStore;
import dev.checkpoint.ResumeType;
import dev.checkpoint.TaskConfig;
import dev.checkpoint.spi.StoreProvider;
import java.util.Set;
import javax.sql.DataSource;

/** {@code resume_type=from_target} and {@code from_db}: {@link JdbcPositionStore#fromConfig}. */
public final class JdbcStoreProvider implements StoreProvider {
  @Override
  public Set<ResumeType> resumeTypes() {
    return Set.of(ResumeType.FROM_TARGET, ResumeType.FROM_DB);
  }

  @Override
  public PositionStore create(TaskConfig config, DataSource target) {
    return JdbcPositionStore.fromConfig(config, target);
  }
}
