package dev.checkpoint.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases the examples' integration tests run on, the same as the other modules' tests,
 * found once per JVM: the URL in {@code CHECKPOINT_MYSQL_URL} / {@code CHECKPOINT_PG_URL} (CI sets
 * them), else the local server on its default port, else (PostgreSQL only) an embedded server.
 * Nothing found: the test fails when {@code CI} is set, and is skipped with a loud message
 * otherwise.
 */
final class TestDatabases {
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
  private static final List<String[]> CREATED = new ArrayList<>();

  private TestDatabases() {}

  static synchronized DataSource dataSource(Kind kind) {
    HikariDataSource ds = POOLS.get(kind);
    if (ds == null) {
      HikariConfig cfg = new HikariConfig();
      cfg.setJdbcUrl(url(kind));
      cfg.setMaximumPoolSize(6);
      cfg.setPoolName("examples-" + kind.name().toLowerCase());
      ds = new HikariDataSource(cfg);
      POOLS.put(kind, ds);
    }
    return ds;
  }

  /**
   * A schema (PostgreSQL) or database (MySQL) name no other test uses; the example creates it, and
   * it is dropped when the test JVM exits, so the shared test databases do not fill up.
   */
  static String freshName(Kind kind, String prefix) {
    String name = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    synchronized (CREATED) {
      if (CREATED.isEmpty()) {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropCreated));
      }
      CREATED.add(new String[] {kind.name(), name});
    }
    return name;
  }

  private static void dropCreated() {
    synchronized (CREATED) {
      for (String[] created : CREATED) {
        Kind kind = Kind.valueOf(created[0]);
        String url = URLS.get(kind);
        if (url == null) {
          continue;
        }
        try (Connection c = DriverManager.getConnection(url);
            java.sql.Statement s = c.createStatement()) {
          s.execute(kind == Kind.MYSQL
              ? "DROP DATABASE IF EXISTS `" + created[1] + "`"
              : "DROP SCHEMA IF EXISTS \"" + created[1] + "\" CASCADE");
        } catch (SQLException e) {
          // best effort: a leftover schema is harmless, its name is unique
        }
      }
    }
  }

  /** The JDBC URL of the kind's test database, user and password as URL parameters. */
  static synchronized String url(Kind kind) {
    String url = URLS.get(kind);
    if (url == null) {
      url = find(kind);
      URLS.put(kind, url);
    }
    return url;
  }

  private static String find(Kind kind) {
    String env = System.getenv(kind.env);
    if (env != null && !env.isBlank()) {
      if (!connects(env)) {
        throw new IllegalStateException(kind.env + " is set but its database does not answer");
      }
      return env;
    }
    if (connects(kind.localDefault)) {
      return kind.localDefault;
    }
    if (kind == Kind.POSTGRES) {
      try {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            pg.close();
          } catch (Exception ignored) {
            // the JVM is exiting anyway
          }
        }));
        return pg.getJdbcUrl("postgres", "postgres");
      } catch (Exception e) {
        System.err.println("embedded PostgreSQL did not start: " + e);
      }
    }
    String message = "No " + kind + " server for the examples' tests: set " + kind.env
        + " to a JDBC URL (user and password as URL parameters) or start the local server";
    if (System.getenv("CI") != null) {
      throw new IllegalStateException(message + " (CI is set, so this fails instead of skipping)");
    }
    System.err.println("\n*** SKIPPED: " + message + " ***\n");
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
}
