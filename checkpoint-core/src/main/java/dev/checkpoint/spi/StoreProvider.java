package dev.checkpoint.spi;

import dev.checkpoint.PositionStore;
import dev.checkpoint.ResumeType;
import dev.checkpoint.TaskConfig;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Builds a store from a task's INI settings, for {@link dev.checkpoint.config.Stores#fromConfig}. A
 * store module registers one in {@code META-INF/services/dev.checkpoint.spi.StoreProvider}: the log
 * store for {@code from_log}, the JDBC store for {@code from_target} and {@code from_db}.
 */
public interface StoreProvider {

  /**
   * The {@code resume_type} values this provider builds a store for.
   *
   * @return the resume types; {@link dev.checkpoint.config.Stores} picks the first provider that
   *     lists the task's
   */
  Set<ResumeType> resumeTypes();

  /**
   * The store the settings describe.
   *
   * @param config the task's settings
   * @param target the target database, for {@code from_target}; may be null otherwise
   * @return the store; the caller closes it
   * @throws dev.checkpoint.ConfigException if a setting is missing or contradicts another
   */
  PositionStore create(TaskConfig config, DataSource target);

  /**
   * Whether this provider builds the store the configuration names. Default: its resume type is one
   * of {@link #resumeTypes}; a provider that serves only some databases of a resume type ({@code
   * from_db} with {@code db_type=mongo}) narrows it.
   *
   * @param config the task's settings
   * @return true if {@link #create} builds the store for it
   */
  default boolean accepts(TaskConfig config) {
    return resumeTypes().contains(config.resumeType());
  }
}
