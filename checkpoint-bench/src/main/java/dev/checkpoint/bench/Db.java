package dev.checkpoint.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.checkpoint.TableRef;
import dev.checkpoint.jdbc.Dialect;
import dev.checkpoint.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * One benchmark database: found by the integration tests' own {@link TestDatabases} ({@code
 * CHECKPOINT_MYSQL_URL} / {@code CHECKPOINT_PG_URL}, else the machine's server on its default port:
 * this module has neither Testcontainers nor embedded PostgreSQL), with the runner's database
 * (MySQL) or schema (PostgreSQL) created and a pool whose connections start in it.
 */
final class Db implements AutoCloseable {
  enum Kind {
    MYSQL("mysql", TestDatabases.Kind.MYSQL),
    PG("pg", TestDatabases.Kind.POSTGRES);

    final String id;
    final TestDatabases.Kind test;

    Kind(String id, TestDatabases.Kind test) {
      this.id = id;
      this.test = test;
    }

    static Kind of(String id) {
      return id.equals("pg") ? PG : MYSQL;
    }
  }

  final Kind kind;
  final String url;
  final String schema;
  final Dialect dialect;
  final String product;
  private final HikariDataSource pool;

  private Db(Kind kind, String url, String schema, String product) {
    this.kind = kind;
    this.url = url;
    this.schema = schema;
    this.dialect = kind == Kind.MYSQL ? Dialect.MYSQL : Dialect.POSTGRES;
    this.product = product;
    this.pool = pool(kind, url, schema, 8, null);
  }

  /**
   * The kind's database, or empty when none answers and {@code CI} is not set.
   *
   * @throws IllegalStateException when the configured URL does not answer, or nothing answers and
   *     {@code CI} is set
   */
  static Optional<Db> connect(Kind kind, String schema) {
    Optional<String> found = TestDatabases.lookup(kind.test);
    if (found.isEmpty()) {
      System.err.println(
          "SKIPPING "
              + kind
              + ": no database: set "
              + kind.test.env()
              + " to a JDBC URL (user and password as URL parameters) or start the local server");
      return Optional.empty();
    }
    String url = found.get();
    String product;
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(
          kind == Kind.MYSQL
              ? "CREATE DATABASE IF NOT EXISTS `" + schema + "`"
              : "CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"");
      product = describe(c.getMetaData());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare " + kind + " schema " + schema + ": " + e, e);
    }
    return Optional.of(new Db(kind, url, schema, product));
  }

  /**
   * A pool whose connections start in the schema. Batched inserts are rewritten into multi-row
   * statements on both drivers (the copy scenarios' sink), which no reader is affected by.
   */
  static HikariDataSource pool(Kind kind, String url, String schema, int size, String initSql) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url);
    cfg.setMaximumPoolSize(size);
    // A fixed-size pool, as HikariCP recommends: a connection the reader aborts (an unfinished
    // MySQL stream) is replaced in the background, not while the next read waits for it.
    cfg.setMinimumIdle(size);
    cfg.setPoolName("bench-" + kind.id + (initSql == null ? "" : "-init"));
    if (kind == Kind.MYSQL) {
      cfg.setCatalog(schema);
      cfg.addDataSourceProperty("rewriteBatchedStatements", "true");
    } else {
      cfg.setSchema(schema);
      cfg.addDataSourceProperty("reWriteBatchedInserts", "true");
    }
    if (initSql != null) {
      cfg.setConnectionInitSql(initSql);
    }
    return new HikariDataSource(cfg);
  }

  /** "MariaDB 10.11.19" rather than Connector/J's "MySQL 5.5.5-10.11.19-MariaDB". */
  private static String describe(DatabaseMetaData md) throws SQLException {
    String version = md.getDatabaseProductVersion();
    Matcher m = Pattern.compile("(?:5\\.5\\.5-)?([0-9.]+)-MariaDB").matcher(version);
    if (m.find()) {
      return "MariaDB " + m.group(1);
    }
    String v = version.split("[ (]")[0];
    return md.getDatabaseProductName() + " " + v;
  }

  DataSource ds() {
    return pool;
  }

  /**
   * Waits (at most a second) until the pool has an idle connection. A MySQL read closed before its
   * end aborts its connection and the pool replaces it in the background; a restarted job opens one
   * read on a fresh pool, so back-to-back measured opens must not queue for those replacements.
   */
  void awaitIdleConnection() throws InterruptedException {
    long end = System.nanoTime() + 1_000_000_000L;
    while (pool.getHikariPoolMXBean().getIdleConnections() == 0 && System.nanoTime() < end) {
      Thread.sleep(1);
    }
  }

  /** The label used in tables: "MariaDB" / "PostgreSQL" / "MySQL". */
  String label() {
    return product.split(" ")[0];
  }

  TableRef ref(String table) {
    return TableRef.of(kind.id, schema, table);
  }

  String qualified(String table) {
    return dialect.qualified(schema, table);
  }

  String quote(String identifier) {
    return dialect.quote(identifier);
  }

  void exec(String... sql) {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          kind + ": " + e.getMessage() + " [SQL: " + String.join("; ", sql) + "]", e);
    }
  }

  long queryLong(String sql) {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : -1;
    } catch (SQLException e) {
      throw new IllegalStateException(kind + ": " + e.getMessage() + " [SQL: " + sql + "]", e);
    }
  }

  boolean tableExists(String table) {
    try (Connection c = pool.getConnection();
        ResultSet rs =
            c.getMetaData()
                .getTables(
                    kind == Kind.MYSQL ? schema : null,
                    kind == Kind.MYSQL ? null : schema,
                    table,
                    null)) {
      return rs.next();
    } catch (SQLException e) {
      throw new IllegalStateException(kind + ": " + e.getMessage(), e);
    }
  }

  /**
   * Waits (at most {@code maxSeconds}, which may be fractional) for the server to write back what a
   * bulk write left dirty, so that the next scenario's reads and commits do not share the disk with
   * it: PostgreSQL runs a CHECKPOINT; MariaDB/MySQL is polled until fewer than 1,000 buffer pool
   * pages are dirty.
   *
   * @return seconds waited
   */
  double settle(double maxSeconds) {
    long t0 = System.nanoTime();
    try {
      if (kind == Kind.PG) {
        exec("CHECKPOINT");
      } else {
        while (System.nanoTime() - t0 < maxSeconds * 1e9
            && queryLong(
                    "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
                        + " WHERE VARIABLE_NAME = 'INNODB_BUFFER_POOL_PAGES_DIRTY'")
                >= 1_000) {
          Thread.sleep(500);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IllegalStateException e) {
      System.err.println("  cannot wait for " + this + " to write back: " + e.getMessage());
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  @Override
  public void close() {
    pool.close();
  }

  @Override
  public String toString() {
    return product;
  }
}
