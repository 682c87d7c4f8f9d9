package dev.checkpoint.spi;

import java.util.List;

/**
 * The single writer of one task in a store, from {@link RecordStore#openSession}. A store author
 * implements {@link #load}, {@link #apply} and {@link #close} ({@link #flush} only if the store
 * defers durability). Calls come from one thread at a time.
 *
 * <p>The fence is the store's duty: once another session has opened the task, every {@link #apply}
 * of this one fails with {@link dev.checkpoint.TaskLockedException} and changes nothing, so a stale
 * writer can never move anything backwards. Fold the check into the write itself where the database
 * allows (a conditional write checked by its update count), so that an apply costs one round trip.
 */
public interface RecordSession extends AutoCloseable {

  /**
   * Every record of the task as the store holds it now, as one consistent snapshot.
   *
   * @return the task's records, in no particular order; empty for a new task
   */
  List<StoreRecord> load();

  /**
   * Applies the changes in order, atomically where the store can (one transaction, one bulk write,
   * one appended group of lines): after a failure none of them is visible, or the store documents
   * which may be. Returns only when the store has taken them, subject to its documented flush
   * policy.
   *
   * @param changes the changes, applied in list order
   * @throws dev.checkpoint.TaskLockedException if this session was fenced out by a newer one
   * @throws dev.checkpoint.StoreException if the store cannot write them
   */
  void apply(List<RecordChange> changes);

  /** Makes every applied change durable, for stores that defer it. Default: nothing to do. */
  default void flush() {}

  /** Releases the task. Applies after close fail with {@link IllegalStateException}. */
  @Override
  void close();
}
