package dev.checkpoint.spi;

import java.util.List;

/**
 * A session that can also apply changes inside a transaction of the caller's ({@code TX}: a JDBC
 * {@code Connection}, a Mongo {@code ClientSession}): they commit or roll back with the caller's
 * data, which makes a copy exactly-once. The fence is checked inside that transaction too.
 */
public interface TransactionalRecordSession<TX> extends RecordSession {

  /**
   * The type of the caller's transaction handle.
   *
   * @return the handle's class, e.g. {@code java.sql.Connection}
   */
  Class<TX> transactionType();

  /**
   * Applies the changes in the caller's transaction without committing it.
   *
   * @param transaction the caller's open transaction, which the caller commits
   * @param changes the changes, applied in list order
   * @throws dev.checkpoint.TaskLockedException if this session was fenced out
   * @throws IllegalArgumentException if {@code transaction} cannot hold a transaction (a JDBC
   *     connection in auto-commit mode)
   */
  void applyIn(TX transaction, List<RecordChange> changes);
}
