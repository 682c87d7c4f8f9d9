package dev.checkpoint.jdbc;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.Temporal;
import java.util.List;

/**
 * MySQL/MariaDB: multi-row {@code INSERT … VALUES (…), (…), …} with every value bound, what
 * Connector/J's {@code rewriteBatchedStatements} would send, without needing that URL setting. An
 * upsert appends {@code ON DUPLICATE KEY UPDATE c = VALUES(c)} (MySQL 8's row-alias form is a
 * syntax error on MariaDB). Statements are cut to stay under the server's placeholder limit and
 * well under its {@code max_allowed_packet}.
 */
final class MysqlRowWriter implements TableWriter.DialectWriter {
  /** The server's limit of placeholders in one prepared statement. */
  private static final int MAX_PLACEHOLDERS = 65_535;

  private final String head;
  private final String row;
  private final String tail;
  private final int columns;
  private final long maxBytes;

  /** The SQL for the last number of rows asked: batches mostly repeat one size. */
  private volatile SizedSql last;

  private record SizedSql(int rows, String sql) {}

  private MysqlRowWriter(String table, List<String> columns, List<String> update, long maxBytes) {
    this.head = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ";
    this.row = "(" + "?, ".repeat(columns.size() - 1) + "?)";
    this.columns = columns.size();
    this.maxBytes = maxBytes;
    if (update == null) {
      tail = "";
    } else if (update.isEmpty()) {
      // Every column is in the key: nothing to update, but the duplicate must not fail.
      tail = " ON DUPLICATE KEY UPDATE " + columns.get(0) + " = " + columns.get(0);
    } else {
      StringBuilder t = new StringBuilder(" ON DUPLICATE KEY UPDATE ");
      for (int i = 0; i < update.size(); i++) {
        t.append(i == 0 ? "" : ", ")
            .append(update.get(i))
            .append(" = VALUES(")
            .append(update.get(i))
            .append(')');
      }
      tail = t.toString();
    }
  }

  /**
   * @param update the columns an upsert updates, quoted; null for plain inserts
   */
  static MysqlRowWriter of(Connection c, String table, List<String> columns, List<String> update) {
    return new MysqlRowWriter(table, columns, update, maxStatementBytes(c));
  }

  /** Half the server's max_allowed_packet: the size estimate below is rough. */
  private static long maxStatementBytes(Connection c) {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT @@max_allowed_packet")) {
      return rs.next() ? Math.max(rs.getLong(1) / 2, 64 * 1024) : 8L << 20;
    } catch (SQLException e) {
      return 8L << 20; // the smallest default of current servers is 16 MiB (MariaDB) and 64 MiB
    }
  }

  @Override
  public void write(Connection c, List<Row> rows) throws SQLException {
    int maxRows = MAX_PLACEHOLDERS / columns;
    int from = 0;
    while (from < rows.size()) {
      int to = from;
      long bytes = 0;
      while (to < rows.size() && to - from < maxRows) {
        long b = estimate(rows.get(to).rawValues());
        if (to > from && bytes + b > maxBytes) {
          break;
        }
        bytes += b;
        to++;
      }
      insert(c, rows.subList(from, to));
      from = to;
    }
  }

  private void insert(Connection c, List<Row> rows) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql(rows.size()))) {
      int p = 1;
      for (Row r : rows) {
        for (Object v : r.rawValues()) {
          ps.setObject(p++, bindable(v));
        }
      }
      ps.executeUpdate();
    }
  }

  private String sql(int n) {
    SizedSql s = last;
    if (s == null || s.rows() != n) {
      StringBuilder b = new StringBuilder(head.length() + n * (row.length() + 2) + tail.length());
      b.append(head);
      for (int i = 0; i < n; i++) {
        b.append(i == 0 ? "" : ", ").append(row);
      }
      s = new SizedSql(n, b.append(tail).toString());
      last = s;
    }
    return s.sql();
  }

  /**
   * The value as Connector/J binds it exactly. Dates and times go as text (the reader's {@link
   * ColumnType#bindValue} forms): Connector/J drops the fraction of a java.time value on MariaDB. A
   * BigInteger goes as a BigDecimal (the driver would bind its long value), a UUID or a PostgreSQL
   * driver object as its text.
   */
  static Object bindable(Object v) {
    if (v == null || v instanceof String || v instanceof byte[] || v instanceof Boolean) {
      return v;
    }
    if (v instanceof LocalDateTime) {
      return ColumnType.TIMESTAMP.bindValue(v, Dialect.MYSQL);
    }
    if (v instanceof LocalDate) {
      return ColumnType.DATE.bindValue(v, Dialect.MYSQL);
    }
    if (v instanceof LocalTime) {
      return ColumnType.TIME.bindValue(v, Dialect.MYSQL);
    }
    if (v instanceof BigInteger) {
      return ColumnType.UNSIGNED_BIGINT.bindValue(v, Dialect.MYSQL);
    }
    if (v instanceof Number || v instanceof Temporal || v instanceof java.util.Date) {
      return v;
    }
    return v.toString(); // UUID, json, inet, arrays: MySQL stores their text
  }

  /**
   * An upper bound of the bytes a row adds to the statement (text as 3 bytes a char, escaped
   * binary).
   */
  private static long estimate(Object[] values) {
    long n = 8;
    for (Object v : values) {
      if (v instanceof String s) {
        n += 3L * s.length() + 4;
      } else if (v instanceof byte[] b) {
        n += 2L * b.length + 12;
      } else {
        n += 48;
      }
    }
    return n;
  }
}
