package dev.checkpoint.config;

import dev.checkpoint.ConfigException;
import dev.checkpoint.PositionStore;
import dev.checkpoint.ResumeType;
import dev.checkpoint.TaskConfig;
import dev.checkpoint.spi.StoreProvider;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceLoader;
import javax.sql.DataSource;

/**
 * The store a task's INI file names in {@code [resumer] resume_type}: {@code from_log} (the log
 * store in {@code log_dir}, from checkpoint-logstore), {@code from_target} (the position table in
 * the target database) or {@code from_db} (in the database at {@code url}), both from
 * checkpoint-jdbc, or from checkpoint-mongo for {@code from_db} with {@code db_type=mongo}. The
 * modules on the class path provide them ({@link StoreProvider}).
 *
 * <pre>{@code
 * TaskConfig cfg = TaskConfig.parse(Path.of("task_config.ini"));
 * try (PositionStore store = Stores.fromConfig(cfg, targetDs)) { ... }
 * }</pre>
 */
public final class Stores {
  private Stores() {}

  /**
   * Builds the store the task's {@code resume_type} names, from the first module on the class path
   * whose {@link StoreProvider} builds that type.
   *
   * @param config the task's settings
   * @param target the target database: needed for {@code from_target}, ignored otherwise (may be
   *     null)
   * @return the store; the caller closes it
   * @throws ConfigException if no module on the class path provides the resume type's store, or its
   *     settings are incomplete, or {@code resume_type} is {@code none}
   */
  public static PositionStore fromConfig(TaskConfig config, DataSource target) {
    Objects.requireNonNull(config, "config");
    ResumeType type = config.resumeType();
    if (type == ResumeType.NONE) {
      throw new ConfigException(
          "resume_type=none keeps no positions to resume from; run without a store's positions"
              + " (Checkpointer.resetAll) or choose from_log, from_target or from_db");
    }
    for (StoreProvider p : ServiceLoader.load(StoreProvider.class, Stores.class.getClassLoader())) {
      if (p.accepts(config)) {
        return p.create(config, target);
      }
    }
    String name = type.name().toLowerCase(Locale.ROOT);
    throw new ConfigException(
        "resume_type="
            + name
            + " needs "
            + (type == ResumeType.FROM_LOG
                ? "checkpoint-logstore"
                : "mongo".equals(config.dbType().orElse(""))
                    ? "checkpoint-mongo"
                    : "checkpoint-jdbc")
            + " on the class path");
  }
}
