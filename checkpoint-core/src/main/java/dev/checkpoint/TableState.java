package dev.checkpoint;

import java.util.Objects;
import java.util.Optional;

/**
 * What the configured sources say about one table: its position (if any), whether it is finished,
 * and where each of those came from ({@code position.log:12}, {@code resume.config:4}, a store
 * table name, ...).
 */
public final class TableState {
  private final TableRef table;
  private final Position position;
  private final String positionSource;
  private final boolean finished;
  private final String finishedSource;

  TableState(
      TableRef table,
      Position position,
      String positionSource,
      boolean finished,
      String finishedSource) {
    this.table = Objects.requireNonNull(table, "table");
    this.position = position;
    this.positionSource = positionSource;
    this.finished = finished;
    this.finishedSource = finishedSource;
  }

  /**
   * The table.
   *
   * @return the table
   */
  public TableRef table() {
    return table;
  }

  /**
   * The position to resume from: a {@link Position.Keyed} or {@link Position.RowOffset}.
   *
   * @return the position, or empty if no source has one
   */
  public Optional<Position> position() {
    return Optional.ofNullable(position);
  }

  /**
   * Where the position came from, e.g. {@code position.log:12}.
   *
   * @return the source, or empty if there is no position or it is not known
   */
  public Optional<String> positionSource() {
    return Optional.ofNullable(positionSource);
  }

  /**
   * Whether a source marked the table finished.
   *
   * @return true if it is finished
   */
  public boolean finished() {
    return finished;
  }

  /**
   * Where the finished mark came from, e.g. {@code finished.log:3}.
   *
   * @return the source, or empty if it is not finished or it is not known
   */
  public Optional<String> finishedSource() {
    return Optional.ofNullable(finishedSource);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TableState other
        && table.equals(other.table)
        && Objects.equals(position, other.position)
        && Objects.equals(positionSource, other.positionSource)
        && finished == other.finished
        && Objects.equals(finishedSource, other.finishedSource);
  }

  @Override
  public int hashCode() {
    return Objects.hash(table, position, finished);
  }

  @Override
  public String toString() {
    return table
        + (finished ? " finished (" + finishedSource + ")" : "")
        + (position != null ? " at " + position + " (" + positionSource + ")" : "");
  }
}
