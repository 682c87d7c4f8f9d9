package dev.checkpoint;

import java.util.Map;
import java.util.Optional;

/**
 * The single writer of one task in one store. Obtained from {@link PositionStore#open(String)};
 * closing it releases the task.
 *
 * <p>Every method either has durably handed the change to the store (subject to the store's
 * documented flush policy) or throws: a store never reports success with a position unsaved.
 */
public interface TaskSession extends AutoCloseable {

  /** The task this session writes. */
  String taskId();

  /** The task's state as the store holds it now. */
  ResumeState load();

  /**
   * Records the table's latest committed position, replacing the previous one.
   *
   * @param position a {@link Position.Keyed} or {@link Position.RowOffset}
   */
  void record(TableRef table, Position position);

  /** Marks the table finished. */
  void finish(TableRef table);

  /** Forgets the table's position and finished mark: its next run starts from the beginning. */
  void reset(TableRef table);

  /** Forgets every table of the task. */
  void resetAll();

  /**
   * The tables' run statuses as the store holds them (multi-table runs). Stores that keep
   * statuses override this and {@link #recordStatus}; the default keeps none.
   */
  default Map<TableRef, TableStatus> loadStatuses() {
    return Map.of();
  }

  /**
   * Records a table's run status, replacing its previous one. {@link #reset} forgets it.
   *
   * @throws StoreException if this store does not keep statuses
   */
  default void recordStatus(TableStatus status) {
    throw new StoreException(getClass().getName() + " does not keep table statuses");
  }

  /** The task's own state (seed 004: running totals, output offsets), if any was recorded. */
  default Optional<String> loadState() {
    return Optional.empty();
  }

  /**
   * Records the task's own state (a JSON document), replacing the previous one: only the latest
   * is kept. {@link #resetAll} forgets it.
   *
   * @throws StoreException if this store does not keep task state
   */
  default void recordState(String json) {
    throw new StoreException(getClass().getName() + " does not keep task state");
  }

  /**
   * Makes everything recorded so far durable, for stores that defer it (see each store's fsync
   * policy). Default: nothing to do.
   */
  default void flush() {}

  @Override
  void close();
}
