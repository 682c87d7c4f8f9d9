package dev.checkpoint;

/**
 * A task session that also writes inside the caller's transaction ({@code TX}: a JDBC {@code
 * Connection} with auto-commit off, a Mongo {@code ClientSession} in a transaction). What it writes
 * commits or rolls back with the caller's data. From {@link TransactionalStore#open}, and handed to
 * a {@link TransactionalSink} by {@link Checkpointer#runInTransaction}.
 */
public interface TransactionalSession<TX> extends TaskSession {

  /**
   * Records the table's position in {@code transaction}, without committing it.
   *
   * @param transaction the caller's open transaction, which the caller commits
   * @param table the table the position belongs to
   * @param position the position of the last row written in {@code transaction}
   * @throws TaskLockedException if this session was fenced out by a newer writer
   * @throws IllegalArgumentException if {@code transaction} cannot hold a transaction (a JDBC
   *     connection in auto-commit mode)
   */
  void recordIn(TX transaction, TableRef table, Position position);

  /**
   * Marks the table finished in {@code transaction}, without committing it.
   *
   * @param transaction the caller's open transaction, which the caller commits
   * @param table the table that was read to its end
   */
  void finishIn(TX transaction, TableRef table);
}
