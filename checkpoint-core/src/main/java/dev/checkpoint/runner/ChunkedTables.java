package dev.checkpoint.runner;

import dev.checkpoint.Checkpointer;
import dev.checkpoint.chunk.ChunkedRun;
import dev.checkpoint.chunk.ChunkedSource;
import dev.checkpoint.spi.SharedRecordStore;
import java.util.Optional;

/**
 * Which tables of a run are copied in chunks: those split before (their plan is kept), and those
 * whose estimated size reaches the run's threshold, when their source can split them and the
 * checkpointer's store can be shared by the chunk workers.
 */
final class ChunkedTables {
  /** The smallest chunk the runner plans; bigger tables get about a thousand chunks. */
  static final int MIN_CHUNK_ROWS = 100_000;

  private ChunkedTables() {}

  static Optional<ChunkedRun> forTable(
      Checkpointer cp, TableJob<?> job, TableRunner.Settings settings) {
    if (!(job.source() instanceof ChunkedSource<?> source)
        || !(cp.store() instanceof SharedRecordStore store)) {
      return Optional.empty();
    }
    ChunkedRun.Builder run =
        ChunkedRun.builder(store).taskId(cp.taskId()).threads(settings.chunkThreads());
    if (run.build().planned(job.table())) {
      return Optional.of(run.build());
    }
    if (settings.splitAbove() == Long.MAX_VALUE) {
      return Optional.empty();
    }
    long estimate = source.estimatedRows(job.table());
    if (estimate < settings.splitAbove()) {
      return Optional.empty();
    }
    long chunkRows = Math.max(MIN_CHUNK_ROWS, estimate / 1_000);
    return Optional.of(run.chunkRows((int) Math.min(Integer.MAX_VALUE, chunkRows)).build());
  }
}
