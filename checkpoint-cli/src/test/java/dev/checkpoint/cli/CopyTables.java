package dev.checkpoint.cli;

import dev.checkpoint.jdbc.Dialect;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The source and target of the copy ITs: a source database whose name needs quoting ({@code
 * cp-src@_...}) with four tables of odd names and shapes, one more that the filter ignores, and a
 * differently named target database ([router] db_map) holding the four targets.
 */
final class CopyTables {
  static final String ORDERS = "orders";
  static final String ITEMS = "order-items";
  static final String ODD = "finished_table_*$1";
  static final String NO_KEY = "no_key";
  static final String IGNORED = "skip_me";
  static final List<String> COPIED = List.of(ODD, NO_KEY, ITEMS, ORDERS);

  final Kind kind;
  final Dialect d;
  final String src;
  final String dst;
  final int orderRows;

  /**
   * @param orderRows the rows of {@code orders}, the table a crash test kills a run in
   */
  CopyTables(Kind kind, int orderRows) throws SQLException {
    this.orderRows = orderRows;
    this.kind = kind;
    this.d = kind == Kind.MYSQL ? Dialect.MYSQL : Dialect.POSTGRES;
    this.src = TestDatabases.freshSchema(kind, "cp-src@");
    this.dst = TestDatabases.freshSchema(kind, "cp_dst");
    String text = "varchar(100)";
    for (String schema : List.of(src, dst)) {
      exec(
          "CREATE TABLE "
              + q(schema, ORDERS)
              + " (id bigint PRIMARY KEY, grp int, name "
              + text
              + ", amount decimal(12,2))");
      exec(
          "CREATE TABLE "
              + q(schema, ITEMS)
              + " (order_id bigint, line int, sku varchar(40), PRIMARY KEY (order_id, line))");
      exec("CREATE TABLE " + q(schema, ODD) + " (id int PRIMARY KEY, v varchar(20))");
      exec("CREATE TABLE " + q(schema, NO_KEY) + " (id bigint, v varchar(50))");
    }
    exec("CREATE TABLE " + q(src, IGNORED) + " (id int PRIMARY KEY)");
    fill(ORDERS, orderRows, "n, n % 17, " + concat("'order ñ '", "n") + ", n * 1.25");
    fill(
        ITEMS,
        20_000,
        (kind == Kind.MYSQL ? "n DIV 3" : "n / 3") + ", n % 3, " + concat("'sku-'", "n"));
    fill(ODD, 500, "n, " + concat("'v'", "n"));
    fill(NO_KEY, 15_000, "n % 5000, " + concat("'dup '", "n"));
    exec("INSERT INTO " + q(src, IGNORED) + " VALUES (1)");
  }

  private String concat(String a, String n) {
    return kind == Kind.MYSQL ? "CONCAT(" + a + ", " + n + ")" : a + " || " + n;
  }

  private void fill(String table, int rows, String values) throws SQLException {
    String series =
        kind == Kind.MYSQL
            ? "(WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < "
                + rows
                + ") SELECT n FROM s) g"
            : "generate_series(1, " + rows + ") AS g(n)";
    try (Connection c = TestDatabases.dataSource(kind).getConnection();
        Statement s = c.createStatement()) {
      if (kind == Kind.MYSQL) {
        s.execute("SET SESSION max_recursive_iterations = " + (rows + 1)); // MariaDB: 1000
      }
      s.execute("INSERT INTO " + q(src, table) + " SELECT " + values + " FROM " + series);
    }
  }

  String q(String schema, String table) {
    return d.qualified(schema, table);
  }

  void exec(String sql) throws SQLException {
    try (Connection c = TestDatabases.dataSource(kind).getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  long count(String schema, String table) throws SQLException {
    try (Connection c = TestDatabases.dataSource(kind).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + q(schema, table))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Every row as text, sorted: a missing, extra or changed row shows. */
  List<String> dump(String schema, String table) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = TestDatabases.dataSource(kind).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + q(schema, table))) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          b.append(rs.getString(i)).append('|');
        }
        rows.add(b.toString());
      }
    }
    rows.sort(null);
    return rows;
  }

  /** The tables whose target differs from the source. */
  List<String> differences() throws SQLException {
    List<String> out = new ArrayList<>();
    for (String t : COPIED) {
      List<String> a = dump(src, t);
      List<String> b = dump(dst, t);
      if (!a.equals(b)) {
        out.add(t + ": source " + a.size() + " rows, target " + b.size());
      }
    }
    return out;
  }

  /** The test database's URL as ape-dts writes it: {@code mysql://user@host:port}. */
  String apeDtsUrl() {
    String jdbc = TestDatabases.url(kind);
    URI u = URI.create(jdbc.substring(5));
    String user = param(u.getQuery(), "user");
    String password = param(u.getQuery(), "password");
    String auth = user == null ? "" : user + (password == null ? "" : ":" + password) + "@";
    return (kind == Kind.MYSQL ? "mysql://" : "postgres://")
        + auth
        + u.getHost()
        + ":"
        + u.getPort()
        + (kind == Kind.MYSQL ? "" : u.getPath());
  }

  private static String param(String query, String name) {
    if (query == null) {
      return null;
    }
    for (String p : query.split("&")) {
      if (p.startsWith(name + "=")) {
        return p.substring(name.length() + 1);
      }
    }
    return null;
  }

  /**
   * A task in ape-dts's layout: source URL in ape-dts's form, target as a JDBC URL, the source
   * database quoted in [filter] and mapped to the target's in [router].
   */
  Path ini(Path dir, String task, String... extra) throws java.io.IOException {
    char quote = kind == Kind.MYSQL ? '`' : '"';
    String db = quote + src + quote;
    String dbType = kind == Kind.MYSQL ? "mysql" : "pg";
    List<String> lines =
        new ArrayList<>(
            List.of(
                "[global]",
                "task_id=" + task,
                "[extractor]",
                "db_type=" + dbType,
                "extract_type=snapshot",
                "url=" + apeDtsUrl(),
                "batch_size=500",
                "parallel_size=2",
                "[sinker]",
                "db_type=" + dbType,
                "sink_type=write",
                "url=" + TestDatabases.url(kind),
                "batch_size=200",
                "[filter]",
                "do_dbs=",
                "do_tbs=" + db + ".*",
                "ignore_tbs=" + db + ".skip_*",
                "[router]",
                "db_map=" + db + ":" + dst,
                "[pipeline]",
                "checkpoint_interval_secs=0",
                "[runtime]",
                "log_dir=" + dir.resolve("logs")));
    lines.addAll(List.of(extra));
    Path file = dir.resolve(task + ".ini");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }
}
