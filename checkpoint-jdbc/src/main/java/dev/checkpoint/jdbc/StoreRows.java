package dev.checkpoint.jdbc;

import dev.checkpoint.spi.RecordChange;
import dev.checkpoint.spi.StoreRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A task's rows as records, and record changes as row changes. The epoch row is the store's own and
 * never a record. Nothing here commits.
 */
final class StoreRows {
  /** The width of the {@code position_key} column in both dialects. */
  static final int KEY_WIDTH = 255;

  private StoreRows() {}

  static List<StoreRecord> records(Connection c, StoreStatements sql, String taskId)
      throws SQLException {
    List<StoreRecord> records = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql.selectTask())) {
      ps.setString(1, taskId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String type = rs.getString(2);
          if (StoreStatements.TASK_LOCK.equals(type)) {
            continue;
          }
          records.add(
              new StoreRecord(
                  type, rs.getString(3), rs.getString(4), sql.name + "#id=" + rs.getLong(1)));
        }
      }
    }
    return records;
  }

  /** Applies the changes in order on {@code c}, in the caller's transaction. */
  static void apply(Connection c, StoreStatements sql, String taskId, List<RecordChange> changes)
      throws SQLException {
    PreparedStatement upsert = null;
    PreparedStatement delete = null;
    try {
      for (RecordChange change : changes) {
        checkKey(change.key());
        if (change.isDelete()) {
          delete = delete != null ? delete : c.prepareStatement(sql.deleteByKey());
          delete.setString(1, taskId);
          delete.setString(2, change.kind());
          delete.setString(3, change.key());
          delete.executeUpdate();
        } else {
          upsert = upsert != null ? upsert : c.prepareStatement(sql.upsert());
          upsert.setString(1, taskId);
          upsert.setString(2, change.kind());
          upsert.setString(3, change.key());
          upsert.setString(4, change.data());
          upsert.executeUpdate();
        }
      }
    } finally {
      if (upsert != null) {
        upsert.close();
      }
      if (delete != null) {
        delete.close();
      }
    }
  }

  /** Checks the fence the long way; throws if the session was fenced out. */
  interface FenceCheck {
    void check() throws SQLException;
  }

  /**
   * Upserts each record only while the epoch row holds {@code epochData}. An upsert that wrote no
   * row calls {@code onNothingWritten}, which throws if the session was fenced (the caller's
   * transaction is then rolled back) and returns if the row was only unchanged.
   */
  static void applyFenced(
      Connection c,
      StoreStatements sql,
      String taskId,
      List<RecordChange> changes,
      String epochData,
      FenceCheck onNothingWritten)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.fencedUpsert())) {
      for (RecordChange change : changes) {
        checkKey(change.key());
        ps.setString(1, taskId);
        ps.setString(2, change.kind());
        ps.setString(3, change.key());
        ps.setString(4, change.data());
        ps.setString(5, taskId);
        ps.setString(6, epochData);
        if (ps.executeUpdate() == 0) {
          onNothingWritten.check();
        }
      }
    }
  }

  /**
   * Sets the record to {@code next} if it holds {@code expected} ({@code null}: absent; {@code next
   * null}: delete), on {@code c} in the caller's transaction.
   *
   * @return whether one row changed
   */
  static boolean compareAndSet(
      Connection c,
      StoreStatements sql,
      String taskId,
      String kind,
      String key,
      String expected,
      String next)
      throws SQLException {
    checkKey(key);
    if (expected == null && next == null) {
      throw new IllegalArgumentException("expected and next are both null: nothing to change");
    }
    String statement =
        expected == null ? sql.insertIfAbsent() : next == null ? sql.deleteIf() : sql.updateIf();
    try (PreparedStatement ps = c.prepareStatement(statement)) {
      if (expected == null) {
        ps.setString(1, taskId);
        ps.setString(2, kind);
        ps.setString(3, key);
        ps.setString(4, next);
      } else if (next == null) {
        ps.setString(1, taskId);
        ps.setString(2, kind);
        ps.setString(3, key);
        ps.setString(4, expected);
      } else {
        ps.setString(1, next);
        ps.setString(2, taskId);
        ps.setString(3, kind);
        ps.setString(4, key);
        ps.setString(5, expected);
      }
      return ps.executeUpdate() == 1;
    }
  }

  /** The key, refused before the database truncates or rejects it. */
  private static void checkKey(String key) {
    int length = key.codePointCount(0, key.length());
    if (length > KEY_WIDTH) {
      throw new IllegalArgumentException(
          "the position_key "
              + key
              + " is "
              + length
              + " characters; the position_key column holds "
              + KEY_WIDTH);
    }
  }

  /** For messages: what the changes write, e.g. {@code SnapshotDoing shop-orders}. */
  static String describe(List<RecordChange> changes) {
    return changes.stream()
        .map(ch -> (ch.isDelete() ? "deleting " : "") + ch.kind() + " " + ch.key())
        .collect(Collectors.joining(", "));
  }
}
