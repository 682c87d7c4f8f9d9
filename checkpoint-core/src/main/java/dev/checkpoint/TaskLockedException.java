package dev.checkpoint;

/**
 * Another live writer holds the task (or has fenced this one out). Two writers on one task would
 * let a stale process move a position backwards, so the second is refused.
 */
public class TaskLockedException extends StoreException {
  private static final long serialVersionUID = 1L;

  /**
   * The task is held by another writer.
   *
   * @param message the task, the store and who holds it (a pid, a lock row)
   */
  public TaskLockedException(String message) {
    super(message);
  }
}
