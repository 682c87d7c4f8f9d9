package dev.checkpoint.jdbc;

import dev.checkpoint.TaskLockedException;
import dev.checkpoint.spi.RecordChange;
import dev.checkpoint.spi.StoreRecord;
import dev.checkpoint.spi.TransactionalRecordSession;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * One open task of a {@link JdbcPositionStore}. An {@link #apply} is one transaction on the store's
 * connection: the epoch check, then every change, then one commit. {@link #applyIn} runs the same
 * in the caller's transaction, without committing. Either way the task's epoch must still be the
 * one this session opened, checked inside the same transaction.
 */
final class StoreSession implements TransactionalRecordSession<Connection> {
  private final String taskId;
  private final StoreEpoch.Epoch epoch;
  private final StoreConnection connection;
  private final StoreStatements sql;
  private final StoreErrors errors;
  private volatile boolean closed;
  private volatile String fencedBecause;

  StoreSession(
      String taskId,
      StoreEpoch.Epoch epoch,
      StoreConnection connection,
      StoreStatements sql,
      StoreErrors errors) {
    this.taskId = taskId;
    this.epoch = epoch;
    this.connection = connection;
    this.sql = sql;
    this.errors = errors;
  }

  String taskId() {
    return taskId;
  }

  @Override
  public Class<Connection> transactionType() {
    return Connection.class;
  }

  @Override
  public List<StoreRecord> load() {
    ensureOpen();
    return connection.run("loading task " + taskId, c -> StoreRows.records(c, sql, taskId));
  }

  @Override
  public void apply(List<RecordChange> changes) {
    ensureOpen();
    connection.run(
        "writing " + StoreRows.describe(changes) + " for task " + taskId,
        c -> {
          write(c, changes);
          return null;
        });
  }

  @Override
  public void applyIn(Connection transaction, List<RecordChange> changes) {
    Objects.requireNonNull(transaction, "transaction");
    ensureOpen();
    try {
      if (transaction.getAutoCommit()) {
        throw new IllegalArgumentException(
            "the connection given to write task "
                + taskId
                + "'s position in the caller's transaction has autoCommit on, so the position"
                + " would commit apart from the data; call setAutoCommit(false) first");
      }
      connection.requireLocks(taskId);
      write(transaction, changes);
    } catch (SQLException e) {
      throw errors.wrap(
          "writing "
              + StoreRows.describe(changes)
              + " in the caller's transaction for task "
              + taskId,
          e);
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      connection.close(this);
    }
  }

  boolean isFenced() {
    return fencedBecause != null;
  }

  /** From now on every write of this session fails; its lock, if held, is given up. */
  void fence(String reason) {
    if (fencedBecause == null) {
      fencedBecause = reason;
      connection.fenced(this);
    }
  }

  /**
   * A list of upserts (a checkpoint) carries the fence in each statement; any other list is checked
   * first. An upsert that wrote nothing is checked the long way, which names the writer that took
   * the task over (or finds an unchanged row: some drivers count it as none).
   */
  private void write(Connection c, List<RecordChange> changes) throws SQLException {
    if (fencedBecause != null || changes.stream().anyMatch(RecordChange::isDelete)) {
      guard(c);
      StoreRows.apply(c, sql, taskId, changes);
      return;
    }
    StoreRows.applyFenced(c, sql, taskId, changes, epoch.data(), () -> guard(c));
  }

  private void guard(Connection c) throws SQLException {
    if (fencedBecause != null) {
      throw new TaskLockedException(
          "task " + taskId + " can no longer be written by this session: " + fencedBecause);
    }
    try {
      StoreEpoch.check(c, sql, taskId, epoch.number());
    } catch (TaskLockedException e) {
      fence(e.getMessage());
      throw e;
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("session of task " + taskId + " is closed");
    }
  }
}
