package dev.checkpoint.examples;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The tables of {@link ResumableCopyDemo}: awkward source rows, and the target check. */
final class DemoTables {
  private DemoTables() {}

  /**
   * Creates {@code shop.orders} with {@code rows} rows and an empty {@code warehouse.orders} of the
   * same shape. One INSERT ... SELECT over generate_series: the server makes the rows, which is far
   * faster than sending them.
   */
  static void create(Connection c, long rows) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS shop CASCADE");
      s.execute("DROP SCHEMA IF EXISTS warehouse CASCADE");
      s.execute("CREATE SCHEMA shop");
      s.execute("CREATE SCHEMA warehouse");
      s.execute(
          "CREATE TABLE shop.orders ("
              + " id bigint PRIMARY KEY,"
              + " customer text,"
              + " amount numeric(38,10),"
              + " created_at timestamp(6),"
              + " paid_at timestamptz,"
              + " note varchar(200),"
              + " payload bytea,"
              + " express boolean)");
      s.execute("CREATE TABLE warehouse.orders (LIKE shop.orders INCLUDING ALL)");
    }
    // Every non-key column is NULL in some rows; text has non-ASCII, quotes, backslashes, tabs,
    // newlines and trailing spaces; amounts use all 38 digits; timestamps carry microseconds.
    String fill =
        "INSERT INTO shop.orders SELECT g,"
            + " CASE g % 7 WHEN 0 THEN NULL"
            + "   WHEN 1 THEN 'Zoë Ångström-Øre ' || g"
            + "   WHEN 2 THEN 'O''Brien \"the\" \\ customer ' || g"
            + "   WHEN 3 THEN 'trailing spaces ' || g || '   '"
            + "   WHEN 4 THEN '日本語のお客様 ' || g || ' 🚀'"
            + "   WHEN 5 THEN E'tab\\there, newline\\nthere ' || g"
            + "   ELSE 'customer ' || g END,"
            + " CASE WHEN g % 11 = 0 THEN NULL"
            + "   ELSE (CASE WHEN g % 3 = 0 THEN -1 ELSE 1 END)"
            + "     * (g::numeric * 100000000000000000000 + (g % 9999999999) / 10000000000.0) END,"
            + " timestamp '2024-01-01' + g * interval '1 second' + (g % 999999) * interval '1 microsecond',"
            + " CASE WHEN g % 5 = 0 THEN NULL"
            + "   ELSE timestamptz '2024-01-01 00:00:00+00' + g * interval '1.000001 second' END,"
            + " CASE WHEN g % 4 = 0 THEN '' WHEN g % 4 = 1 THEN NULL ELSE repeat('x', (g % 200)::int) END,"
            + " CASE WHEN g % 13 = 0 THEN NULL ELSE '\\x00ff'::bytea || decode(md5(g::text), 'hex') END,"
            + " CASE WHEN g % 17 = 0 THEN NULL ELSE g % 2 = 0 END"
            + " FROM generate_series(1, ?) g";
    try (PreparedStatement ps = c.prepareStatement(fill)) {
      ps.setLong(1, rows);
      ps.executeUpdate();
    }
    try (Statement s = c.createStatement()) {
      s.execute("ANALYZE shop.orders");
    }
  }

  /** Changes one value of one target row (a trailing space goes): counts stay equal. */
  static String breakOneRow(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE warehouse.orders SET customer = rtrim(customer) WHERE id = 3");
    }
    return "warehouse.orders id 3: customer lost its trailing spaces";
  }

  /**
   * Compares row counts and a checksum of every row in key order (the md5 of each row's text, all
   * of them hashed together), and on a difference counts the rows that differ.
   *
   * @return whether the target equals the source
   */
  static boolean verify(Connection c, PrintStream out) throws SQLException {
    String[] source = countAndChecksum(c, "shop.orders");
    String[] target = countAndChecksum(c, "warehouse.orders");
    out.println("Verification (row count, and md5 over every row's text in id order):");
    out.printf(
        "  source shop.orders       %,11d rows  checksum %s%n",
        Long.parseLong(source[0]), source[1]);
    out.printf(
        "  target warehouse.orders  %,11d rows  checksum %s%n",
        Long.parseLong(target[0]), target[1]);
    if (source[0].equals(target[0]) && source[1].equals(target[1])) {
      out.println("OK: the target equals the source, row for row: nothing lost, nothing repeated.");
      return true;
    }
    long missing = exceptCount(c, "shop.orders", "warehouse.orders");
    long extra = exceptCount(c, "warehouse.orders", "shop.orders");
    out.printf(
        "MISMATCH: source rows missing or different in the target: %,d; target rows not in the source: %,d"
            + " (first differing ids: %s)%n",
        missing, extra, firstDifferences(c));
    return false;
  }

  private static String[] countAndChecksum(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*), coalesce(md5(string_agg(md5(t::text), '' ORDER BY id)), '-') FROM "
                    + table
                    + " t")) {
      rs.next();
      return new String[] {Long.toString(rs.getLong(1)), rs.getString(2)};
    }
  }

  private static long exceptCount(Connection c, String a, String b) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM (SELECT * FROM "
                    + a
                    + " EXCEPT ALL SELECT * FROM "
                    + b
                    + ") d")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String firstDifferences(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT DISTINCT id FROM ((SELECT * FROM shop.orders EXCEPT ALL SELECT * FROM warehouse.orders)"
                    + " UNION ALL (SELECT * FROM warehouse.orders EXCEPT ALL SELECT * FROM shop.orders)) d"
                    + " ORDER BY id LIMIT 5")) {
      StringBuilder b = new StringBuilder();
      while (rs.next()) {
        b.append(b.length() == 0 ? "" : ", ").append(rs.getLong(1));
      }
      return b.toString();
    }
  }
}
