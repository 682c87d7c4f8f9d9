package dev.checkpoint.jdbc;

import dev.checkpoint.InvalidPositionException;
import dev.checkpoint.PositionJson;
import dev.checkpoint.PositionKey;
import dev.checkpoint.PositionRecord;
import dev.checkpoint.ResumeState;
import dev.checkpoint.StatusJson;
import dev.checkpoint.TableRef;
import dev.checkpoint.TableStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a task's rows into a {@link ResumeState}. The table a row belongs to is read from its
 * {@code position_data}, never parsed out of {@code position_key}. A row filed under a key other
 * than {@link PositionKey#of} for its table (the seeds' system writes {@code a-b-c} for schema
 * {@code a-b}) still counts, but a row under the canonical key wins over it.
 */
final class StoreRows {
  private static final Logger LOG = LoggerFactory.getLogger(StoreRows.class);

  private record Row(long id, String resumerType, PositionRecord record) {}

  /** This library's own bookkeeping rows: not positions, and not another tool's either. */
  private static final Set<String> OWN =
      Set.of(StoreStatements.TASK_LOCK, StoreStatements.TABLE_STATUS, StoreStatements.TASK_STATE);

  private StoreRows() {}

  static ResumeState load(Connection c, StoreStatements sql, String taskId) throws SQLException {
    List<Row> otherKeys = new ArrayList<>();
    List<Row> canonical = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql.selectTask())) {
      ps.setString(1, taskId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong(1);
          String type = rs.getString(2);
          String key = rs.getString(3);
          String data = rs.getString(4);
          if (OWN.contains(type)) {
            continue;
          }
          if (!PositionKey.SNAPSHOT_DOING.equals(type) && !PositionKey.SNAPSHOT_FINISHED.equals(type)) {
            LOG.debug("position table {} row id={}: skipping resumer_type {}", sql.name, id, type);
            continue;
          }
          Optional<PositionRecord> r = parse(sql, id, data);
          if (r.isPresent()) {
            Row row = new Row(id, type, r.get());
            (key.equals(PositionKey.of(r.get().table())) ? canonical : otherKeys).add(row);
          }
        }
      }
    }
    ResumeState.Builder b = ResumeState.builder();
    for (List<Row> rows : List.of(otherKeys, canonical)) {
      for (Row r : rows) {
        String source = sql.name + "#id=" + r.id();
        if (PositionKey.SNAPSHOT_FINISHED.equals(r.resumerType())) {
          b.finished(r.record().table(), source);
        } else {
          b.position(r.record().table(), r.record().position(), source);
        }
      }
    }
    return b.build();
  }

  static Map<TableRef, TableStatus> statuses(Connection c, StoreStatements sql, String taskId)
      throws SQLException {
    Map<TableRef, TableStatus> statuses = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql.selectType())) {
      ps.setString(1, taskId);
      ps.setString(2, StoreStatements.TABLE_STATUS);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong(1);
          String data = rs.getString(3);
          try {
            TableStatus s = StatusJson.read(data == null ? "null" : data);
            statuses.put(s.table(), s);
          } catch (InvalidPositionException e) {
            throw new InvalidPositionException(
                "position table " + sql.name + " row id=" + id + ": " + e.getMessage(), e);
          }
        }
      }
    }
    return Map.copyOf(statuses);
  }

  static Optional<String> state(Connection c, StoreStatements sql, String taskId)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.selectByKey())) {
      ps.setString(1, taskId);
      ps.setString(2, StoreStatements.TASK_STATE);
      ps.setString(3, StoreStatements.STATE_KEY);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(2)) : Optional.empty();
      }
    }
  }

  /**
   * Ids of the task's rows of one resumer_type that the seeds' system filed for the table under
   * its plain {@code schema-tb} key where that key is not ours (the schema holds a dash). Rows
   * are matched by their data, so {@code a-b}.{@code c} never takes {@code a}.{@code b-c}'s row.
   */
  static List<Long> otherKeyIds(
      Connection c, StoreStatements sql, String taskId, String resumerType, TableRef table)
      throws SQLException {
    String plain = table.schema() + "-" + table.table();
    if (plain.equals(PositionKey.of(table))) {
      return List.of();
    }
    List<Long> ids = new ArrayList<>();
    for (KeyedRow r : byKey(c, sql, taskId, resumerType, plain)) {
      if (r.table().isPresent() && sameTable(r.table().get(), table)) {
        ids.add(r.id());
      }
    }
    return ids;
  }

  /** A row found under a key, with the table its data names (empty if the data does not parse). */
  record KeyedRow(long id, Optional<TableRef> table) {}

  static List<KeyedRow> byKey(
      Connection c, StoreStatements sql, String taskId, String resumerType, String key)
      throws SQLException {
    List<KeyedRow> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql.selectByKey())) {
      ps.setString(1, taskId);
      ps.setString(2, resumerType);
      ps.setString(3, key);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Optional<TableRef> t;
          try {
            t = parse(sql, rs.getLong(1), rs.getString(2)).map(PositionRecord::table);
          } catch (InvalidPositionException e) {
            t = Optional.empty(); // not provably any table's
          }
          rows.add(new KeyedRow(rs.getLong(1), t));
        }
      }
    }
    return rows;
  }

  /** Same position_key identity: schema and table (the key does not hold the db type). */
  static boolean sameTable(TableRef a, TableRef b) {
    return a.schema().equals(b.schema()) && a.table().equals(b.table());
  }

  private static Optional<PositionRecord> parse(StoreStatements sql, long id, String data) {
    if (data == null) {
      throw new InvalidPositionException(
          "position table " + sql.name + " row id=" + id + ": position_data is NULL");
    }
    try {
      return PositionJson.read(data);
    } catch (InvalidPositionException e) {
      throw new InvalidPositionException(
          "position table " + sql.name + " row id=" + id + ": " + e.getMessage(), e);
    }
  }
}
