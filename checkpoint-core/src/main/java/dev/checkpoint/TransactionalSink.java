package dev.checkpoint;

/**
 * A sink that commits a batch and its position together: it writes the rows, records {@code
 * batch.position()} through {@code session.recordIn(transaction, table, position)} in the same
 * transaction, and commits. Either both land or neither does, so the copy is exactly-once without
 * an idempotent target.
 *
 * <p>{@code TX} is the store's transaction handle (a JDBC {@code Connection}, a Mongo {@code
 * ClientSession}): a sink for one kind of store does not compile against another's session. Used
 * with {@link Checkpointer#runInTransaction}, whose store must be a {@link TransactionalStore} of
 * the same {@code TX}; {@code JdbcSinks.inTransaction(...)} in checkpoint-jdbc builds one for a
 * JDBC target whose database also holds the position table.
 */
@FunctionalInterface
public interface TransactionalSink<T, TX> {
  /**
   * Writes and commits the batch together with its position. Throwing means neither was committed.
   *
   * @param table the table the batch was read from
   * @param batch the rows and the position after them
   * @param session records the position in the sink's transaction ({@link
   *     TransactionalSession#recordIn})
   * @throws Exception if the batch or its position could not be written or committed; a checked one
   *     reaches the caller wrapped in a {@link CheckpointException} naming the table
   */
  void accept(TableRef table, Batch<T> batch, TransactionalSession<TX> session) throws Exception;

  /**
   * The transaction handle this sink needs, checked against the store before the first row is read.
   * Default: {@code null}, not checked.
   *
   * @return the transaction handle's type, or {@code null} for no check
   */
  default Class<TX> transactionType() {
    return null;
  }
}
