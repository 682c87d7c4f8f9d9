package dev.checkpoint.chunk;

import dev.checkpoint.Position;
import dev.checkpoint.ResumeState;
import dev.checkpoint.TableRef;
import dev.checkpoint.TableStatus;
import dev.checkpoint.TransactionalSession;
import dev.checkpoint.spi.RecordKinds;
import dev.checkpoint.spi.TransactionalSharedStore;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link dev.checkpoint.TransactionalSink} sees inside a chunked run: {@link #recordIn}
 * writes the chunk's record in the sink's transaction, conditional on the worker still holding the
 * chunk, so a batch lands with its position or not at all. The rest of a task session has no
 * meaning for one chunk and is refused: finishing and statuses belong to the run.
 */
final class ChunkTxSession<TX> implements TransactionalSession<TX> {
  private final TransactionalSharedStore<TX> store;
  private final String taskId;
  private final ChunkLease lease;
  private final long rows;

  ChunkTxSession(TransactionalSharedStore<TX> store, String taskId, ChunkLease lease, long rows) {
    this.store = store;
    this.taskId = taskId;
    this.lease = lease;
    this.rows = rows;
  }

  @Override
  public void recordIn(TX transaction, TableRef table, Position position) {
    String next = lease.prepare(position, rows);
    if (!store.compareAndSetIn(
        transaction, taskId, RecordKinds.CHUNK, lease.key(), lease.data(), next)) {
      throw lease.lost("a batch of " + rows + " rows and its position");
    }
  }

  @Override
  public String taskId() {
    return taskId;
  }

  private static UnsupportedOperationException refused(String what) {
    return new UnsupportedOperationException(
        what + " inside a chunked run: a sink records only its batch's position (recordIn)");
  }

  @Override
  public void finishIn(TX transaction, TableRef table) {
    throw refused("finishIn");
  }

  @Override
  public ResumeState load() {
    throw refused("load");
  }

  @Override
  public void record(TableRef table, Position position) {
    throw refused("record");
  }

  @Override
  public void finish(TableRef table) {
    throw refused("finish");
  }

  @Override
  public void reset(TableRef table) {
    throw refused("reset");
  }

  @Override
  public void resetAll() {
    throw refused("resetAll");
  }

  @Override
  public Map<TableRef, TableStatus> loadStatuses() {
    throw refused("loadStatuses");
  }

  @Override
  public void recordStatus(TableStatus status) {
    throw refused("recordStatus");
  }

  @Override
  public Optional<String> loadState() {
    throw refused("loadState");
  }

  @Override
  public void recordState(String json) {
    throw refused("recordState");
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
