package dev.checkpoint.jdbc;

import dev.checkpoint.Position;
import dev.checkpoint.PositionJson;
import dev.checkpoint.PositionKey;
import dev.checkpoint.StatusJson;
import dev.checkpoint.TableRef;
import dev.checkpoint.TableStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The row changes behind record, finish and reset, on whatever connection the caller's
 * transaction runs: the store's own or the user's. Nothing here commits.
 */
final class StoreWrites {
  /** The width of the {@code position_key} column in both dialects. */
  static final int KEY_WIDTH = 255;

  private final StoreStatements sql;

  StoreWrites(StoreStatements sql) {
    this.sql = sql;
  }

  void position(Connection c, String taskId, TableRef table, Position position)
      throws SQLException {
    upsert(c, taskId, PositionKey.SNAPSHOT_DOING, key(table), PositionJson.write(table, position), table);
  }

  /**
   * Writes the finished row and drops the table's position row in the same transaction: a
   * finished table never resumes from a position, and one row per table instead of two keeps the
   * table near the seeds' storage budget.
   */
  void finished(Connection c, String taskId, TableRef table) throws SQLException {
    String key = key(table);
    upsert(c, taskId, PositionKey.SNAPSHOT_FINISHED, key, PositionJson.write(table, Position.finished()), table);
    delete(c, taskId, PositionKey.SNAPSHOT_DOING, key, table);
  }

  void reset(Connection c, String taskId, TableRef table) throws SQLException {
    String key = key(table);
    delete(c, taskId, PositionKey.SNAPSHOT_DOING, key, table);
    delete(c, taskId, PositionKey.SNAPSHOT_FINISHED, key, table);
    delete(c, taskId, StoreStatements.TABLE_STATUS, key, table);
  }

  void resetAll(Connection c, String taskId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.deleteTask())) {
      ps.setString(1, taskId);
      ps.setString(2, PositionKey.SNAPSHOT_DOING);
      ps.setString(3, PositionKey.SNAPSHOT_FINISHED);
      ps.setString(4, StoreStatements.TABLE_STATUS);
      ps.setString(5, StoreStatements.TASK_STATE);
      ps.executeUpdate();
    }
  }

  /** A table's run status: a row of this library's own resumer_type, which ape-dts skips. */
  void status(Connection c, String taskId, TableStatus status) throws SQLException {
    TableRef table = status.table();
    upsert(c, taskId, StoreStatements.TABLE_STATUS, key(table), StatusJson.write(status), table);
  }

  void state(Connection c, String taskId, String json) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.upsert())) {
      ps.setString(1, taskId);
      ps.setString(2, StoreStatements.TASK_STATE);
      ps.setString(3, StoreStatements.STATE_KEY);
      ps.setString(4, json);
      ps.executeUpdate();
    }
  }

  private void upsert(Connection c, String taskId, String type, String key, String data, TableRef table)
      throws SQLException {
    makeRoom(c, taskId, type, key, table);
    try (PreparedStatement ps = c.prepareStatement(sql.upsert())) {
      ps.setString(1, taskId);
      ps.setString(2, type);
      ps.setString(3, key);
      ps.setString(4, data);
      ps.executeUpdate();
    }
  }

  private void delete(Connection c, String taskId, String type, String key, TableRef table)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.deleteByKey())) {
      ps.setString(1, taskId);
      ps.setString(2, type);
      ps.setString(3, key);
      ps.executeUpdate();
    }
    for (long id : StoreRows.otherKeyIds(c, sql, taskId, type, table)) {
      try (PreparedStatement ps = c.prepareStatement(sql.deleteById())) {
        ps.setLong(1, id);
        ps.executeUpdate();
      }
    }
  }

  /**
   * Our plain key for a table whose name holds a dash ({@code a}.{@code b-c} files as {@code
   * a-b-c}) is the key the seeds' system gives another table ({@code a-b}.{@code c}). A row of
   * that other table under it is moved to the other table's own key (or dropped, if that table
   * has a row there already, which wins on reading anyway) before ours takes the slot, so neither
   * table loses its position.
   */
  private void makeRoom(Connection c, String taskId, String type, String key, TableRef table)
      throws SQLException {
    if (table.table().indexOf('-') < 0) {
      return;
    }
    for (StoreRows.KeyedRow row : StoreRows.byKey(c, sql, taskId, type, key)) {
      if (row.table().isEmpty() || StoreRows.sameTable(row.table().get(), table)) {
        continue;
      }
      String theirs = key(row.table().get());
      boolean taken = !StoreRows.byKey(c, sql, taskId, type, theirs).isEmpty();
      try (PreparedStatement ps =
          c.prepareStatement(taken ? sql.deleteById() : sql.updateKey())) {
        int i = 1;
        if (!taken) {
          ps.setString(i++, theirs);
        }
        ps.setLong(i, row.id());
        ps.executeUpdate();
      }
    }
  }

  /** The table's position_key, refused before the database truncates or rejects it. */
  static String key(TableRef table) {
    String key = PositionKey.of(table);
    int length = key.codePointCount(0, key.length());
    if (length > KEY_WIDTH) {
      throw new IllegalArgumentException(
          "the position_key of "
              + table
              + " is "
              + length
              + " characters; the position_key column holds "
              + KEY_WIDTH);
    }
    return key;
  }
}
