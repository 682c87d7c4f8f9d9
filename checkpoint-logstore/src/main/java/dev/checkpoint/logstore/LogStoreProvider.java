package dev.checkpoint.logstore;

import dev.checkpoint.PositionStore;
import dev.checkpoint.ResumeType;
import dev.checkpoint.TaskConfig;
import dev.checkpoint.spi.StoreProvider;
import java.util.Set;
import javax.sql.DataSource;

/** {@code resume_type=from_log}: the log store in the task's {@code log_dir}. */
public final class LogStoreProvider implements StoreProvider {
  @Override
  public Set<ResumeType> resumeTypes() {
    return Set.of(ResumeType.FROM_LOG);
  }

  @Override
  public PositionStore create(TaskConfig config, DataSource target) {
    return LogStore.in(config.logDir());
  }
}
