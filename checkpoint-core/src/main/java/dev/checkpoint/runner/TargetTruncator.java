package dev.checkpoint.runner;

import dev.checkpoint.TableRef;

/**
 * Empties a table's target before the table is read again from the beginning (seed 003's "partial
 * data"): for a table that cannot resume mid-way and was interrupted, or whose source changed under
 * a row offset. Typically {@code TRUNCATE TABLE target} or {@code DELETE FROM target}.
 */
@FunctionalInterface
public interface TargetTruncator {
  /**
   * @param table the source table whose target to empty
   * @throws Exception if the target cannot be emptied: the table then fails and is retried on the
   *     next run
   */
  void truncate(TableRef table) throws Exception;
}
