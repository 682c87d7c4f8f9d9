package dev.checkpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a {@link Checkpointer} knows about one table in this run: the latest committed position,
 * whether it still has to reach the store, and, once the table is tracked by {@link
 * Checkpointer#tableStarted}, what its {@link TableStatus} says. Guarded by its own monitor.
 */
final class TableProgress {
  Position position;
  boolean pending;
  long rows;
  long rowsSinceWrite;
  long lastWrite;

  /** The position the store holds for this read pass, or null. */
  Position storedPosition;

  /** Rows over all runs as of {@link #storedPosition}. */
  long storedRows;

  boolean tracked;
  TableStatus.State state = TableStatus.State.PENDING;

  /** Rows over all runs, as of the latest committed batch. */
  long statusRows;

  /** Rows the latest status written to the store says. */
  long writtenStatusRows = -1;

  Duration earlierDuration = Duration.ZERO;
  Instant startedAt;
  long trackedSince;
  String error;

  TableProgress(long now, Position storedPosition) {
    this.lastWrite = now;
    this.storedPosition = storedPosition;
  }

  /**
   * The status as it stands, bound to {@code at} (the position its rows count up to, about to be
   * written or already stored) with the rows of the stored position as the fallback.
   */
  TableStatus status(TableRef table, Instant now, long nanoNow, Position at) {
    Duration spent =
        state == TableStatus.State.IN_PROGRESS
            ? earlierDuration.plusNanos(Math.max(0, nanoNow - trackedSince))
            : earlierDuration;
    String digest = at == null ? null : PositionDigest.of(table, at);
    long before = at == null ? statusRows : Math.min(storedRows, statusRows);
    return new TableStatus(table, state, statusRows, startedAt, now, spent, error, digest, before);
  }

  /**
   * Starts (or restarts) keeping the status: in progress, continuing the stored status's rows,
   * duration and start time when the table resumes from {@code at}, from zero otherwise.
   */
  void start(TableRef table, Optional<Position> at, TableStatus before, Instant now, long nanoNow) {
    if (!tracked) {
      boolean continues = at.isPresent() && before != null;
      long earlierRows = continues ? rowsAt(table, at.get(), before) : 0;
      if (at.isPresent() && at.get() instanceof Position.RowOffset r) {
        earlierRows = r.rows(); // exact by construction
      }
      statusRows = earlierRows;
      storedRows = earlierRows;
      earlierDuration = continues ? before.duration() : Duration.ZERO;
      startedAt = continues && before.startedAt() != null ? before.startedAt() : now;
      tracked = true;
    } else {
      stopClock(nanoNow);
    }
    trackedSince = nanoNow;
    state = TableStatus.State.IN_PROGRESS;
    error = null;
  }

  /**
   * The rows of a stored status as of the stored position: its rows if it names that position (or
   * names none), else the rows before it, because the process died between the status and its
   * position.
   */
  static long rowsAt(TableRef table, Position stored, TableStatus status) {
    if (status.atPosition() == null
        || status.atPosition().equals(PositionDigest.of(table, stored))) {
      return status.rows();
    }
    return status.rowsBefore();
  }

  /** Stops the clock of the table: the time spent so far becomes part of the earlier duration. */
  void stopClock(long nanoNow) {
    if (state == TableStatus.State.IN_PROGRESS) {
      earlierDuration = earlierDuration.plusNanos(Math.max(0, nanoNow - trackedSince));
      trackedSince = nanoNow;
    }
  }
}
