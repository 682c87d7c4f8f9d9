package dev.checkpoint.jdbc;

import dev.checkpoint.CheckpointException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The SQL dialects this module speaks. Detected from {@link DatabaseMetaData} and overridable
 * where a builder takes one. MariaDB is spoken as {@link #MYSQL}.
 */
public enum Dialect {
  MYSQL('`'),
  POSTGRES('"');

  private final char quote;

  Dialect(char quote) {
    this.quote = quote;
  }

  /**
   * Quotes one identifier, doubling any embedded quote character. Every identifier this module
   * puts into SQL goes through here; values never do (they are bound).
   */
  public String quote(String identifier) {
    if (identifier == null || identifier.isEmpty()) {
      throw new IllegalArgumentException("identifier must not be empty");
    }
    if (identifier.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("identifier must not contain NUL: " + identifier);
    }
    String q = String.valueOf(quote);
    return q + identifier.replace(q, q + q) + q;
  }

  /** {@code "schema"."table"}, or just {@code "table"} for an empty or null schema. */
  public String qualified(String schema, String table) {
    return schema == null || schema.isEmpty() ? quote(table) : quote(schema) + "." + quote(table);
  }

  /** The dialect of the database behind the connection. */
  public static Dialect detect(Connection connection) {
    try {
      return of(connection.getMetaData().getDatabaseProductName());
    } catch (SQLException e) {
      throw new CheckpointException("cannot read database metadata to detect the dialect", e);
    }
  }

  /** The dialect of the database behind the data source (opens and closes one connection). */
  public static Dialect detect(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      return detect(c);
    } catch (SQLException e) {
      throw new CheckpointException("cannot connect to detect the dialect: " + e.getMessage(), e);
    }
  }

  static Dialect of(String productName) {
    String p = productName.toLowerCase(Locale.ROOT);
    if (p.contains("mysql") || p.contains("mariadb")) {
      return MYSQL;
    }
    if (p.contains("postgres")) {
      return POSTGRES;
    }
    throw new CheckpointException(
        "unsupported database \"" + productName + "\" (supported: MySQL, MariaDB, PostgreSQL)");
  }
}
