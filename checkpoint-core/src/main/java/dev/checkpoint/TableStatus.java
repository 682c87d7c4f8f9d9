package dev.checkpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a table stands in a multi-table run (seed 003): pending, in progress with the rows so far,
 * completed with rows and duration, or failed with the error. Kept by the store beside the
 * positions, so the next run continues the previous run's counts.
 *
 * @param table the table
 * @param state the state
 * @param rows rows committed so far, over all runs
 * @param startedAt when the table was first started, if it was
 * @param updatedAt when this status was recorded
 * @param duration time spent reading the table so far, over all runs
 * @param error the error of a failed table, else {@code null}
 * @param atPosition a digest of the table's position that {@code rows} counts up to, or {@code
 *     null}: written by {@link Checkpointer} just before that position, so that a crash between
 *     the two writes is recognised on resume (the stored position then differs)
 * @param rowsBefore the rows as of the position recorded before that one: the count to resume
 *     with when {@code atPosition} did not reach the store; equal to {@code rows} when {@code
 *     atPosition} is {@code null}
 */
public record TableStatus(
    TableRef table,
    State state,
    long rows,
    Instant startedAt,
    Instant updatedAt,
    Duration duration,
    String error,
    String atPosition,
    long rowsBefore) {

  /** The states of seed 003's progress file. */
  public enum State {
    PENDING,
    IN_PROGRESS,
    COMPLETED,
    FAILED;

    /** {@code in_progress}: the form written in files and rows. */
    public String text() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static State parse(String text) {
      try {
        return valueOf(text.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown table state \"" + text + "\" (expected pending, in_progress, completed or failed)");
      }
    }
  }

  public TableStatus {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(duration, "duration");
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0, was " + rows);
    }
    if (state == State.FAILED && (error == null || error.isEmpty())) {
      throw new IllegalArgumentException("a failed status needs its error");
    }
    if (rowsBefore < 0 || rowsBefore > rows) {
      throw new IllegalArgumentException("rowsBefore must be between 0 and rows (" + rows + "), was " + rowsBefore);
    }
  }

  /** A status not bound to a position: {@code atPosition} null, {@code rowsBefore == rows}. */
  public TableStatus(
      TableRef table,
      State state,
      long rows,
      Instant startedAt,
      Instant updatedAt,
      Duration duration,
      String error) {
    this(table, state, rows, startedAt, updatedAt, duration, error, null, rows);
  }

  public Optional<Instant> started() {
    return Optional.ofNullable(startedAt);
  }

  public Optional<String> errorMessage() {
    return Optional.ofNullable(error);
  }
}
