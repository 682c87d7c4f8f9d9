package dev.checkpoint;

import java.time.Duration;
import java.util.Objects;

/**
 * When a committed position is written to the store. Positions are always taken in memory after
 * every committed batch; the policy decides how often they reach the store. Whatever the policy,
 * the latest position is written when a table finishes, on {@link Checkpointer#flush()} and on
 * {@link Checkpointer#close()}.
 *
 * <p>Default: {@link #DEFAULT}, at most every 10 seconds, as the seeds' {@code
 * checkpoint_interval_secs}.
 *
 * @param interval write a pending position once this much time has passed since the last write;
 *     {@link Duration#ZERO} means after every batch
 * @param rows also write once this many rows were committed since the last write; {@code 0} means
 *     no row limit
 */
public record CheckpointPolicy(Duration interval, long rows) {

  /** At most every 10 seconds. */
  public static final CheckpointPolicy DEFAULT = new CheckpointPolicy(Duration.ofSeconds(10), 0);

  private static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE);

  /**
   * Checks the settings.
   *
   * @param interval write a pending position once this much time has passed since the last write
   * @param rows also write once this many rows were committed since the last write; {@code 0} for
   *     no limit
   * @throws NullPointerException if {@code interval} is null
   * @throws IllegalArgumentException if {@code interval} is negative or {@code rows} is below 0
   */
  public CheckpointPolicy {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative()) {
      throw new IllegalArgumentException("interval must be >= 0, was " + interval);
    }
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0, was " + rows);
    }
  }

  /**
   * A write after every committed batch.
   *
   * @return the policy {@code (Duration.ZERO, 0)}
   */
  public static CheckpointPolicy everyBatch() {
    return new CheckpointPolicy(Duration.ZERO, 0);
  }

  /**
   * At most every {@code interval}.
   *
   * @param interval the least time between two writes of a pending position; {@link Duration#ZERO}
   *     for every batch
   * @return the policy {@code (interval, 0)}
   * @throws IllegalArgumentException if {@code interval} is negative
   */
  public static CheckpointPolicy every(Duration interval) {
    return new CheckpointPolicy(interval, 0);
  }

  /**
   * At most every {@code interval}, or sooner once {@code rows} rows were committed.
   *
   * @param interval the least time between two writes of a pending position
   * @param rows the rows committed since the last write that make a write due sooner; {@code 0} for
   *     no row limit
   * @return the policy {@code (interval, rows)}
   * @throws IllegalArgumentException if {@code interval} is negative or {@code rows} is below 0
   */
  public static CheckpointPolicy every(Duration interval, long rows) {
    return new CheckpointPolicy(interval, rows);
  }

  boolean due(long nanosSinceWrite, long rowsSinceWrite) {
    if (interval.isZero()) {
      return true;
    }
    if (rows > 0 && rowsSinceWrite >= rows) {
      return true;
    }
    // An interval past Long.MAX_VALUE nanoseconds (292 years) is never reached: toNanos() would
    // overflow.
    return interval.compareTo(LONGEST) < 0 && nanosSinceWrite >= interval.toNanos();
  }
}
