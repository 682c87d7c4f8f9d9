package dev.checkpoint.jdbc;

import dev.checkpoint.Strategy;
import javax.sql.DataSource;

/**
 * Entry points of the JDBC readers (MySQL, MariaDB, PostgreSQL).
 *
 * <pre>{@code
 * Source<Row> orders = JdbcSources.keyed(ds).table("shop", "orders").key("id").build();
 * checkpointer.run(TableRef.of("mysql", "shop", "orders"), orders, rows -> target.upsert(rows));
 * }</pre>
 *
 * Defaults: batch size 1000, PostgreSQL fetch size 1000, dialect detected, the table named by the
 * resume decision unless {@code table(...)} or {@code query(...)} says otherwise. See
 * docs/strategies.md for how each strategy reads and resumes.
 */
public final class JdbcSources {
  private JdbcSources() {}

  /**
   * KEY: keyset reads on the given key, or the primary key.
   *
   * @param dataSource the database to read; each read takes one connection for its whole length
   * @return a builder with strategy KEY
   */
  public static JdbcSource.Builder keyed(DataSource dataSource) {
    return new JdbcSource.Builder(dataSource, Strategy.KEY);
  }

  /**
   * ROW_SKIP: a deterministic ordered read; a resume skips the committed rows.
   *
   * @param dataSource the database to read; each read takes one connection for its whole length
   * @return a builder with strategy ROW_SKIP
   */
  public static JdbcSource.Builder rowSkip(DataSource dataSource) {
    return new JdbcSource.Builder(dataSource, Strategy.ROW_SKIP);
  }

  /**
   * AUTO: KEY on the given keys, else on the primary key, else on the smallest NOT NULL unique key,
   * else ROW_SKIP (on the given order, or all columns).
   *
   * @param dataSource the database to read; each read takes one connection for its whole length
   * @return a builder with strategy AUTO
   */
  public static JdbcSource.Builder auto(DataSource dataSource) {
    return new JdbcSource.Builder(dataSource, Strategy.AUTO);
  }

  /**
   * NONE: always the whole table from the beginning; no positions.
   *
   * @param dataSource the database to read; each read takes one connection for its whole length
   * @return a builder with strategy NONE
   */
  public static JdbcSource.Builder none(DataSource dataSource) {
    return new JdbcSource.Builder(dataSource, Strategy.NONE);
  }

  /**
   * A source with the strategy given, e.g. from configuration.
   *
   * @param dataSource the database to read; each read takes one connection for its whole length
   * @param strategy the strategy
   * @return a builder with that strategy
   */
  public static JdbcSource.Builder of(DataSource dataSource, Strategy strategy) {
    return new JdbcSource.Builder(dataSource, strategy);
  }
}
