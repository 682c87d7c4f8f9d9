package dev.checkpoint.examples;

import dev.checkpoint.jdbc.Dialect;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The small {@code orders} table examples 2 and 3 copy into {@code orders_copy}, on MySQL/MariaDB
 * or PostgreSQL: a primary key, text with non-ASCII characters and quotes, NULLs, decimals.
 */
final class OrderTables {
  private OrderTables() {}

  /**
   * Creates {@code schema} (a MySQL database or a PostgreSQL schema) with both tables; fills
   * orders.
   */
  static void create(DataSource ds, String schema, int rows) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      boolean mysql = Dialect.detect(c) == Dialect.MYSQL;
      s.execute(
          mysql
              ? "CREATE DATABASE IF NOT EXISTS " + schema
              : "CREATE SCHEMA IF NOT EXISTS " + schema);
      for (String table : List.of("orders", "orders_copy")) {
        s.execute("DROP TABLE IF EXISTS " + schema + "." + table);
        s.execute(
            "CREATE TABLE "
                + schema
                + "."
                + table
                + " (id bigint PRIMARY KEY, customer varchar(100), amount decimal(14,2))"
                + (mysql ? " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin" : ""));
      }
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO " + schema + ".orders (id, customer, amount) VALUES (?, ?, ?)")) {
        for (int id = 1; id <= rows; id++) {
          ps.setLong(1, id);
          ps.setString(2, id % 10 == 0 ? null : (id % 3 == 0 ? "Zoë O'Brien " : "customer ") + id);
          ps.setBigDecimal(3, id % 7 == 0 ? null : BigDecimal.valueOf(id * 1234L + 99, 2));
          ps.addBatch();
          if (id % 1_000 == 0) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
      }
      c.commit();
    }
  }

  /** Every row of a table, in id order, as text. */
  static List<String> rows(DataSource ds, String table) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT id, customer, amount FROM " + table + " ORDER BY id")) {
      while (rs.next()) {
        rows.add(rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getBigDecimal(3));
      }
    }
    return rows;
  }

  /** Prints the row counts and whether the copy equals the source. */
  static boolean report(DataSource ds, String schema, java.io.PrintStream out) throws SQLException {
    List<String> source = rows(ds, schema + ".orders");
    List<String> copy = rows(ds, schema + ".orders_copy");
    boolean same = source.equals(copy);
    out.printf(
        "%s.orders: %,d rows; %s.orders_copy: %,d rows; %s%n",
        schema, source.size(), schema, copy.size(), same ? "identical" : "DIFFERENT");
    return same;
  }
}
