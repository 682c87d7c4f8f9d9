package dev.checkpoint.chunk;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this process did for one table of a chunked run. Other processes' work is not counted.
 *
 * @param rows rows this process delivered to the sink
 * @param chunks chunks this process finished
 * @param takenOver chunks this process took over from a worker whose lease had expired
 * @param leasesLost chunks this process dropped because another worker took them over
 * @param finished whether the table is finished (by any worker)
 */
public record ChunkedResult(
    long rows, int chunks, int takenOver, int leasesLost, boolean finished) {

  /** Counts shared by the workers of one process. */
  static final class Tally {
    final AtomicLong rows = new AtomicLong();
    final AtomicInteger chunks = new AtomicInteger();
    final AtomicInteger takenOver = new AtomicInteger();
    final AtomicInteger leasesLost = new AtomicInteger();

    ChunkedResult result(boolean finished) {
      return new ChunkedResult(
          rows.get(), chunks.get(), takenOver.get(), leasesLost.get(), finished);
    }
  }
}
