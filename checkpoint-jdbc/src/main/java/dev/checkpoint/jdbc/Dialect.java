package dev.checkpoint.jdbc;

import dev.checkpoint.CheckpointException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The SQL dialects this module speaks. Detected from {@link DatabaseMetaData} and overridable where
 * a builder takes one. MariaDB is spoken as {@link #MYSQL}.
 */
public enum Dialect {
  /** MySQL and MariaDB: backtick quoting, the expanded OR keyset form, streaming row by row. */
  MYSQL('`') {
    @Override
    KeysetForm keysetForm() {
      // Measured (docs/strategies.md): MariaDB turns the OR form into an index range, but scans
      // the whole table for the row-value form.
      return KeysetForm.EXPANDED;
    }

    @Override
    PreparedStatement prepareStreaming(Connection c, String sql, int fetchSize)
        throws SQLException {
      PreparedStatement ps =
          c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
      // Connector/J streams row by row only with this value; useCursorFetch would make the
      // server materialise the whole result before the first row.
      ps.setFetchSize(Integer.MIN_VALUE);
      return ps;
    }

    @Override
    boolean bindsTemporalAsText() {
      // Connector/J sees MariaDB as "5.5.5-10.x" and drops the fraction of java.time values it
      // binds; a text literal keeps the microseconds and MySQL still compares it as a DATETIME.
      return true;
    }

    @Override
    String offsetClause() {
      return " LIMIT 18446744073709551615 OFFSET ?";
    }

    @Override
    String metadataCatalog(String schema) {
      return schema;
    }

    @Override
    String metadataSchema(String schema) {
      return null;
    }

    @Override
    boolean abortsUnfinishedStream() {
      // Closing an unfinished streaming result reads (and discards) the rest of it, ~0.45 µs a
      // row: minutes on a big table. Aborting the connection takes a few milliseconds.
      return true;
    }

    @Override
    String primaryKeySql() {
      return null; // Connector/J's getPrimaryKeys is one SHOW KEYS already
    }
  },

  /** PostgreSQL: double-quote quoting, the row-value keyset form, a cursor with a fetch size. */
  POSTGRES('"') {
    @Override
    KeysetForm keysetForm() {
      // Measured (docs/strategies.md): PostgreSQL turns the row-value form into an index range,
      // but filters the OR form from the start of the table.
      return KeysetForm.ROW_VALUE;
    }

    @Override
    PreparedStatement prepareStreaming(Connection c, String sql, int fetchSize)
        throws SQLException {
      // The driver only uses a cursor (bounded memory) inside a transaction.
      if (c.getAutoCommit()) {
        c.setAutoCommit(false);
      }
      PreparedStatement ps =
          c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
      ps.setFetchSize(fetchSize);
      PgStatements.useBinaryResults(ps);
      return ps;
    }

    @Override
    boolean bindsTemporalAsText() {
      return false;
    }

    @Override
    String offsetClause() {
      return " OFFSET ?";
    }

    @Override
    String metadataCatalog(String schema) {
      return null;
    }

    @Override
    String metadataSchema(String schema) {
      return schema;
    }

    @Override
    boolean abortsUnfinishedStream() {
      return false;
    }

    // The driver's getPrimaryKeys plans a generic catalog query: measured 1.2-1.9 ms against
    // 0.2-0.5 ms for this one, on every open of a keyed read.
    @Override
    String primaryKeySql() {
      return "SELECT a.attname, k.ord, ci.relname"
          + " FROM pg_catalog.pg_index i"
          + " JOIN pg_catalog.pg_class ci ON ci.oid = i.indexrelid"
          + " JOIN pg_catalog.pg_class ct ON ct.oid = i.indrelid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = ct.relnamespace"
          + " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)"
          + " JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
          + " WHERE i.indisprimary AND n.nspname = ? AND ct.relname = ?"
          + " ORDER BY k.ord";
    }
  };

  /** How a keyset predicate over several columns is written. */
  enum KeysetForm {
    /** {@code (k1, k2) > (?, ?)} */
    ROW_VALUE,
    /** {@code (k1 > ? OR (k1 = ? AND k2 > ?))} */
    EXPANDED
  }

  private final char quote;

  Dialect(char quote) {
    this.quote = quote;
  }

  /**
   * Quotes one identifier, doubling any embedded quote character. Every identifier this module puts
   * into SQL goes through here; values never do (they are bound).
   *
   * @param identifier a table, schema or column name, as is
   * @return the quoted identifier
   * @throws IllegalArgumentException if it is empty or holds a NUL character
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

  /**
   * {@code "schema"."table"}, or just {@code "table"} for an empty or null schema.
   *
   * @param schema the schema (the MySQL database), or empty or {@code null} for the current one
   * @param table the table
   * @return the quoted, qualified name
   */
  public String qualified(String schema, String table) {
    return schema == null || schema.isEmpty() ? quote(table) : quote(schema) + "." + quote(table);
  }

  /** The keyset predicate form that this database turns into an index range. */
  abstract KeysetForm keysetForm();

  /** A statement whose result is streamed with bounded memory. */
  abstract PreparedStatement prepareStreaming(Connection c, String sql, int fetchSize)
      throws SQLException;

  /** Whether date/time values are bound as text literals rather than java.time objects. */
  abstract boolean bindsTemporalAsText();

  /** Appended after ORDER BY to skip a bound number of rows on the server. */
  abstract String offsetClause();

  /** The catalog argument of {@link DatabaseMetaData} calls for a schema (database). */
  abstract String metadataCatalog(String schema);

  /** The schema argument of {@link DatabaseMetaData} calls for a schema (database). */
  abstract String metadataSchema(String schema);

  /** Whether a stream closed before its end is cut by aborting the connection. */
  abstract boolean abortsUnfinishedStream();

  /**
   * A query for a table's primary key (parameters: schema, table; columns: column name, position in
   * the key, constraint name, in key order), or null to ask {@link DatabaseMetaData}.
   */
  abstract String primaryKeySql();

  /**
   * The dialect of the database behind the connection.
   *
   * @param connection an open connection; it is not closed
   * @return the dialect
   * @throws dev.checkpoint.CheckpointException if the database is neither MySQL/MariaDB nor
   *     PostgreSQL, or its metadata cannot be read
   */
  public static Dialect detect(Connection connection) {
    try {
      return of(connection.getMetaData().getDatabaseProductName());
    } catch (SQLException e) {
      throw new CheckpointException("cannot read database metadata to detect the dialect", e);
    }
  }

  /**
   * The dialect of the database behind the data source (opens and closes one connection).
   *
   * @param dataSource the data source
   * @return the dialect
   * @throws dev.checkpoint.CheckpointException if no connection can be had, or the database is
   *     neither MySQL/MariaDB nor PostgreSQL
   */
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
