package dev.checkpoint;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Where a table's read stands. Exactly one of four kinds:
 *
 * <ul>
 *   <li>{@link Keyed}: the ordered key columns and their last committed values (the seeds' {@code
 *       RdbSnapshot});
 *   <li>{@link RowOffset}: how many rows of a deterministic ordered read were committed, with a
 *       fingerprint of the last one so a changed source is detected;
 *   <li>{@link Finished}: the table is done (the seeds' {@code RdbSnapshotFinished});
 *   <li>{@link None}: nothing to resume from.
 * </ul>
 */
public sealed interface Position {

  /**
   * A keyed position on one or more key columns.
   *
   * @param columns the key columns in key order, with their last committed values
   * @return the position
   * @throws IllegalArgumentException if {@code columns} is empty
   */
  static Keyed keyed(List<KeyColumn> columns) {
    return new Keyed(columns);
  }

  /**
   * A keyed position on one key column.
   *
   * @param column the key column
   * @param value its last committed value as text, or {@code null} for SQL NULL
   * @return the position
   */
  static Keyed keyed(String column, String value) {
    return new Keyed(List.of(new KeyColumn(column, value)));
  }

  /**
   * A row-offset position.
   *
   * @param rows rows committed so far, at least 0
   * @param lastRowFingerprint a digest of the last committed row; {@code null} only when {@code
   *     rows} is 0
   * @return the position
   * @throws IllegalArgumentException if {@code rows} is negative, or the fingerprint is missing
   *     after rows
   */
  static RowOffset rowOffset(long rows, String lastRowFingerprint) {
    return new RowOffset(rows, lastRowFingerprint);
  }

  /**
   * The finished mark: the table is done.
   *
   * @return the single finished position
   */
  static Finished finished() {
    return Finished.INSTANCE;
  }

  /**
   * No position: nothing to resume from.
   *
   * @return the single empty position
   */
  static None none() {
    return None.INSTANCE;
  }

  /** Last committed key values, in key order. One column or many. */
  record Keyed(List<KeyColumn> columns) implements Position {
    /**
     * Checks the columns and keeps an unmodifiable copy.
     *
     * @param columns the key columns in key order, at least one
     * @throws IllegalArgumentException if there is no column
     */
    public Keyed {
      Objects.requireNonNull(columns, "columns");
      if (columns.isEmpty()) {
        throw new IllegalArgumentException("a keyed position needs at least one column");
      }
      columns = List.copyOf(columns);
    }

    /**
     * The key column names in key order.
     *
     * @return the names, one per key column
     */
    public List<String> names() {
      return columns.stream().map(KeyColumn::name).collect(Collectors.toList());
    }

    /**
     * The values in key order; an element is {@code null} for a SQL NULL.
     *
     * @return the values, one per key column
     */
    public List<String> values() {
      return columns.stream().map(KeyColumn::value).collect(Collectors.toList());
    }

    /**
     * Whether the key has more than one column.
     *
     * @return true for a composite key
     */
    public boolean isComposite() {
      return columns.size() > 1;
    }
  }

  /**
   * Rows committed so far of a deterministic ordered read.
   *
   * @param rows committed rows, at least 0
   * @param lastRowFingerprint a digest of the last committed row; {@code null} only when {@code
   *     rows == 0}
   */
  record RowOffset(long rows, String lastRowFingerprint) implements Position {
    /**
     * Checks the row count and the fingerprint.
     *
     * @param rows committed rows, at least 0
     * @param lastRowFingerprint a digest of the last committed row; {@code null} only when {@code
     *     rows} is 0
     * @throws IllegalArgumentException if {@code rows} is negative, or the fingerprint is missing
     *     after rows
     */
    public RowOffset {
      if (rows < 0) {
        throw new IllegalArgumentException("rows must be >= 0, was " + rows);
      }
      if (rows > 0 && (lastRowFingerprint == null || lastRowFingerprint.isEmpty())) {
        throw new IllegalArgumentException("lastRowFingerprint is required when rows > 0");
      }
    }
  }

  /** The table is done; a restart skips it. */
  final class Finished implements Position {
    static final Finished INSTANCE = new Finished();

    private Finished() {}

    @Override
    public String toString() {
      return "Finished";
    }
  }

  /** No position: read from the beginning. */
  final class None implements Position {
    static final None INSTANCE = new None();

    private None() {}

    @Override
    public String toString() {
      return "None";
    }
  }
}
