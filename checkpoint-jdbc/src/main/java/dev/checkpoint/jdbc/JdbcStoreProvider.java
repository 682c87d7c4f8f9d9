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

  /** Not {@code from_db} with {@code db_type=mongo}: checkpoint-mongo builds that one. */
  @Override
  public boolean accepts(TaskConfig config) {
    return resumeTypes().contains(config.resumeType())
        && !"mongo".equals(config.dbType().orElse(""));
  }

  @Override
  public PositionStore create(TaskConfig config, DataSource target) {
    return JdbcPositionStore.fromConfig(config, target);
  }
}
