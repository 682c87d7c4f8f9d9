package dev.checkpoint.jdbc;

import dev.checkpoint.CheckpointException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a source reads: a table, or the user's own query wrapped as a derived table. */
final class Relation {
  private final String schema;
  private final String table;
  private final String query;

  private Relation(String schema, String table, String query) {
    this.schema = schema;
    this.table = table;
    this.query = query;
  }

  static Relation table(String schema, String table) {
    return new Relation(schema, Objects.requireNonNull(table, "table"), null);
  }

  static Relation query(String sql) {
    return new Relation(null, null, SqlText.stripTrailingSemicolons(sql));
  }

  boolean isTable() {
    return query == null;
  }

  String schema() {
    return schema;
  }

  String table() {
    return table;
  }

  /** The user's query as given (without trailing semicolons); null for a table. */
  String query() {
    return query;
  }

  /** What follows FROM: the quoted table, or {@code (<query>) src}. */
  String from(Dialect d) {
    return isTable() ? d.qualified(schema, table) : "(" + query + ") src";
  }

  /** For messages: {@code table `db`.`t`} or {@code query SELECT ...}. */
  String describe(Dialect d) {
    return isTable() ? "table " + d.qualified(schema, table) : "query " + query;
  }

  /** The columns of {@code SELECT *}, from a query that returns no rows. */
  List<Column> columns(Connection c, Dialect d) {
    // LIMIT 0: both databases answer from the plan alone, without running a costly query.
    String sql = "SELECT * FROM " + from(d) + " LIMIT 0";
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<Column> cols = new ArrayList<>(md.getColumnCount());
      for (int i = 1; i <= md.getColumnCount(); i++) {
        cols.add(
            new Column(
                md.getColumnLabel(i),
                i,
                ColumnTypes.of(md, i, d),
                md.getColumnTypeName(i),
                md.isNullable(i) != ResultSetMetaData.columnNoNulls));
      }
      return d == Dialect.POSTGRES && isTable() ? withCatalogNullability(c, d, cols) : cols;
    } catch (SQLException e) {
      throw new CheckpointException(
          "cannot read the columns of "
              + describe(d)
              + ": "
              + e.getMessage()
              + " [SQL: "
              + sql
              + "]",
          e);
    }
  }

  /**
   * PgJDBC caches each connection's column metadata, so a pooled connection keeps calling a column
   * NOT NULL after {@code ALTER COLUMN ... DROP NOT NULL}: the key's NULL rows would be skipped
   * without a word. The catalog is asked afresh.
   */
  private List<Column> withCatalogNullability(Connection c, Dialect d, List<Column> cols)
      throws SQLException {
    Map<String, Boolean> notNull = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT attname, attnotnull FROM pg_catalog.pg_attribute"
                + " WHERE attrelid = CAST(? AS regclass) AND attnum > 0 AND NOT attisdropped")) {
      ps.setString(1, d.qualified(schema, table));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          notNull.put(rs.getString(1), rs.getBoolean(2));
        }
      }
    }
    List<Column> fresh = new ArrayList<>(cols.size());
    for (Column col : cols) {
      Boolean nn = notNull.get(col.name());
      fresh.add(
          nn == null ? col : new Column(col.name(), col.index(), col.type(), col.typeName(), !nn));
    }
    return fresh;
  }
}
