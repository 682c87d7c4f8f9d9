package dev.checkpoint.testkit.pipeline;

import javax.sql.DataSource;

/**
 * A PostgreSQL schema of one test, from {@link PipelineFixtures}: empty at the start, dropped at
 * the end. Its data source's connections have the schema as their {@code search_path}, so
 * unqualified table names land in it.
 *
 * @param dataSource connections to the schema (a new connection per call, not pooled)
 * @param schema the schema's name
 * @param url the JDBC URL of the data source, user and password as URL parameters; never logged
 */
public record PgSchema(DataSource dataSource, String schema, String url) {
  @Override
  public String toString() {
    // the URL may carry a password
    return "PgSchema[" + schema + "]";
  }
}
