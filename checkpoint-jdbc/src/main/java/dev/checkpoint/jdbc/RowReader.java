package dev.checkpoint.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Reads the current row of a result into a {@link Row}: by index, one typed read a column.
 *
 * <p>Whole-number columns are read with {@code getObject}, whose class ({@code Integer} or {@code
 * Long}, by column type and driver) is what a row must hold. {@code getObject} costs about 10 % of
 * a MariaDB read of a table with two such columns (measured in checkpoint-bench), so once a
 * column's first non-null value has shown that class, the column is read with {@code getInt} or
 * {@code getLong} instead, boxed into that same class.
 */
final class RowReader {
  private static final byte LEARNING = 0;
  private static final byte AS_INTEGER = 1;
  private static final byte AS_LONG = 2;
  private static final byte AS_TYPE = 3;

  private final Columns columns;
  private final ColumnType[] types;
  private final byte[] modes;

  RowReader(List<Column> cols) {
    this.columns = new Columns(cols.stream().map(Column::name).toList());
    this.types = cols.stream().map(Column::type).toArray(ColumnType[]::new);
    this.modes = new byte[types.length];
    for (int i = 0; i < types.length; i++) {
      modes[i] = types[i] == ColumnType.INTEGER ? LEARNING : AS_TYPE;
    }
  }

  Row read(ResultSet rs) throws SQLException {
    Object[] values = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      int c = i + 1;
      switch (modes[i]) {
        case AS_INTEGER -> {
          int v = rs.getInt(c);
          values[i] = rs.wasNull() ? null : v;
        }
        case AS_LONG -> {
          long v = rs.getLong(c);
          values[i] = rs.wasNull() ? null : v;
        }
        case LEARNING -> {
          Object v = types[i].read(rs, c);
          if (v != null) {
            modes[i] = v instanceof Long ? AS_LONG : v instanceof Integer ? AS_INTEGER : AS_TYPE;
          }
          values[i] = v;
        }
        default -> values[i] = types[i].read(rs, c);
      }
    }
    return new Row(columns, values);
  }

  ColumnType[] types() {
    return types;
  }

  /** The row's values; the reader's own array, not a copy. */
  static Object[] valuesOf(Row row) {
    return row.rawValues();
  }
}
