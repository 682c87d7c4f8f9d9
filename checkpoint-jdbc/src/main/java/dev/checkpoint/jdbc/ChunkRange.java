package dev.checkpoint.jdbc;

import dev.checkpoint.InvalidPositionException;
import dev.checkpoint.chunk.Chunk;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The WHERE condition that selects a chunk's rows, with its bounds parsed and ready to bind with
 * the partition column's type: {@code c > ? AND c <= ?} (a missing bound left out), or {@code c IS
 * NULL} for the NULL chunk. The database compares the values; Java only parses and binds them.
 *
 * @param condition the SQL condition, with a {@code ?} per value
 * @param values the values to bind, in order
 * @param sqlTypes the target SQL type of each value, {@link Types#NULL} to let the driver pick
 */
record ChunkRange(String condition, List<Object> values, List<Integer> sqlTypes) {
  ChunkRange {
    values = List.copyOf(values);
    sqlTypes = List.copyOf(sqlTypes);
  }

  /**
   * @param column the chunk's partition column, found in the relation
   * @throws InvalidPositionException if a bound does not parse as the column's type
   */
  static ChunkRange of(Chunk chunk, Column column, Dialect d) {
    String c = d.quote(column.name());
    if (chunk.nulls()) {
      return new ChunkRange(c + " IS NULL", List.of(), List.of());
    }
    List<String> conds = new ArrayList<>(2);
    List<Object> values = new ArrayList<>(2);
    List<Integer> types = new ArrayList<>(2);
    if (chunk.lo() != null) {
      conds.add(c + " > ?");
      values.add(bindable(column, chunk.lo(), d, "lower bound of " + chunk.describe()));
      types.add(column.type().bindSqlType(d));
    }
    if (chunk.hi() != null) {
      conds.add(c + " <= ?");
      values.add(bindable(column, chunk.hi(), d, "upper bound of " + chunk.describe()));
      types.add(column.type().bindSqlType(d));
    }
    // The first and only range of a one-chunk plan: every row with a value.
    return new ChunkRange(
        conds.isEmpty() ? c + " IS NOT NULL" : String.join(" AND ", conds), values, types);
  }

  /**
   * A value of the column, given as text as positions hold it, as {@code setObject} takes it.
   *
   * @param what where the text comes from, for the message: {@code lower bound of <chunk>}
   * @throws InvalidPositionException naming the column, the value and what it should look like
   */
  static Object bindable(Column column, String text, Dialect d, String what) {
    try {
      return column.type().bindValue(column.type().decode(text, d), d);
    } catch (IllegalArgumentException e) {
      throw new InvalidPositionException(
          "Invalid value \""
              + text
              + "\" for partition column "
              + column.describe()
              + " as the "
              + what
              + ": "
              + e.getMessage());
    }
  }

  /** Binds a value made by {@link #bindable} with the column's type as parameter {@code i}. */
  static void bind(PreparedStatement ps, int i, Column column, Object value, Dialect d)
      throws SQLException {
    int type = column.type().bindSqlType(d);
    if (type == Types.NULL) {
      ps.setObject(i, value);
    } else {
      ps.setObject(i, value, type);
    }
  }
}
