package dev.checkpoint.spi;

import java.util.List;

/**
 * What a store author implements: a small, durable map of records per task ({@link StoreRecord}).
 * What the records mean (positions, finished marks, statuses, task state) is mapped once, in the
 * core. Together with {@link RecordSession}, five abstract methods: {@link #openSession}, {@link
 * #readRecords}, {@link RecordSession#load}, {@link RecordSession#apply}, {@link
 * RecordSession#close}. A store implements {@link dev.checkpoint.PositionStore}, which extends this
 * interface with the user's view, and passes the contract suite in {@code checkpoint-testkit}.
 */
public interface RecordStore extends AutoCloseable {

  /**
   * Opens the task for writing, taking its fence: from now on a session opened earlier on the same
   * task can change nothing.
   *
   * @param taskId the task to open
   * @return the task's single writer; closing it releases the task
   * @throws dev.checkpoint.TaskLockedException if another live writer holds the task and the store
   *     refuses a second one
   * @throws dev.checkpoint.StoreException if the store cannot be reached or initialised
   */
  RecordSession openSession(String taskId);

  /**
   * Every record of the task, read without taking it (for {@code show}, {@code status}).
   *
   * @param taskId the task to read
   * @return the task's records; empty for a task the store does not know
   */
  List<StoreRecord> readRecords(String taskId);

  /** Releases what the store holds (connections, pools). Default: nothing. */
  @Override
  default void close() {}
}
