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
 *     null}: written by {@link Checkpointer} just before that position, so that a crash between the
 *     two writes is recognised on resume (the stored position then differs)
 * @param rowsBefore the rows as of the position recorded before that one: the count to resume with
 *     when {@code atPosition} did not reach the store; equal to {@code rows} when {@code
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
    /** Not started. */
    PENDING,
    /** Started, and not finished or failed since. */
    IN_PROGRESS,
    /** Read to its end. */
    COMPLETED,
    /** Failed with an error; the next run retries it. */
    FAILED;

    /**
     * {@code in_progress}: the form written in files and rows.
     *
     * @return the lower-case name
     */
    public String text() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a state as files and rows write it, in any case.
     *
     * @param text {@code pending}, {@code in_progress}, {@code completed} or {@code failed}
     * @return the state
     * @throws IllegalArgumentException naming the text and the states there are
     */
    public static State parse(String text) {
      try {
        return valueOf(text.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown table state \""
                + text
                + "\" (expected pending, in_progress, completed or failed)");
      }
    }
  }

  /**
   * Checks the status.
   *
   * @param table the table
   * @param state the state
   * @param rows rows committed so far, over all runs
   * @param startedAt when the table was first started, or {@code null}
   * @param updatedAt when this status was recorded
   * @param duration time spent reading the table so far, over all runs
   * @param error the error of a failed table, else {@code null}
   * @param atPosition a digest of the position {@code rows} counts up to, or {@code null}
   * @param rowsBefore the rows as of the position recorded before that one
   * @throws NullPointerException if {@code table}, {@code state}, {@code updatedAt} or {@code
   *     duration} is null
   * @throws IllegalArgumentException if {@code rows} is negative, a failed status has no error, or
   *     {@code rowsBefore} is not between 0 and {@code rows}
   */
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
      throw new IllegalArgumentException(
          "rowsBefore must be between 0 and rows (" + rows + "), was " + rowsBefore);
    }
  }

  /**
   * A status not bound to a position: {@code atPosition} null, {@code rowsBefore == rows}.
   *
   * @param table the table
   * @param state the state
   * @param rows rows committed so far, over all runs
   * @param startedAt when the table was first started, or {@code null}
   * @param updatedAt when this status was recorded
   * @param duration time spent reading the table so far, over all runs
   * @param error the error of a failed table, else {@code null}
   * @throws IllegalArgumentException as the canonical constructor
   */
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

  /**
   * When the table was first started.
   *
   * @return the time, or empty for a table not started yet
   */
  public Optional<Instant> started() {
    return Optional.ofNullable(startedAt);
  }

  /**
   * The error of a failed table.
   *
   * @return the message, or empty unless the table failed
   */
  public Optional<String> errorMessage() {
    return Optional.ofNullable(error);
  }
}
