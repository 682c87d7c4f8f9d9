package dev.checkpoint;

import java.util.Objects;
import java.util.Optional;

/**
 * What to do with one table on this run: skip it (finished), read it from a position, or read it
 * from the beginning.
 *
 * @param table the table
 * @param finished the table is done: skip it
 * @param position where to resume; empty when reading from the beginning (or finished)
 * @param source where the decision came from ({@code position.log:3}, {@code resume.config:1},
 *     ...), or empty
 */
public record ResumeDecision(
    TableRef table, boolean finished, Optional<Position> position, Optional<String> source) {

  /**
   * Checks the parts: none may be null.
   *
   * @param table the table
   * @param finished the table is done: skip it
   * @param position where to resume; empty when reading from the beginning (or finished)
   * @param source where the decision came from, or empty
   */
  public ResumeDecision {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(source, "source");
  }

  /**
   * A decision to read the whole table from the beginning.
   *
   * @param table the table
   * @return a decision that is not finished and has no position
   */
  public static ResumeDecision fromStart(TableRef table) {
    return new ResumeDecision(table, false, Optional.empty(), Optional.empty());
  }

  /**
   * Reading resumes mid-table.
   *
   * @return true when the table is not finished and has a position to resume after
   */
  public boolean resumes() {
    return !finished && position.isPresent();
  }
}
