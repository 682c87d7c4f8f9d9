package dev.checkpoint;

import java.util.Map;
import java.util.Optional;

/**
 * The single writer of one task in one store, as a user sees it. Obtained from {@link
 * PositionStore#open(String)}; closing it releases the task. {@link Checkpointer} uses one for you;
 * use it directly in a loop of your own.
 *
 * <p>Every method either has handed the change to the store (subject to the store's documented
 * flush policy) or throws: a store never reports success with a position unsaved. Thread-safe.
 */
public interface TaskSession extends AutoCloseable {

  /**
   * The task this session writes.
   *
   * @return the task's id
   */
  String taskId();

  /**
   * The task's state as the store held it when the session was opened, with later writes.
   *
   * @return the task's positions and finished tables
   */
  ResumeState load();

  /**
   * Records the table's latest committed position, replacing the previous one.
   *
   * @param table the table the position belongs to
   * @param position a {@link Position.Keyed} or {@link Position.RowOffset}
   * @throws IllegalArgumentException for any other kind of position
   * @throws TaskLockedException if a newer writer has taken the task over
   * @throws StoreException if the store cannot write it
   */
  void record(TableRef table, Position position);

  /**
   * Marks the table finished; its position is forgotten.
   *
   * @param table the table that was read to its end
   */
  void finish(TableRef table);

  /**
   * Forgets the table's position, finished mark and status: its next run starts from the beginning.
   *
   * @param table the table to forget
   */
  void reset(TableRef table);

  /** Forgets every table of the task and the task's state. */
  void resetAll();

  /**
   * The tables' run statuses (multi-table runs) as the store holds them.
   *
   * @return each table's last recorded status; empty if none was recorded
   */
  Map<TableRef, TableStatus> loadStatuses();

  /**
   * Records a table's run status, replacing its previous one. {@link #reset} forgets it.
   *
   * @param status the status, naming its table
   */
  void recordStatus(TableStatus status);

  /**
   * The task's own state (seed 004: running totals, output offsets), if any was recorded.
   *
   * @return the latest state document, or empty if none was recorded
   */
  Optional<String> loadState();

  /**
   * Records the task's own state (a JSON document), replacing the previous one: only the latest is
   * kept. {@link #resetAll} forgets it.
   *
   * @param json the state document
   */
  void recordState(String json);

  /**
   * Makes everything recorded so far durable, for stores that defer it (see each store's fsync
   * policy).
   */
  void flush();

  @Override
  void close();
}
