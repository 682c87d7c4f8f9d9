package dev.checkpoint;

import java.util.List;
import java.util.Objects;

/**
 * Rows read from a source together with the position that is committed once the batch is.
 *
 * @param rows the rows, in read order
 * @param position the position after the last row; {@link Position#none()} for a source that
 *     records none (strategy NONE)
 */
public record Batch<T>(List<T> rows, Position position) {
  /**
   * Checks the parts: neither may be null.
   *
   * @param rows the rows, in read order
   * @param position the position after the last row
   */
  public Batch {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(position, "position");
  }

  /**
   * The number of rows in the batch.
   *
   * @return the number of rows, 0 for an empty batch
   */
  public int size() {
    return rows.size();
  }
}
