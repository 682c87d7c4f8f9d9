package dev.checkpoint.jdbc;

import dev.checkpoint.spi.RecordChange;
import dev.checkpoint.spi.RecordKinds;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the store's integration tests share: fresh tables, raw SQL, killing a connection. */
final class StoreFixtures {
  private StoreFixtures() {}

  static Dialect dialect(Kind kind) {
    return kind == Kind.MYSQL ? Dialect.MYSQL : Dialect.POSTGRES;
  }

  /** A position table name in a fresh database/schema (the table itself does not exist yet). */
  static String freshTable(Kind kind, String prefix) {
    return TestDatabases.freshSchema(kind, prefix) + ".positions";
  }

  /** A database/schema name nobody created yet. */
  static String unusedSchema(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A store with its own pool (default size 1) on the kind's test database. */
  static JdbcPositionStore store(Kind kind, String tableFullName) {
    return JdbcPositionStore.builder()
        .url(TestDatabases.url(kind))
        .tableFullName(tableFullName)
        .build();
  }

  static void exec(Kind kind, String... statements) {
    try (Connection c = TestDatabases.dataSource(kind).getConnection();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Rows as column-label maps, in order. */
  static List<Map<String, Object>> query(Kind kind, String sql, Object... params) {
    try (Connection c = TestDatabases.dataSource(kind).getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), rs.getObject(i));
          }
          rows.add(row);
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  static long backendId(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")
                    ? "SELECT pg_backend_pid()"
                    : "SELECT CONNECTION_ID()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * The store's writer goes stale as a dying process's would: unwatched, its lock connection
   * killed.
   */
  static void loseWriter(Kind kind, JdbcPositionStore store) throws Exception {
    store.pauseWatchdog();
    kill(kind, store.lockConnectionId());
  }

  /**
   * A position_key longer than the column: refused inside an apply, after the changes before it.
   */
  static RecordChange tooLongKey() {
    return RecordChange.upsert(RecordKinds.POSITION, "k".repeat(300), "{}");
  }

  /** Ends a server session from outside, as a network failure or a dead process would. */
  static void kill(Kind kind, long backendId) {
    if (kind == Kind.MYSQL) {
      exec(kind, "KILL CONNECTION " + backendId);
      return;
    }
    exec(kind, "SELECT pg_terminate_backend(" + backendId + ")");
    // pg_terminate_backend only signals; wait until the backend (and its locks) are gone.
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!query(kind, "SELECT 1 FROM pg_stat_activity WHERE pid = ?", (int) backendId)
        .isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("backend " + backendId + " did not end");
      }
      sleep(20);
    }
  }

  /** The kind's test URL without its user and password parameters. */
  static String urlWithoutCredentials(Kind kind) {
    String url = TestDatabases.url(kind).replaceAll("(?i)([?&])(user|password)=[^&]*&?", "$1");
    return url.replaceAll("[?&]$", "");
  }

  /** {@code host:port} of the kind's test URL. */
  static String hostPort(Kind kind) {
    Matcher m = Pattern.compile("//([^/?]+)").matcher(TestDatabases.url(kind));
    if (!m.find()) {
      throw new IllegalStateException("no host in " + TestDatabases.url(kind));
    }
    return m.group(1);
  }

  /** A query parameter of the kind's test URL ({@code user}, {@code password}), or empty. */
  static String param(Kind kind, String name) {
    Matcher m = Pattern.compile("(?i)[?&]" + name + "=([^&]*)").matcher(TestDatabases.url(kind));
    return m.find() ? m.group(1) : "";
  }

  /** The database name in the kind's test URL. */
  static String database(Kind kind) {
    Matcher m = Pattern.compile("//[^/?]+/([^?]*)").matcher(TestDatabases.url(kind));
    return m.find() ? m.group(1) : "";
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
