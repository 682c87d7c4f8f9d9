package dev.checkpoint;

/**
 * A sink that commits a batch and its position together: it writes the rows, records {@code
 * batch.position()} for the table through the store session in the same transaction (for
 * example {@code JdbcPositionStore.Session.recordIn(connection, table, position)}), and commits.
 * Either both land or neither does, so the copy is exactly-once without an idempotent target.
 *
 * <p>Used with {@link Checkpointer#runInTransaction}; {@code JdbcSinks.inTransaction(...)} in
 * checkpoint-jdbc builds one for a JDBC target whose database also holds the position table.
 */
@FunctionalInterface
public interface TransactionalSink<T> {
  /**
   * Writes and commits the batch together with its position. Throwing means neither was
   * committed.
   */
  void accept(TableRef table, Batch<T> batch, TaskSession session) throws Exception;
}
