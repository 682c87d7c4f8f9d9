package dev.checkpoint.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.ClientSession;
import dev.checkpoint.Position;
import dev.checkpoint.PositionJson;
import dev.checkpoint.ResumeState;
import dev.checkpoint.StatusJson;
import dev.checkpoint.StoreException;
import dev.checkpoint.TableRef;
import dev.checkpoint.TableStatus;
import dev.checkpoint.TaskLockedException;
import dev.checkpoint.TaskSession;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
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
 * <p>{@link #recordIn} writes a position inside the caller's client session, so that it commits or
 * aborts with the batch's own writes in the same transaction (exactly-once with a Mongo target;
 * needs a replica set or a sharded cluster).
 */
public final class MongoTaskSession implements TaskSession {
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

  @Override
  public String taskId() {
    return taskId;
  }

  /** The lease epoch this writer holds: higher than that of every earlier holder. */
  public long epoch() {
    return lease.epoch();
  }

  @Override
  public ResumeState load() {
    return reading("load the task", () -> docs.read(taskId));
  }

  @Override
  public Map<TableRef, TableStatus> loadStatuses() {
    return reading("load table statuses", () -> docs.statuses(taskId));
  }

  @Override
  public Optional<String> loadState() {
    return reading("load the task state", () -> docs.state(taskId));
  }

  @Override
  public void record(TableRef table, Position position) {
    String data = positionData(table, position);
    guard();
    write(null, StoreFields.DOING, key(table), data, "record the position of " + table);
  }

  /**
   * Marks the table finished and drops its position record, as the JDBC store does: a finished
   * table never resumes from a position.
   */
  @Override
  public void finish(TableRef table) {
    Objects.requireNonNull(table, "table");
    guard();
    finishWith(null, table);
  }

  @Override
  public void recordStatus(TableStatus status) {
    Objects.requireNonNull(status, "status");
    guard();
    write(
        null,
        StoreFields.STATUS,
        key(status.table()),
        StatusJson.write(status),
        "record the status of " + status.table());
  }

  @Override
  public void recordState(String json) {
    Objects.requireNonNull(json, "json");
    guard();
    write(null, StoreFields.STATE, StoreFields.TASK_KEY, json, "record the task state");
  }

  /**
   * Records the table's position inside {@code session}, typically in the transaction that writes
   * the batch: both commit, or neither. The lease is checked inside the session too.
   *
   * @throws TaskLockedException if this writer's lease was taken over; abort the transaction
   */
  public void recordIn(ClientSession session, TableRef table, Position position) {
    Objects.requireNonNull(session, "session");
    String data = positionData(table, position);
    guardIn(session);
    write(session, StoreFields.DOING, key(table), data, "record the position of " + table);
  }

  /** Marks the table finished inside {@code session}; see {@link #recordIn}. */
  public void finishIn(ClientSession session, TableRef table) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(table, "table");
    guardIn(session);
    finishWith(session, table);
  }

  /** Forgets the table's position, finished mark and status. */
  @Override
  public void reset(TableRef table) {
    Objects.requireNonNull(table, "table");
    guard();
    deleting(
        "reset " + table,
        () -> docs.delete(null, taskId, StoreFields.TABLE_RECORDS, key(table), lease.epoch()));
  }

  /** Forgets every table of the task, and the task state. */
  @Override
  public void resetAll() {
    guard();
    deleting(
        "reset the task",
        () -> docs.delete(null, taskId, StoreFields.TASK_RECORDS, null, lease.epoch()));
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

  private void finishWith(ClientSession session, TableRef table) {
    String key = key(table);
    write(
        session,
        StoreFields.FINISHED,
        key,
        PositionJson.write(table, Position.finished()),
        "mark " + table + " finished");
    deleting(
        "drop the position of finished " + table,
        () -> docs.delete(session, taskId, List.of(StoreFields.DOING), key, lease.epoch()));
  }

  private static String key(TableRef table) {
    return StoreFields.positionKey(Objects.requireNonNull(table, "table"));
  }

  private static String positionData(TableRef table, Position position) {
    Objects.requireNonNull(table, "table");
    if (!(position instanceof Position.Keyed || position instanceof Position.RowOffset)) {
      throw new IllegalArgumentException(
          "record takes a keyed or row-offset position, was " + position);
    }
    return PositionJson.write(table, position);
  }

  private void write(ClientSession session, String type, String key, String data, String what) {
    boolean applied;
    try {
      applied = docs.upsert(session, taskId, type, key, data, lease.epoch());
    } catch (MongoException e) {
      throw failed(what, e);
    }
    if (!applied) {
      lost = true;
      throw lease.lost();
    }
  }

  private void deleting(String what, Runnable delete) {
    try {
      delete.run();
    } catch (MongoException e) {
      throw failed(what, e);
    }
  }

  private <R> R reading(String what, Supplier<R> read) {
    ensureOpen();
    try {
      return read.get();
    } catch (MongoException e) {
      throw failed(what, e);
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
