package dev.checkpoint.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.ClientSession;
import dev.checkpoint.StoreException;
import dev.checkpoint.TaskLockedException;
import dev.checkpoint.spi.RecordChange;
import dev.checkpoint.spi.StoreRecord;
import dev.checkpoint.spi.TransactionalRecordSession;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of one task in a {@link MongoPositionStore}. It holds the task's lease while open and
 * renews it in the background.
 *
 * <p>Every write first renews the lease; a writer whose lease was taken over gets {@link
 * TaskLockedException} and writes nothing. Each record also carries the writer's lease epoch and a
 * write only applies over records of the same or an older epoch, so even a write already under way
 * when the lease moved cannot overwrite or delete what the new holder wrote.
 *
 * <p>{@link #applyIn} writes records inside the caller's client session, so that it commits or
 * aborts with the batch's own writes in the same transaction (exactly-once with a Mongo target;
 * needs a replica set or a sharded cluster).
 */
public final class MongoTaskSession implements TransactionalRecordSession<ClientSession> {
  private static final Logger LOG = LoggerFactory.getLogger(MongoTaskSession.class);

  private final String taskId;
  private final PositionDocs docs;
  private final Lease lease;
  private final Consumer<MongoTaskSession> onClose;
  private volatile ScheduledFuture<?> heartbeat;
  private volatile boolean lost;
  private volatile boolean closed;

  MongoTaskSession(
      String taskId, PositionDocs docs, Lease lease, Consumer<MongoTaskSession> onClose) {
    this.taskId = taskId;
    this.docs = docs;
    this.lease = lease;
    this.onClose = onClose;
  }

  void heartbeat(ScheduledFuture<?> heartbeat) {
    this.heartbeat = heartbeat;
  }

  /** For tests: stops renewing, as a process frozen by a long pause would. */
  void pauseHeartbeat() {
    ScheduledFuture<?> h = heartbeat;
    if (h != null) {
      h.cancel(false);
    }
  }

  /** Renews the lease from the heartbeat thread; a lost lease fences every later write. */
  void renewQuietly() {
    if (closed || lost) {
      return;
    }
    try {
      if (!lease.renew()) {
        lost = true;
        LOG.warn("task {}: lease lost to another writer; further writes will be refused", taskId);
      }
    } catch (MongoException e) {
      LOG.warn("task {}: could not renew the lease in {}: {}", taskId, docs.source(), e.toString());
    }
  }

  String taskId() {
    return taskId;
  }

  /**
   * The lease epoch this writer holds: higher than that of every earlier holder.
   *
   * @return the epoch
   */
  public long epoch() {
    return lease.epoch();
  }

  @Override
  public Class<ClientSession> transactionType() {
    return ClientSession.class;
  }

  @Override
  public List<StoreRecord> load() {
    ensureOpen();
    try {
      return docs.records(taskId);
    } catch (MongoException e) {
      throw failed("load the task", e);
    }
  }

  /** Renews the lease, then writes the changes in one ordered bulk write. */
  @Override
  public void apply(List<RecordChange> changes) {
    guard();
    write(null, changes);
  }

  /**
   * Writes the changes inside {@code session}, typically in the transaction that writes the batch:
   * both commit, or neither. The lease is checked inside the session too.
   *
   * @throws TaskLockedException if this writer's lease was taken over; abort the transaction
   */
  @Override
  public void applyIn(ClientSession session, List<RecordChange> changes) {
    Objects.requireNonNull(session, "session");
    guardIn(session);
    write(session, changes);
  }

  /** Releases the lease; the next process opens the task without waiting for it to expire. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    pauseHeartbeat();
    try {
      if (!lost) {
        lease.release();
      }
    } catch (MongoException e) {
      LOG.warn(
          "task {}: could not release the lease in {} ({}); the next run waits for it to expire",
          taskId,
          docs.source(),
          e.toString());
    } finally {
      onClose.accept(this);
    }
  }

  private void write(ClientSession session, List<RecordChange> changes) {
    boolean applied;
    try {
      applied = docs.apply(session, taskId, changes, lease.epoch());
    } catch (MongoException e) {
      throw failed("write " + changes.size() + " record(s)", e);
    }
    if (!applied) {
      lost = true;
      throw lease.lost();
    }
  }

  /** Renews the lease before a write; refuses the write once another writer took the task. */
  private void guard() {
    ensureOpen();
    if (lost) {
      throw lease.lost();
    }
    boolean held;
    try {
      held = lease.renew();
    } catch (MongoException e) {
      throw failed("renew the lease of task " + taskId, e);
    }
    if (!held) {
      lost = true;
      throw lease.lost();
    }
  }

  /**
   * Checks the lease by reading it inside the caller's session. A read, not a renewal: writing the
   * lease document in the caller's transaction would make it conflict with every heartbeat.
   */
  private void guardIn(ClientSession session) {
    ensureOpen();
    boolean held;
    try {
      held = !lost && lease.heldIn(session);
    } catch (MongoException e) {
      throw failed("check the lease of task " + taskId, e);
    }
    if (!held) {
      lost = true;
      throw lease.lost();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("session of task " + taskId + " is closed");
    }
  }

  private StoreException failed(String what, MongoException e) {
    return new StoreException(
        docs.source() + ": could not " + what + " for task " + taskId + ": " + e.getMessage(), e);
  }
}
