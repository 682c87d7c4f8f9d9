package dev.checkpoint.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The real databases the integration tests run against, found once per JVM in this order:
 *
 * <ol>
 *   <li>a JDBC URL in {@code CHECKPOINT_MYSQL_URL} / {@code CHECKPOINT_PG_URL} (CI sets these to
 *       the machine's MariaDB and PostgreSQL);
 *   <li>the machine's own server on its default port ({@code 127.0.0.1:3306} as root, {@code
 *       127.0.0.1:5432} as postgres), if it answers;
 *   <li>Testcontainers (MySQL 8, PostgreSQL 16) where a Docker engine runs;
 *   <li>for PostgreSQL, an embedded server from Maven-shipped binaries.
 * </ol>
 *
 * If none is found the test fails when {@code CI} is set, and is skipped with a loud message
 * otherwise.
 */
final class TestDatabases {
  private static final Logger LOG = LoggerFactory.getLogger(TestDatabases.class);

  enum Kind {
    MYSQL("CHECKPOINT_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/test?user=root&useSSL=false&allowPublicKeyRetrieval=true"),
    POSTGRES("CHECKPOINT_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    final String env;
    final String localDefault;

    Kind(String env, String localDefault) {
      this.env = env;
      this.localDefault = localDefault;
    }
  }

  private static final Map<Kind, HikariDataSource> POOLS = new EnumMap<>(Kind.class);
  private static final Map<Kind, String> URLS = new EnumMap<>(Kind.class);

  private TestDatabases() {}

  /** A pooled data source on the kind's test database (4 connections, shared per JVM). */
  static synchronized DataSource dataSource(Kind kind) {
    HikariDataSource ds = POOLS.get(kind);
    if (ds == null) {
      HikariConfig cfg = new HikariConfig();
      cfg.setJdbcUrl(url(kind));
      cfg.setMaximumPoolSize(4);
      cfg.setPoolName("test-" + kind.name().toLowerCase());
      ds = new HikariDataSource(cfg);
      POOLS.put(kind, ds);
    }
    return ds;
  }

  /** The JDBC URL of the kind's test database, with user and password as URL parameters. */
  static synchronized String url(Kind kind) {
    String url = URLS.get(kind);
    if (url == null) {
      url = find(kind);
      URLS.put(kind, url);
    }
    return url;
  }

  /**
   * Creates a database (MySQL) or schema (PostgreSQL) with a unique name starting with {@code
   * prefix} and returns the name. Test classes use it so they never see each other's tables.
   */
  static String freshSchema(Kind kind, String prefix) {
    String name = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection c = dataSource(kind).getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          kind == Kind.MYSQL
              ? "CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
              : "CREATE SCHEMA \"" + name + "\"");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test schema " + name + ": " + e.getMessage(), e);
    }
    return name;
  }

  private static String find(Kind kind) {
    String fromEnv = System.getenv(kind.env);
    if (fromEnv != null && !fromEnv.isBlank()) {
      requireConnects(fromEnv, kind.env);
      return fromEnv;
    }
    if (connects(kind.localDefault)) {
      LOG.info("{} tests use the local server at {}", kind, kind.localDefault);
      return kind.localDefault;
    }
    if (DockerClientFactory.instance().isDockerAvailable()) {
      JdbcDatabaseContainer<?> c =
          kind == Kind.MYSQL ? new MySQLContainer<>("mysql:8.4") : new PostgreSQLContainer<>("postgres:16");
      c.start();
      String url = c.getJdbcUrl() + (c.getJdbcUrl().contains("?") ? "&" : "?")
          + "user=" + c.getUsername() + "&password=" + c.getPassword();
      LOG.info("{} tests use a Testcontainers server", kind);
      return url;
    }
    if (kind == Kind.POSTGRES) {
      try {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            pg.close();
          } catch (Exception ignored) {
            // the JVM is exiting
          }
        }));
        LOG.info("{} tests use an embedded PostgreSQL on port {}", kind, pg.getPort());
        return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres?user=postgres";
      } catch (Exception e) {
        LOG.warn("embedded PostgreSQL did not start: {}", e.toString());
      }
    }
    String message =
        "No " + kind + " server for the integration tests: set " + kind.env
            + " to a JDBC URL (user and password as URL parameters), start the local server, or run Docker";
    if (System.getenv("CI") != null) {
      throw new IllegalStateException(message + " (CI is set, so this fails instead of skipping)");
    }
    LOG.error("SKIPPING: {}", message);
    Assumptions.abort(message);
    return null;
  }

  private static boolean connects(String url) {
    DriverManager.setLoginTimeout(3);
    try (Connection c = DriverManager.getConnection(url)) {
      return c.isValid(3);
    } catch (SQLException e) {
      return false;
    }
  }

  private static void requireConnects(String url, String env) {
    DriverManager.setLoginTimeout(10);
    try (Connection c = DriverManager.getConnection(url)) {
      c.isValid(5);
    } catch (SQLException e) {
      throw new IllegalStateException(
          env + " is set but its database does not answer: " + e.getMessage(), e);
    }
  }
}
