package dev.checkpoint.jdbc;

import dev.checkpoint.Position;
import dev.checkpoint.ResumeState;
import dev.checkpoint.TableRef;
import dev.checkpoint.TableStatus;
import dev.checkpoint.TaskLockedException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One open task of a {@link JdbcPositionStore}. Writes through the store's connection commit at
 * once; writes through a caller's connection ({@link #recordIn}) join the caller's transaction.
 * Either way each write first checks, in its own transaction, that the task's epoch is still the
 * one this session opened.
 */
final class StoreSession implements JdbcPositionStore.Session {
  private interface Write {
    void apply(Connection c) throws SQLException;
  }

  private final String taskId;
  private final long epoch;
  private final StoreConnection connection;
  private final StoreStatements sql;
  private final StoreWrites writes;
  private final StoreErrors errors;
  private volatile boolean closed;
  private volatile String fencedBecause;

  StoreSession(
      String taskId,
      long epoch,
      StoreConnection connection,
      StoreStatements sql,
      StoreErrors errors) {
    this.taskId = taskId;
    this.epoch = epoch;
    this.connection = connection;
    this.sql = sql;
    this.writes = new StoreWrites(sql);
    this.errors = errors;
  }

  @Override
  public String taskId() {
    return taskId;
  }

  @Override
  public ResumeState load() {
    ensureOpen();
    return connection.run("loading task " + taskId, c -> StoreRows.load(c, sql, taskId));
  }

  @Override
  public void record(TableRef table, Position position) {
    requirePosition(table, position);
    write("recording the position of " + table, c -> writes.position(c, taskId, table, position));
  }

  @Override
  public void finish(TableRef table) {
    Objects.requireNonNull(table, "table");
    write("marking " + table + " finished", c -> writes.finished(c, taskId, table));
  }

  @Override
  public void reset(TableRef table) {
    Objects.requireNonNull(table, "table");
    write("resetting " + table, c -> writes.reset(c, taskId, table));
  }

  @Override
  public void resetAll() {
    write("resetting every table", c -> writes.resetAll(c, taskId));
  }

  @Override
  public Map<TableRef, TableStatus> loadStatuses() {
    ensureOpen();
    return connection.run("loading table statuses of task " + taskId, c -> StoreRows.statuses(c, sql, taskId));
  }

  @Override
  public void recordStatus(TableStatus status) {
    Objects.requireNonNull(status, "status");
    write("recording the status of " + status.table(), c -> writes.status(c, taskId, status));
  }

  @Override
  public Optional<String> loadState() {
    ensureOpen();
    return connection.run("loading the state of task " + taskId, c -> StoreRows.state(c, sql, taskId));
  }

  @Override
  public void recordState(String json) {
    Objects.requireNonNull(json, "json");
    write("recording the task state", c -> writes.state(c, taskId, json));
  }

  @Override
  public void recordIn(Connection transaction, TableRef table, Position position) {
    requirePosition(table, position);
    writeIn(transaction, "recording the position of " + table, c -> writes.position(c, taskId, table, position));
  }

  @Override
  public void finishIn(Connection transaction, TableRef table) {
    Objects.requireNonNull(table, "table");
    writeIn(transaction, "marking " + table + " finished", c -> writes.finished(c, taskId, table));
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

  /** The server-side id of the connection holding this session's lock: for tests. */
  long lockConnectionId() throws SQLException {
    return connection.backendId();
  }

  private void write(String what, Write w) {
    ensureOpen();
    connection.run(
        what + " for task " + taskId,
        c -> {
          guard(c);
          w.apply(c);
          return null;
        });
  }

  private void writeIn(Connection transaction, String what, Write w) {
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
      guard(transaction);
      w.apply(transaction);
    } catch (SQLException e) {
      throw errors.wrap(what + " in the caller's transaction for task " + taskId, e);
    }
  }

  private void guard(Connection c) throws SQLException {
    if (fencedBecause != null) {
      throw new TaskLockedException(
          "task " + taskId + " can no longer be written by this session: " + fencedBecause);
    }
    try {
      StoreEpoch.check(c, sql, taskId, epoch);
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

  private static void requirePosition(TableRef table, Position position) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(position, "position");
    if (!(position instanceof Position.Keyed || position instanceof Position.RowOffset)) {
      throw new IllegalArgumentException(
          "record takes a keyed or row-offset position, was " + position);
    }
  }
}
