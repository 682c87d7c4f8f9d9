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

  public ResumeDecision {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(source, "source");
  }

  /** A decision to read the whole table from the beginning. */
  public static ResumeDecision fromStart(TableRef table) {
    return new ResumeDecision(table, false, Optional.empty(), Optional.empty());
  }

  /** Reading resumes mid-table. */
  public boolean resumes() {
    return !finished && position.isPresent();
  }
}
