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

  public TableRef table() {
    return table;
  }

  /** The position to resume from: a {@link Position.Keyed} or {@link Position.RowOffset}. */
  public Optional<Position> position() {
    return Optional.ofNullable(position);
  }

  public Optional<String> positionSource() {
    return Optional.ofNullable(positionSource);
  }

  public boolean finished() {
    return finished;
  }

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
