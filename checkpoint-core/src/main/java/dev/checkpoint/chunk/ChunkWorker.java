package dev.checkpoint.chunk;

import dev.checkpoint.Batch;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.spi.RecordKinds;
import dev.checkpoint.spi.SharedRecordStore;
import dev.checkpoint.spi.StoreRecord;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker of a chunked run: claims a chunk whose lease is free (never claimed, or expired),
 * reads it from its last recorded position, records each batch's position with a write conditional
 * on still holding the lease, marks the chunk finished, and claims the next, until every chunk of
 * the table is finished. A refused write means the chunk was taken over: the worker drops it and
 * goes on with another.
 */
final class ChunkWorker<T> {
  private static final Logger LOG = LoggerFactory.getLogger(ChunkWorker.class);

  /** How a batch reaches the target and its position the store. */
  interface Delivery<T> {
    /** Writes the batch and records its position through {@code lease}; throws if refused. */
    void deliver(Chunk chunk, Batch<T> batch, ChunkLease lease) throws Exception;
  }

  private final SharedRecordStore store;
  private final String taskId;
  private final String owner;
  private final long leaseMillis;
  private final long pollMillis;
  private final ChunkTable tableRecords;
  private final ChunkPlan plan;
  private final ChunkedSource<T> source;
  private final Delivery<T> delivery;
  private final AtomicBoolean stop;
  final ChunkedResult.Tally tally;

  ChunkWorker(
      ChunkedRun run,
      String owner,
      ChunkTable tableRecords,
      ChunkPlan plan,
      ChunkedSource<T> source,
      Delivery<T> delivery,
      AtomicBoolean stop,
      ChunkedResult.Tally tally) {
    this.store = run.store;
    this.taskId = run.taskId;
    this.leaseMillis = run.lease.toMillis();
    this.pollMillis = run.poll.toMillis();
    this.owner = owner;
    this.tableRecords = tableRecords;
    this.plan = plan;
    this.source = source;
    this.delivery = delivery;
    this.stop = stop;
    this.tally = tally;
  }

  /** Works until the table is finished or the run stops. */
  void run() throws Exception {
    List<Chunk> chunks = plan.chunks();
    while (!stop.get()) {
      ChunkTable.Snapshot s = tableRecords.read();
      if (s.finished() != null) {
        return;
      }
      ChunkLease lease = claim(chunks, s);
      if (lease == null) {
        if (allFinished(chunks, s)) {
          if (tableRecords.advance(plan)) {
            return;
          }
        }
        Thread.sleep(pollMillis);
        continue;
      }
      try {
        read(lease);
      } catch (Exception e) {
        ChunkLeaseLostException lost = leaseLost(e);
        if (lost == null) {
          // Stop the others first: a chunk given up while they still claim would be read by them.
          stop.set(true);
          lease.release(e); // a worker that fails cleanly does not make the next run wait
          throw e;
        }
        tally.leasesLost.incrementAndGet();
        LOG.warn("{}: {}; claiming another chunk", owner, lost.getMessage());
      }
    }
  }

  /** The refusal behind a failure, also when a sink wrapped it; else null. */
  private static ChunkLeaseLostException leaseLost(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ChunkLeaseLostException lost) {
        return lost;
      }
    }
    return null;
  }

  private boolean allFinished(List<Chunk> chunks, ChunkTable.Snapshot s) {
    for (Chunk c : chunks) {
      StoreRecord r = s.chunks().get(c.id());
      if (r == null || !ChunkRecords.readState(r.data(), r.origin()).finished()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Claims one chunk that nobody holds: never claimed first, else one whose lease expired; the
   * lowest first, so that the table-level position (the bound below which every chunk is finished)
   * moves up steadily. A worker that loses a race for a chunk tries the next one.
   */
  private ChunkLease claim(List<Chunk> chunks, ChunkTable.Snapshot s) {
    long now = System.currentTimeMillis();
    for (boolean expiredOnly : new boolean[] {false, true}) {
      for (Chunk c : chunks) {
        StoreRecord r = s.chunks().get(c.id());
        if (expiredOnly == (r == null)) {
          continue;
        }
        ChunkRecords.State was =
            r == null ? ChunkRecords.State.unclaimed() : ChunkRecords.readState(r.data(), "");
        if (was.finished() || (r != null && was.expires() > now)) {
          continue;
        }
        ChunkRecords.State mine = was.claimedBy(owner, now + leaseMillis);
        String data = ChunkRecords.writeState(c.table(), mine);
        String key = ChunkRecords.chunkKey(c.table(), c.id());
        if (store.compareAndSet(
            taskId, RecordKinds.CHUNK, key, r == null ? null : r.data(), data)) {
          if (r != null) {
            tally.takenOver.incrementAndGet();
            LOG.info(
                "{}: took over {} from {} (lease expired), resuming after {} rows",
                owner,
                c.describe(),
                was.owner(),
                was.rows());
          }
          return new ChunkLease(store, taskId, owner, leaseMillis, c, data, mine);
        }
      }
    }
    return null;
  }

  private void read(ChunkLease lease) throws Exception {
    Chunk chunk = lease.chunk();
    TableRef table = chunk.table();
    ResumeDecision within =
        new ResumeDecision(
            table,
            false,
            Optional.ofNullable(lease.state().position()),
            Optional.of("chunk " + chunk.id() + " record"));
    try (Source.Cursor<T> cursor = source.open(chunk, within)) {
      Batch<T> batch;
      while ((batch = cursor.next()) != null) {
        if (batch.rows().isEmpty()) {
          continue;
        }
        delivery.deliver(chunk, batch, lease);
        tally.rows.addAndGet(batch.size());
        if (stop.get()) {
          lease.release(null); // the run is failing elsewhere: leave the chunk to the next run
          return;
        }
      }
    }
    lease.finish();
    tally.chunks.incrementAndGet();
    boolean tableDone = tableRecords.advance(plan);
    LOG.info(
        "{}: {} finished, {} rows; {}/{} chunks of {} finished",
        owner,
        chunk.describe(),
        lease.state().rows(),
        tableDone ? plan.chunks().size() : tableRecords.finishedChunks(),
        plan.chunks().size(),
        table);
  }
}
