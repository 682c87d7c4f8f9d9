package dev.checkpoint;

import dev.checkpoint.spi.RecordSession;
import dev.checkpoint.spi.TransactionalRecordSession;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one implementation of {@link TaskSession}: each call becomes record changes ({@link
 * TaskRecords}) applied through the store's {@link RecordSession}. Thread-safe: calls are
 * serialised on this object.
 */
class RecordTaskSession implements TaskSession {
  private final String taskId;
  final TaskRecords records;
  private boolean closed;

  RecordTaskSession(String taskId, RecordSession session) {
    this.taskId = Objects.requireNonNull(taskId, "taskId");
    TaskRecords r;
    try {
      r = TaskRecords.open(session);
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
    this.records = r;
  }

  /** What the store held when the session was opened: the checkpointer's starting point. */
  TaskRecords.Loaded opened() {
    return records.loaded();
  }

  @Override
  public String taskId() {
    return taskId;
  }

  @Override
  public synchronized ResumeState load() {
    ensureOpen();
    return records.reload().state();
  }

  @Override
  public synchronized void record(TableRef table, Position position) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(position, "position");
    apply(r -> positionPlan(table, position));
  }

  @Override
  public synchronized void finish(TableRef table) {
    Objects.requireNonNull(table, "table");
    apply(r -> r.finished(table));
  }

  @Override
  public synchronized void reset(TableRef table) {
    Objects.requireNonNull(table, "table");
    apply(r -> r.reset(table));
  }

  @Override
  public synchronized void resetAll() {
    apply(TaskRecords::resetAll);
  }

  @Override
  public synchronized Map<TableRef, TableStatus> loadStatuses() {
    ensureOpen();
    return records.reload().statuses();
  }

  @Override
  public synchronized void recordStatus(TableStatus status) {
    Objects.requireNonNull(status, "status");
    apply(r -> r.status(status));
  }

  @Override
  public synchronized Optional<String> loadState() {
    ensureOpen();
    return records.reload().taskState();
  }

  @Override
  public synchronized void recordState(String json) {
    Objects.requireNonNull(json, "json");
    apply(r -> r.state(json));
  }

  /**
   * Applies a plan the caller composes from the records (a status with its position: one store
   * write). The plan is made under this session's lock, as the records' index is not thread-safe.
   */
  synchronized void apply(java.util.function.Function<TaskRecords, TaskRecords.Plan> plan) {
    ensureOpen();
    records.apply(plan.apply(records));
  }

  @Override
  public synchronized void flush() {
    ensureOpen();
    records.session().flush();
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      records.session().close();
    }
  }

  synchronized void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("session of task " + taskId + " is closed");
    }
  }

  /** Statuses to write with their table's next position: one store call for both. */
  private final Map<TableRef, TableStatus> attached =
      new java.util.concurrent.ConcurrentHashMap<>();

  void attachStatus(TableStatus status) {
    attached.put(status.table(), status);
  }

  void detachStatus(TableRef table) {
    attached.remove(table);
  }

  /**
   * The position's changes, with the status attached for its table if any. Caller holds the lock.
   */
  TaskRecords.Plan positionPlan(TableRef table, Position position) {
    TaskRecords.Plan plan = records.position(table, position);
    TableStatus status = attached.remove(table);
    return status == null ? plan : records.status(status).then(plan);
  }

  /**
   * The session a {@link TransactionalSink} gets. For a store that cannot write in the caller's
   * transaction ({@code session} null), {@link #recordIn} fails and {@link #record} still works.
   */
  static final class Transactional<TX> extends RecordTaskSession
      implements TransactionalSession<TX> {
    private final TransactionalRecordSession<TX> session;

    Transactional(String taskId, RecordSession plain, TransactionalRecordSession<TX> session) {
      super(taskId, plain);
      this.session = session;
    }

    /** The store's transaction type, or null if it has none. */
    Class<TX> transactionType() {
      return session == null ? null : session.transactionType();
    }

    @Override
    public synchronized void recordIn(TX transaction, TableRef table, Position position) {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(position, "position");
      applyIn(transaction, positionPlan(table, position));
    }

    @Override
    public synchronized void finishIn(TX transaction, TableRef table) {
      Objects.requireNonNull(table, "table");
      applyIn(transaction, records.finished(table));
    }

    /**
     * Applies a plan in the caller's transaction. The index is updated at once: if the caller rolls
     * back, a record the index lists may not exist, which only costs a delete of nothing.
     */
    private synchronized void applyIn(TX transaction, TaskRecords.Plan plan) {
      Objects.requireNonNull(transaction, "transaction");
      ensureOpen();
      if (session == null) {
        throw new CheckpointException(
            "the store of task "
                + taskId()
                + " cannot write in the caller's transaction ("
                + records.session().getClass().getName()
                + "); use a TransactionalStore such as JdbcPositionStore or MongoPositionStore");
      }
      session.applyIn(transaction, plan.changes);
      records.noteApplied(plan);
    }
  }
}
