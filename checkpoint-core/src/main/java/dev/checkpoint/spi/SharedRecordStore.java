package dev.checkpoint.spi;

import java.util.List;

/**
 * A store that many workers share with no session and no fence of the task: each change is one
 * conditional write of one record, which either lands or finds the record changed by someone else.
 * Chunked runs coordinate through it alone (chunk plans, leases, positions), so N threads or N
 * processes on any machines need nothing else to agree on who reads what.
 *
 * <p>Two methods for a store's author. The JDBC and MongoDB stores implement it for any number of
 * processes, the log store and {@code InMemoryStore} for the threads of one process.
 */
public interface SharedRecordStore {
  /**
   * Every record of the task, read at one moment (one statement or one snapshot).
   *
   * @param taskId the task
   * @return the records, in no particular order
   */
  List<StoreRecord> readRecords(String taskId);

  /**
   * Sets a record's data to {@code next} only if it is {@code expected} now, atomically.
   *
   * @param taskId the task
   * @param kind the record's kind
   * @param key the record's key
   * @param expected the data the record must hold, or {@code null}: the record must not exist
   * @param next the data to write, or {@code null}: delete the record
   * @return true if the record held {@code expected} and now holds {@code next}; false if it held
   *     anything else (nothing was written)
   */
  boolean compareAndSet(String taskId, String kind, String key, String expected, String next);
}
