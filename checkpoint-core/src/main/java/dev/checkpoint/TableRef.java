package dev.checkpoint;

import java.util.Comparator;
import java.util.Objects;

/**
 * The unit of resumable work: a table or collection in a database of some type.
 *
 * <p>Names are arbitrary strings and are never interpreted: {@code test_db_@}, {@code
 * finished_table_*$1}, names with quotes, dashes, spaces or non-ASCII characters are all fine.
 *
 * @param dbType the source type as written in positions: {@code mysql}, {@code pg}, {@code mongo},
 *     ...
 * @param schema the schema (the database for MySQL and MongoDB)
 * @param table the table or collection
 */
public record TableRef(String dbType, String schema, String table) implements Comparable<TableRef> {

  private static final Comparator<TableRef> ORDER =
      Comparator.comparing(TableRef::schema)
          .thenComparing(TableRef::table)
          .thenComparing(TableRef::dbType);

  /**
   * Checks the names: none may be null, and the db type and table may not be empty.
   *
   * @param dbType the source type as written in positions
   * @param schema the schema (the database for MySQL and MongoDB)
   * @param table the table or collection
   * @throws NullPointerException if a name is null
   * @throws IllegalArgumentException if {@code dbType} or {@code table} is empty
   */
  public TableRef {
    Objects.requireNonNull(dbType, "dbType");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(table, "table");
    if (dbType.isEmpty()) {
      throw new IllegalArgumentException("dbType must not be empty");
    }
    if (table.isEmpty()) {
      throw new IllegalArgumentException("table must not be empty");
    }
  }

  /**
   * A table reference.
   *
   * @param dbType the source type as written in positions: {@code mysql}, {@code pg}, {@code
   *     mongo}, ...
   * @param schema the schema (the database for MySQL and MongoDB); may be empty
   * @param table the table or collection
   * @return the reference
   * @throws IllegalArgumentException if {@code dbType} or {@code table} is empty
   */
  public static TableRef of(String dbType, String schema, String table) {
    return new TableRef(dbType, schema, table);
  }

  /** Sorted by schema, then table, then db type: the order {@code show} prints. */
  @Override
  public int compareTo(TableRef other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return dbType + ":" + schema + "." + table;
  }
}
