package dev.checkpoint.testkit;

import dev.checkpoint.testkit.TestDatabases.Kind;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers a test module may bring on its class path: Testcontainers and embedded PostgreSQL.
 * The classes that name them ({@link JdbcContainers}, {@link MongoContainers}, {@link
 * EmbeddedPostgresServer}) are loaded only after their library was found, so a module without it
 * never sees a NoClassDefFoundError.
 */
final class OptionalServers {
  private static final Logger LOG = LoggerFactory.getLogger(OptionalServers.class);

  private OptionalServers() {}

  /** A started server's URL: Testcontainers where Docker runs, else (PostgreSQL) embedded. */
  static Optional<String> jdbc(Kind kind) {
    String container =
        kind == Kind.MYSQL
            ? "org.testcontainers.containers.MySQLContainer"
            : "org.testcontainers.containers.PostgreSQLContainer";
    if (present(container) && JdbcContainers.dockerAvailable()) {
      String url = JdbcContainers.start(kind);
      LOG.info("{} tests use a Testcontainers server", kind);
      return Optional.of(url);
    }
    if (kind == Kind.POSTGRES && present("io.zonky.test.db.postgres.embedded.EmbeddedPostgres")) {
      return EmbeddedPostgresServer.start();
    }
    return Optional.empty();
  }

  /** A one-node MongoDB replica set in a container, or empty without Testcontainers or Docker. */
  static Optional<MongoContainers.Started> mongo() {
    if (present("org.testcontainers.containers.MongoDBContainer")
        && MongoContainers.dockerAvailable()) {
      return Optional.of(MongoContainers.start());
    }
    return Optional.empty();
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, OptionalServers.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
