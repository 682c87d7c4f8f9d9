package dev.checkpoint.chunk;

import dev.checkpoint.Position;
import dev.checkpoint.spi.RecordKinds;
import dev.checkpoint.spi.SharedRecordStore;

/**
 * The chunk a worker holds: its record as last written, and writes conditional on that record, so
 * that each one fails once another worker has taken the chunk over.
 */
final class ChunkLease {
  private final SharedRecordStore store;
  private final String taskId;
  private final String owner;
  private final long leaseMillis;
  private final Chunk chunk;
  private String data;
  private ChunkRecords.State state;
  private String pendingData;
  private ChunkRecords.State pendingState;

  ChunkLease(
      SharedRecordStore store,
      String taskId,
      String owner,
      long leaseMillis,
      Chunk chunk,
      String data,
      ChunkRecords.State state) {
    this.store = store;
    this.taskId = taskId;
    this.owner = owner;
    this.leaseMillis = leaseMillis;
    this.chunk = chunk;
    this.data = data;
    this.state = state;
  }

  Chunk chunk() {
    return chunk;
  }

  ChunkRecords.State state() {
    return state;
  }

  /** Records a committed batch's position and renews the lease, in a write of its own. */
  void advance(Position at, long rows) {
    ChunkRecords.State next = state.advanced(at, rows, System.currentTimeMillis() + leaseMillis);
    String nextData = ChunkRecords.writeState(chunk.table(), next);
    if (!store.compareAndSet(taskId, RecordKinds.CHUNK, key(), data, nextData)) {
      throw lost("its position after " + (state.rows() + rows) + " rows");
    }
    data = nextData;
    state = next;
  }

  /**
   * The next record for a batch of {@code rows} ending at {@code at}, to write in a transaction.
   */
  String prepare(Position at, long rows) {
    pendingState = state.advanced(at, rows, System.currentTimeMillis() + leaseMillis);
    pendingData = ChunkRecords.writeState(chunk.table(), pendingState);
    return pendingData;
  }

  /** The transaction that wrote the prepared record committed. */
  void committed() {
    if (pendingData != null) {
      data = pendingData;
      state = pendingState;
      pendingData = null;
    }
  }

  String data() {
    return data;
  }

  String key() {
    return ChunkRecords.chunkKey(chunk.table(), chunk.id());
  }

  ChunkLeaseLostException lost(String what) {
    return new ChunkLeaseLostException(
        "the lease of "
            + chunk.describe()
            + " held by "
            + owner
            + " (epoch "
            + state.epoch()
            + ") was taken over; "
            + what
            + " was refused");
  }

  /**
   * Gives the chunk up at once (its lease expired now), keeping its position, when this worker
   * stops on a failure; a failure to do so is added to {@code cause} (when there is one), and the
   * lease then simply runs out.
   */
  void release(Exception cause) {
    ChunkRecords.State free = state.advanced(state.position(), 0, 0);
    try {
      if (store.compareAndSet(
          taskId, RecordKinds.CHUNK, key(), data, ChunkRecords.writeState(chunk.table(), free))) {
        state = free;
      }
    } catch (RuntimeException e) {
      if (cause != null) {
        cause.addSuppressed(e);
      }
    }
  }

  void finish() {
    ChunkRecords.State done = state.done();
    String doneData = ChunkRecords.writeState(chunk.table(), done);
    if (!store.compareAndSet(taskId, RecordKinds.CHUNK, key(), data, doneData)) {
      throw lost("marking it finished");
    }
    data = doneData;
    state = done;
  }
}
