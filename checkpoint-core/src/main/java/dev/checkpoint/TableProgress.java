package dev.checkpoint;

import java.time.Duration;
import java.time.Instant;

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
  /** The store holds a position of this read pass: the next write is not the pass's first. */
  boolean positionStored;

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

  TableProgress(long now, boolean positionStored) {
    this.lastWrite = now;
    this.positionStored = positionStored;
  }

  TableStatus status(TableRef table, Instant now, long nanoNow) {
    Duration spent =
        state == TableStatus.State.IN_PROGRESS
            ? earlierDuration.plusNanos(Math.max(0, nanoNow - trackedSince))
            : earlierDuration;
    return new TableStatus(table, state, statusRows, startedAt, now, spent, error);
  }

  /** Stops the clock of the table: the time spent so far becomes part of the earlier duration. */
  void stopClock(long nanoNow) {
    if (state == TableStatus.State.IN_PROGRESS) {
      earlierDuration = earlierDuration.plusNanos(Math.max(0, nanoNow - trackedSince));
      trackedSince = nanoNow;
    }
  }
}
