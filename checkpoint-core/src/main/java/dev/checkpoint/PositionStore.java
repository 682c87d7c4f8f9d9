package dev.checkpoint;

import java.util.Map;
import java.util.Optional;

/**
 * Where a task's positions live: a log directory, a database table, a Mongo collection, memory.
 *
 * <p>A store hands out one {@link TaskSession} per task: the writer. A second live writer on the
 * same task is refused (or fences out the first), so a stale process can never move a position
 * backwards. Implementations pass the store contract suite in {@code checkpoint-testkit}.
 */
public interface PositionStore extends AutoCloseable {

  /**
   * Opens the task for writing.
   *
   * @throws TaskLockedException if another live writer holds the task
   * @throws StoreException if the store cannot be reached or initialised
   */
  TaskSession open(String taskId);

  /** Reads a task's state without taking it: for {@code show}, {@code status} and monitoring. */
  ResumeState read(String taskId);

  /** Reads a task's table statuses without taking it. Default: none (a store that keeps none). */
  default Map<TableRef, TableStatus> readStatuses(String taskId) {
    return Map.of();
  }

  /** Reads a task's own state without taking it. Default: none. */
  default Optional<String> readState(String taskId) {
    return Optional.empty();
  }

  /** Releases what the store holds (connections, pools). Default: nothing. */
  @Override
  default void close() {}
}
