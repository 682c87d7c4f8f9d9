package dev.checkpoint.jdbc;

import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;

/** Test tables: DDL, inserts that keep every value exact, and exact dumps for comparison. */
final class Tables {
  private Tables() {}

  static Dialect dialect(Kind kind) {
    return kind == Kind.MYSQL ? Dialect.MYSQL : Dialect.POSTGRES;
  }

  static void execute(Kind kind, String... sqls) {
    try (Connection c = TestDatabases.dataSource(kind).getConnection();
        Statement s = c.createStatement()) {
      for (String sql : sqls) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          e.getMessage() + " [SQL: " + String.join("; ", sqls) + "]", e);
    }
  }

  /** Inserts rows; each value is bound as {@link #bindable} makes it. */
  static void insert(Kind kind, String qualified, List<String> columns, List<Object[]> rows) {
    try (Connection c = TestDatabases.dataSource(kind).getConnection()) {
      insert(c, kind, qualified, columns, rows);
    } catch (SQLException e) {
      throw new IllegalStateException("insert into " + qualified + ": " + e.getMessage(), e);
    }
  }

  static void insert(Connection c, Kind kind, String qualified, List<String> columns, List<?> rows)
      throws SQLException {
    Dialect d = dialect(kind);
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(qualified).append(" (");
    for (int i = 0; i < columns.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(d.quote(columns.get(i)));
    }
    sql.append(") VALUES (").append("?, ".repeat(columns.size() - 1)).append("?)");
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (Object r : rows) {
        Object[] values = r instanceof Row row ? row.values().toArray() : (Object[]) r;
        for (int i = 0; i < values.length; i++) {
          ps.setObject(i + 1, bindable(values[i], kind));
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Connector/J drops the fraction of java.time values when it talks to MariaDB (it believes the
   * server is MySQL 5.5), so they are written as text there; the server parses them exactly.
   */
  static Object bindable(Object v, Kind kind) {
    if (kind == Kind.MYSQL) {
      if (v instanceof java.math.BigInteger b) {
        return ColumnType.UNSIGNED_BIGINT.bindValue(b, Dialect.MYSQL);
      }
      if (v instanceof LocalDateTime t) {
        return ColumnType.TIMESTAMP.bindValue(t, Dialect.MYSQL);
      }
      if (v instanceof LocalTime t) {
        return ColumnType.TIME.bindValue(t, Dialect.MYSQL);
      }
      if (v instanceof LocalDate t) {
        return t.toString();
      }
    }
    return v;
  }

  /** An empty copy of a table's columns, without keys, so duplicates would show. */
  static void createTargetLike(Kind kind, String target, String source) {
    execute(kind, "DROP TABLE IF EXISTS " + target);
    execute(
        kind,
        kind == Kind.MYSQL
            ? "CREATE TABLE " + target + " AS SELECT * FROM " + source + " WHERE 1=0"
            : "CREATE TABLE " + target + " AS SELECT * FROM " + source + " WITH NO DATA");
  }

  /**
   * Every row of a table as the server's text of each value (binary as hex), sorted: two tables
   * with the same dump hold the same rows, duplicates included.
   */
  static List<List<String>> dump(Kind kind, String qualified) {
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = TestDatabases.dataSource(kind).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + qualified)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          int t = md.getColumnType(i);
          if (t == Types.BINARY || t == Types.VARBINARY || t == Types.LONGVARBINARY) {
            byte[] b = rs.getBytes(i);
            row.add(b == null ? null : "0x" + HexFormat.of().formatHex(b));
          } else {
            row.add(rs.getString(i));
          }
        }
        rows.add(row);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    rows.sort(ROW_ORDER);
    return rows;
  }

  /** Rows compared column by column, NULL first: the order of {@link #dump}. */
  static final Comparator<List<String>> ROW_ORDER =
      (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
          int c =
              Comparator.nullsFirst(Comparator.<String>naturalOrder()).compare(a.get(i), b.get(i));
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(a.size(), b.size());
      };

  static long count(Kind kind, String qualified) {
    try (Connection c = TestDatabases.dataSource(kind).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + qualified)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  static DataSource ds(Kind kind) {
    return TestDatabases.dataSource(kind);
  }
}
