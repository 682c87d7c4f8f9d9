package dev.checkpoint.testkit;

import dev.checkpoint.testkit.TestDatabases.Kind;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.containers.PostgreSQLContainer;

/** MySQL 8.4 and PostgreSQL 16 in containers; loaded only where Testcontainers is present. */
final class JdbcContainers {
  private JdbcContainers() {}

  static boolean dockerAvailable() {
    return DockerClientFactory.instance().isDockerAvailable();
  }

  /** Starts the kind's container (it lives as long as the JVM) and returns its URL. */
  static String start(Kind kind) {
    JdbcDatabaseContainer<?> c =
        kind == Kind.MYSQL
            ? new MySQLContainer<>("mysql:8.4")
            : new PostgreSQLContainer<>("postgres:16");
    c.start();
    return c.getJdbcUrl()
        + (c.getJdbcUrl().contains("?") ? "&" : "?")
        + "user="
        + c.getUsername()
        + "&password="
        + c.getPassword();
  }
}
