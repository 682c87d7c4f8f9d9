package dev.checkpoint.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The database's own estimate of a table's row count, from its statistics: free to ask, but stale
 * after a bulk load until the statistics are refreshed (0 or -1 on a table never analysed).
 */
final class RowEstimate {
  private static final String MYSQL =
      "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?";
  private static final String POSTGRES =
      "SELECT c.reltuples FROM pg_catalog.pg_class c"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = ? AND c.relname = ?";

  private RowEstimate() {}

  /**
   * The estimate, or 0 when the statistics have none.
   *
   * @throws SQLException if the statistics cannot be read
   */
  static long of(Connection c, Dialect d, Relation table) throws SQLException {
    String schema = table.schema();
    if (schema == null || schema.isEmpty()) {
      schema = d == Dialect.MYSQL ? c.getCatalog() : c.getSchema();
    }
    try (PreparedStatement ps = c.prepareStatement(d == Dialect.MYSQL ? MYSQL : POSTGRES)) {
      ps.setString(1, schema);
      ps.setString(2, table.table());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return 0;
        }
        double rows = rs.getDouble(1);
        return rs.wasNull() || rows < 0 ? 0 : (long) rows;
      }
    }
  }
}
