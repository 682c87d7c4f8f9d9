package dev.checkpoint.examples;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import javax.sql.DataSource;

/**
 * The database an example runs on: the JDBC URL given (user and password as URL parameters), or
 * else an embedded PostgreSQL started for the run, so that every example needs nothing installed.
 */
final class ExampleDatabase implements AutoCloseable {
  private final EmbeddedPostgres embedded;
  private final HikariDataSource pool;

  private ExampleDatabase(EmbeddedPostgres embedded, String url) {
    this.embedded = embedded;
    this.pool = new HikariDataSource();
    pool.setJdbcUrl(url);
    pool.setMaximumPoolSize(6);
  }

  /**
   * @param url a JDBC URL, or null for an embedded PostgreSQL
   */
  static ExampleDatabase open(String url, PrintStream out) throws IOException {
    if (url != null) {
      return new ExampleDatabase(null, url);
    }
    out.println(
        "Starting an embedded PostgreSQL (server binaries from Maven Central); pass a JDBC URL to use another database");
    EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
    return new ExampleDatabase(pg, pg.getJdbcUrl("postgres", "postgres"));
  }

  DataSource dataSource() {
    return pool;
  }

  @Override
  public void close() throws IOException {
    pool.close();
    if (embedded != null) {
      embedded.close();
    }
  }
}
