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
  public Batch {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(position, "position");
  }

  public int size() {
    return rows.size();
  }
}
