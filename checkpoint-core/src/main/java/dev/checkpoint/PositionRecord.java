package dev.checkpoint;

import java.util.Objects;

/**
 * A position together with the table it belongs to: one line of position.log, finished.log or
 * resume.config, or one row of a position table.
 */
public record PositionRecord(TableRef table, Position position) {
  /**
   * Checks the parts: neither may be null.
   *
   * @param table the table
   * @param position its position
   */
  public PositionRecord {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(position, "position");
  }
}
