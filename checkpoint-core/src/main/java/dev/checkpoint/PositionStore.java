package dev.checkpoint;

import dev.checkpoint.spi.RecordStore;
import java.util.Map;
import java.util.Optional;

/**
 * Where a task's positions live: a log directory, a database table, a Mongo collection, memory.
 *
 * <p>A store author implements the record-level SPI this interface extends ({@link RecordStore}:
 * five abstract methods); the views below are mapped from records once, here in the core. A store
 * hands out one writer per task: a second live writer on the same task is refused (or fences out
 * the first), so a stale process can never move a position backwards. Implementations pass the
 * store contract suite in {@code checkpoint-testkit}.
 */
public interface PositionStore extends RecordStore {

  /**
   * Opens the task for writing: positions, finished marks, statuses and state.
   *
   * @param taskId the task to open
   * @return the task's single writer; closing it releases the task
   * @throws TaskLockedException if another live writer holds the task
   * @throws StoreException if the store cannot be reached or initialised
   */
  default TaskSession open(String taskId) {
    return new RecordTaskSession(taskId, openSession(taskId));
  }

  /**
   * Reads a task's state without taking it: for {@code show}, {@code status} and monitoring.
   *
   * @param taskId the task to read
   * @return the task's positions and finished tables; empty for a task the store does not know
   */
  default ResumeState read(String taskId) {
    return TaskRecords.meaning(readRecords(taskId)).state();
  }

  /**
   * Reads a task's table statuses without taking it.
   *
   * @param taskId the task to read
   * @return each table's last recorded status; empty if none was recorded
   */
  default Map<TableRef, TableStatus> readStatuses(String taskId) {
    return TaskRecords.meaning(readRecords(taskId)).statuses();
  }

  /**
   * Reads a task's own state without taking it.
   *
   * @param taskId the task to read
   * @return the task's state document, or empty if none was recorded
   */
  default Optional<String> readState(String taskId) {
    return TaskRecords.meaning(readRecords(taskId)).taskState();
  }
}
