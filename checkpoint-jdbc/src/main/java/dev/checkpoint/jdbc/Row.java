package dev.checkpoint.jdbc;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One row read by a JDBC source: the values of {@code SELECT *} (or of the user's query) in column
 * order. The column names are shared by every row of a read, so a row costs one array.
 *
 * <p>Values are the Java types the reader binds back exactly: {@code Integer}/{@code Long} (and
 * {@code BigInteger} for MySQL BIGINT UNSIGNED), {@code BigDecimal}, {@code Float}/{@code Double},
 * {@code LocalDate}, {@code LocalTime}, {@code LocalDateTime} (timestamp without time zone, MySQL
 * DATETIME and TIMESTAMP), {@code OffsetDateTime} (PostgreSQL timestamptz), {@code String}, {@code
 * byte[]}, {@code UUID} (PostgreSQL uuid), {@code Boolean}; other types as the driver's {@code
 * getObject} returns them. SQL NULL is {@code null}.
 */
public final class Row {
  private final Columns columns;
  private final Object[] values;

  Row(Columns columns, Object[] values) {
    this.columns = columns;
    this.values = values;
  }

  /**
   * The column names, in order; the same list for every row of a read.
   *
   * @return the names; unmodifiable
   */
  public List<String> columns() {
    return columns.names();
  }

  /**
   * The number of columns.
   *
   * @return the column count
   */
  public int size() {
    return values.length;
  }

  /**
   * The value of the column at a 0-based index.
   *
   * @param index the column's index, from 0
   * @return the value as the driver read it, or {@code null} for SQL NULL
   * @throws IndexOutOfBoundsException outside {@code 0..size()-1}
   */
  public Object get(int index) {
    return values[index];
  }

  /**
   * The value of the named column (exact name, as {@link #columns()} lists it).
   *
   * @param column the column name
   * @return the value as the driver read it, or {@code null} for SQL NULL
   * @throws IllegalArgumentException naming the column and the columns there are
   */
  public Object get(String column) {
    int i = columns.indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException(
          "no column \"" + column + "\" in this row; columns are " + columns.names());
    }
    return values[i];
  }

  Object[] rawValues() {
    return values;
  }

  /**
   * The values in column order, as an unmodifiable list.
   *
   * @return the values
   */
  public List<Object> values() {
    return Collections.unmodifiableList(Arrays.asList(values));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Row other
        && columns.names().equals(other.columns.names())
        && Arrays.deepEquals(values, other.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(columns.names(), Arrays.deepHashCode(values));
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Row{");
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(columns.names().get(i)).append('=');
      Object v = values[i];
      b.append(v instanceof byte[] bytes ? "0x" + java.util.HexFormat.of().formatHex(bytes) : v);
    }
    return b.append('}').toString();
  }
}
