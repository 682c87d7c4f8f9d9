package dev.checkpoint.jdbc;

import dev.checkpoint.CheckpointException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes batches of {@link Row}s into one target table in the fastest form its database takes: COPY
 * on PostgreSQL ({@link PostgresCopyWriter}), multi-row INSERTs on MySQL/MariaDB ({@link
 * MysqlRowWriter}). It never commits: the caller owns the transaction.
 *
 * <p>The target's columns and key are read on the first batch and kept while the rows keep the same
 * columns on the same kind of database: a batch costs no metadata query.
 */
final class TableWriter implements JdbcSinks.BatchWriter<Row> {

  /** What is done with a row whose key is already in the target. */
  enum Mode {
    /** Plain INSERT (COPY): a row already present fails the batch. */
    INSERT,
    /** Insert, or update every non-key column of the row already present. */
    UPSERT
  }

  /** How one database writes a batch, planned for one list of columns. */
  interface DialectWriter {
    void write(Connection c, List<Row> rows) throws SQLException;
  }

  private record Plan(Dialect dialect, List<String> columns, DialectWriter writer) {}

  private final String schema;
  private final String table;
  private final Mode mode;
  private final List<String> keys;
  private volatile Plan plan;

  /**
   * @param keys the upsert's key columns; empty for the target's primary key
   */
  TableWriter(String schema, String table, Mode mode, List<String> keys) {
    this.schema = schema;
    this.table = table;
    this.mode = mode;
    this.keys = List.copyOf(keys);
  }

  @Override
  public void write(Connection c, List<Row> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    List<String> columns = rows.get(0).columns();
    for (Row r : rows) {
      // A read's rows share one list, so this is an identity check but for mixed batches.
      if (r.columns() != columns && !r.columns().equals(columns)) {
        throw new CheckpointException(
            "rows written into "
                + describe(Dialect.detect(c))
                + " must all have the same columns: "
                + columns
                + " and "
                + r.columns());
      }
    }
    Dialect d = Dialect.detect(c);
    Plan p = plan;
    if (p == null || p.dialect() != d || !p.columns().equals(columns)) {
      p = plan(c, d, columns);
      plan = p;
    }
    try {
      p.writer().write(c, rows);
    } catch (SQLException e) {
      throw new CheckpointException(
          "cannot write " + rows.size() + " rows into " + describe(d) + ": " + e.getMessage(), e);
    }
  }

  private Plan plan(Connection c, Dialect d, List<String> columns) {
    Relation target = Relation.table(schema, table);
    List<Column> targetColumns = target.columns(c, d);
    List<String> names = targetColumns.stream().map(Column::name).toList();
    for (String col : columns) {
      if (!names.contains(col)) {
        throw new CheckpointException(
            "the rows have a column \""
                + col
                + "\" that "
                + describe(d)
                + " does not have; its columns are "
                + names);
      }
    }
    List<String> update = new ArrayList<>();
    List<String> key = List.of();
    if (mode == Mode.UPSERT) {
      key = keys.isEmpty() ? primaryKey(c, d, target) : keys;
      for (String k : key) {
        if (!columns.contains(k)) {
          throw new CheckpointException(
              "the upsert key column \""
                  + k
                  + "\" of "
                  + describe(d)
                  + " is not among the rows' columns "
                  + columns);
        }
      }
      for (String col : columns) {
        if (!key.contains(col)) {
          update.add(col);
        }
      }
    }
    String qualified = d.qualified(schema, table);
    DialectWriter writer =
        d == Dialect.POSTGRES
            ? new PostgresCopyWriter(
                qualified,
                quoted(d, columns),
                columns.stream()
                    .map(col -> targetColumns.get(names.indexOf(col)).typeName())
                    .toList(),
                mode == Mode.UPSERT ? quoted(d, key) : null,
                quoted(d, update))
            : MysqlRowWriter.of(
                c, qualified, quoted(d, columns), mode == Mode.UPSERT ? quoted(d, update) : null);
    return new Plan(d, List.copyOf(columns), writer);
  }

  private List<String> primaryKey(Connection c, Dialect d, Relation target) {
    return UniqueKeys.of(c, d, target)
        .primaryKey()
        .map(UniqueKeys.UniqueKey::columns)
        .orElseThrow(
            () ->
                new CheckpointException(
                    describe(d)
                        + " has no primary key for the upsert to match rows on; name the key columns"
                        + " with keys(...)"));
  }

  private static List<String> quoted(Dialect d, List<String> names) {
    return names.stream().map(d::quote).toList();
  }

  private String describe(Dialect d) {
    return "table " + d.qualified(schema, table);
  }

  @Override
  public String toString() {
    return (mode == Mode.INSERT ? "insert into " : "upsert into ")
        + (schema == null || schema.isEmpty() ? "" : schema + ".")
        + table
        + (keys.isEmpty() ? "" : " keys " + keys);
  }
}
