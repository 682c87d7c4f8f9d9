package dev.checkpoint.spi;

/**
 * A {@link SharedRecordStore} whose conditional writes can also run in the caller's transaction, so
 * that a chunk's position lands with the batch it covers or not at all: a worker that lost its
 * chunk's lease finds its write refused and its whole transaction rolled back.
 *
 * @param <TX> the transaction handle: a JDBC {@code Connection}, a Mongo {@code ClientSession}
 */
public interface TransactionalSharedStore<TX> extends SharedRecordStore {
  /**
   * The transaction handle this store writes in.
   *
   * @return the handle's type
   */
  Class<TX> transactionType();

  /**
   * As {@link #compareAndSet}, in the caller's transaction, which the caller commits or rolls back.
   *
   * @param transaction the caller's transaction, on the database that holds this store's records
   * @param taskId the task
   * @param kind the record's kind
   * @param key the record's key
   * @param expected the data the record must hold, or {@code null}: the record must not exist
   * @param next the data to write, or {@code null}: delete the record
   * @return true if the write landed in the transaction; false if the record held anything else
   */
  boolean compareAndSetIn(
      TX transaction, String taskId, String kind, String key, String expected, String next);
}
