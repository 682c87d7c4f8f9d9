package dev.checkpoint.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Reads the current row of a result into a {@link Row}: by index, one typed read a column. */
final class RowReader {
  private final Columns columns;
  private final ColumnType[] types;

  RowReader(List<Column> cols) {
    this.columns = new Columns(cols.stream().map(Column::name).toList());
    this.types = cols.stream().map(Column::type).toArray(ColumnType[]::new);
  }

  Row read(ResultSet rs) throws SQLException {
    Object[] values = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      values[i] = types[i].read(rs, i + 1);
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
