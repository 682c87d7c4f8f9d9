package dev.checkpoint;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The runtime of one task: decides where each table resumes, takes committed positions, and
 * writes them to the store by the {@link CheckpointPolicy}.
 *
 * <pre>{@code
 * try (Checkpointer cp = Checkpointer.builder().taskId("orders-sync").store(store).build()) {
 *   cp.run(orders, source, batch -> target.upsert(batch));
 * }
 * }</pre>
 *
 * <p>Building it opens the task in the store (a second live writer is refused) and loads the
 * state once: the store's positions over those of the {@link ResumeSource}s, the tables' statuses
 * and the task's own state. Thread-safe: tables may run on several threads at once, each table on
 * one thread at a time.
 *
 * <p><b>Table statuses</b> (multi-table runs, seed 003) are kept for the tables started with
 * {@link #tableStarted}: pending, in progress with the rows so far, completed with rows and
 * duration, failed with the error. A status is written just before each of the table's positions
 * and names that position ({@link TableStatus#atPosition()}), with the rows of the previous one
 * beside it. On resume the status's rows are used if its position is the one the store holds, and
 * the previous rows if a crash came between the two writes: a batch re-delivered after a crash is
 * never counted twice, and none is left out.
 *
 * <p><b>Task state</b> (seed 004): {@link #recordState} keeps a small JSON document of the task's
 * own (running totals, output offsets), written by the same policy as positions.
 */
public final class Checkpointer implements AutoCloseable {

  /** The default of {@link Builder#maxStateBytes}: 64 KiB. */
  public static final int DEFAULT_MAX_STATE_BYTES = 64 * 1024;

  private final String taskId;
  private final CheckpointPolicy policy;
  private final TaskSession session;
  private final ResumeState initial;
  private final LongSupplier nanoClock;
  private final Clock clock;
  private final Object writeLock = new Object();
  private final Map<TableRef, TableProgress> progress = new ConcurrentHashMap<>();
  private final Map<TableRef, TableStatus> statuses = new ConcurrentHashMap<>();
  private final TaskStateKeeper state;
  private final Set<TableRef> finished = ConcurrentHashMap.newKeySet();
  private final Set<TableRef> reset = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private Checkpointer(Builder b) {
    this.taskId = b.taskId;
    this.policy = b.policy;
    this.nanoClock = b.nanoClock;
    this.clock = b.clock;
    ResumeState fallback = ResumeState.empty();
    // Later sources are weaker: read them first and lay the stronger ones over them.
    for (int i = b.sources.size() - 1; i >= 0; i--) {
      fallback = b.sources.get(i).read().over(fallback);
    }
    this.session = b.store.open(taskId);
    ResumeState loaded;
    Optional<String> loadedState;
    try {
      loaded = session.load().over(fallback);
      statuses.putAll(session.loadStatuses());
      loadedState = session.loadState();
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
    this.initial = loaded;
    this.state = new TaskStateKeeper(taskId, b.maxStateBytes, loadedState.orElse(null), nanoClock.getAsLong());
  }

  public static Builder builder() {
    return new Builder();
  }

  public String taskId() {
    return taskId;
  }

  /** The state loaded when this checkpointer was built: store over sources. */
  public ResumeState initialState() {
    return initial;
  }

  /**
   * Decides how the table resumes and logs the decision at INFO in the seeds' words:
   *
   * <pre>
   * resumer, check finished: schema: test_db_@, tb: finished_table_*$1, result: true
   * resumer, get resume value, schema: test_db_1, tb: one_pk_multi_uk, col: f_0, result: Some("5")
   * </pre>
   */
  public ResumeDecision resume(TableRef table) {
    Objects.requireNonNull(table, "table");
    if (finished.contains(table)
        || (!reset.contains(table) && initial.isFinished(table))) {
      ResumerLog.finished(table, true);
      return new ResumeDecision(
          table, true, Optional.empty(), initial.table(table).flatMap(TableState::finishedSource));
    }
    ResumerLog.finished(table, false);
    TableProgress p = progress.get(table);
    Optional<Position> position;
    Optional<String> source;
    if (p != null && p.position != null) {
      position = Optional.of(p.position);
      source = Optional.of("this run");
    } else if (reset.contains(table)) {
      position = Optional.empty();
      source = Optional.empty();
    } else {
      position = initial.position(table);
      source = initial.table(table).flatMap(TableState::positionSource);
    }
    ResumerLog.resumeValue(table, position);
    return new ResumeDecision(table, false, position, source);
  }

  /**
   * Takes the position after a batch the caller has committed. It reaches the store now or later
   * by the policy; always by {@link #finish}, {@link #flush} or {@link #close}.
   *
   * @param rows how many rows the batch held (for progress and the row policy)
   * @throws StoreException if the store cannot write a position that is due
   */
  public void committed(TableRef table, Position position, long rows) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(position, "position");
    ensureOpen();
    if (position instanceof Position.Finished) {
      finish(table);
      return;
    }
    if (finished.contains(table)) {
      throw new IllegalStateException(table + " is already finished in this run");
    }
    TableProgress p = progressOf(table);
    synchronized (p) {
      p.rows += rows;
      if (p.tracked) {
        p.statusRows += rows;
      }
      if (position instanceof Position.None) {
        // Nothing to resume from; a tracked table still shows its rows so far, by the policy.
        p.rowsSinceWrite += rows;
        if (p.tracked && policy.due(nanoClock.getAsLong() - p.lastWrite, p.rowsSinceWrite)) {
          writeStatus(table, p);
          p.rowsSinceWrite = 0;
          p.lastWrite = nanoClock.getAsLong();
        }
        return;
      }
      p.position = position;
      p.pending = true;
      p.rowsSinceWrite += rows;
      if (!policy.due(nanoClock.getAsLong() - p.lastWrite, p.rowsSinceWrite)) {
        return;
      }
      write(table, p);
    }
  }

  private TableProgress progressOf(TableRef table) {
    return progress.computeIfAbsent(
        table,
        t ->
            new TableProgress(
                nanoClock.getAsLong(), reset.contains(t) ? null : initial.position(t).orElse(null)));
  }

  /**
   * Writes the pending position; for a tracked table its status first, naming that position (see
   * the class comment).
   */
  private void write(TableRef table, TableProgress p) {
    synchronized (writeLock) {
      if (p.tracked) {
        recordStatus(table, p, p.position);
      }
      session.record(table, p.position);
    }
    reset.remove(table);
    p.storedPosition = p.position;
    p.storedRows = p.statusRows;
    p.pending = false;
    p.rowsSinceWrite = 0;
    p.lastWrite = nanoClock.getAsLong();
  }

  /**
   * Writes the table's status as it stands, bound to its stored position; the caller holds the
   * table's monitor and has written any pending position first.
   */
  private TableStatus writeStatus(TableRef table, TableProgress p) {
    return recordStatus(table, p, p.storedPosition);
  }

  private TableStatus recordStatus(TableRef table, TableProgress p, Position at) {
    TableStatus s = p.status(table, clock.instant(), nanoClock.getAsLong(), at);
    synchronized (writeLock) {
      session.recordStatus(s);
    }
    p.writtenStatusRows = s.rows();
    statuses.put(table, s);
    return s;
  }

  /**
   * Marks the table finished in the store; a later run skips it. For a table started with {@link
   * #tableStarted}, its latest position and rows are written first and its status becomes
   * completed afterwards, so the finished mark and the final count agree even across a crash. A
   * table whose stored status is not completed (a crash came between the finished mark and its
   * status) gets its completed status here too.
   */
  public void finish(TableRef table) {
    ensureOpen();
    TableProgress p = progress.get(table);
    if (p != null) {
      synchronized (p) {
        if (p.tracked) {
          if (p.pending) {
            write(table, p);
          } else if (p.writtenStatusRows != p.statusRows) {
            writeStatus(table, p);
          }
        }
        synchronized (writeLock) {
          session.finish(table);
        }
        p.pending = false;
        if (p.tracked) {
          p.stopClock(nanoClock.getAsLong());
          p.state = TableStatus.State.COMPLETED;
          p.error = null;
          writeStatus(table, p);
        }
      }
    } else {
      synchronized (writeLock) {
        session.finish(table);
      }
    }
    if (p == null || !p.tracked) {
      completeStaleStatus(table);
    }
    finished.add(table);
    reset.remove(table);
  }

  private void completeStaleStatus(TableRef table) {
    TableStatus stale = statuses.get(table);
    if (stale == null || stale.state() == TableStatus.State.COMPLETED) {
      return;
    }
    TableStatus done =
        new TableStatus(
            table, TableStatus.State.COMPLETED, stale.rows(), stale.startedAt(), clock.instant(), stale.duration(), null);
    synchronized (writeLock) {
      session.recordStatus(done);
    }
    statuses.put(table, done);
  }

  /**
   * Starts keeping the table's status: it becomes in progress, and from now on its status is
   * written with each of its positions, completed by {@link #finish} and failed by {@link
   * #tableFailed}. A table that resumes mid-way continues the stored status's rows (those of the
   * position the store holds; a row-offset position gives them itself), duration and start time;
   * a table read from the beginning starts from zero. The status is written now.
   *
   * @return the status written, with the rows so far
   * @throws IllegalStateException if the table is already finished in this run
   * @throws StoreException if the store does not keep statuses or cannot write this one
   */
  public TableStatus tableStarted(TableRef table) {
    Objects.requireNonNull(table, "table");
    ensureOpen();
    if (finished.contains(table)) {
      throw new IllegalStateException(table + " is already finished in this run");
    }
    TableProgress p = progressOf(table);
    synchronized (p) {
      if (p.pending) {
        write(table, p);
      }
      p.start(table, currentPosition(table, p), statuses.get(table), clock.instant(), nanoClock.getAsLong());
      return writeStatus(table, p);
    }
  }

  /**
   * Records that the table failed: its latest position is written first, then a failed status
   * with the error's message and the time. The next run retries the table from that position.
   *
   * @return the status written
   * @throws StoreException if the store cannot write the position or the status
   */
  public TableStatus tableFailed(TableRef table, Throwable error) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(error, "error");
    ensureOpen();
    TableProgress p = progressOf(table);
    synchronized (p) {
      if (!p.tracked) {
        throw new IllegalStateException(table + " was not started with tableStarted");
      }
      if (p.pending && !finished.contains(table)) {
        write(table, p);
      }
      p.stopClock(nanoClock.getAsLong());
      p.state = TableStatus.State.FAILED;
      p.error = Errors.describe(error);
      return writeStatus(table, p);
    }
  }

  private Optional<Position> currentPosition(TableRef table, TableProgress p) {
    if (p.position != null) {
      return Optional.of(p.position);
    }
    return reset.contains(table) ? Optional.empty() : initial.position(table);
  }

  /** The table's status as last written to the store (by this run or an earlier one). */
  public Optional<TableStatus> status(TableRef table) {
    return Optional.ofNullable(statuses.get(table));
  }

  /** Every table's status as last written to the store, sorted by schema then table. */
  public Map<TableRef, TableStatus> statuses() {
    return Collections.unmodifiableMap(new TreeMap<>(statuses));
  }

  /**
   * Takes the task's own state (a JSON document: running totals, output offsets for
   * de-duplication) after the batches it covers were committed. Only the latest state is kept. It
   * reaches the store by the checkpoint policy, like a position; always by {@link #flush} and
   * {@link #close}.
   *
   * @throws StateTooLargeException if it is over {@link Builder#maxStateBytes} (nothing changes)
   * @throws IllegalArgumentException if it is not one JSON document
   * @throws StoreException if the store does not keep task state, or cannot write it when due
   */
  public void recordState(String json) {
    Objects.requireNonNull(json, "json");
    ensureOpen();
    synchronized (state) {
      state.take(json);
      if (state.due(policy, nanoClock.getAsLong())) {
        writeState();
      }
    }
  }

  /** The task's latest state: recorded in this run, else as loaded from the store. */
  public Optional<String> state() {
    synchronized (state) {
      return state.current();
    }
  }

  private void writeState() {
    synchronized (writeLock) {
      session.recordState(state.latest());
    }
    state.written(nanoClock.getAsLong());
  }

  /** Forgets the table's position, finished mark and status, in the store and in this run. */
  public void reset(TableRef table) {
    ensureOpen();
    synchronized (writeLock) {
      session.reset(table);
    }
    progress.remove(table);
    finished.remove(table);
    statuses.remove(table);
    reset.add(table);
  }

  /** Forgets every table of the task and the task's state ("start fresh, drop the state"). */
  public void resetAll() {
    ensureOpen();
    synchronized (writeLock) {
      session.resetAll();
    }
    reset.addAll(initial.tables().keySet());
    reset.addAll(progress.keySet());
    progress.clear();
    finished.clear();
    statuses.clear();
    synchronized (state) {
      state.clear();
    }
  }

  /**
   * Writes every pending position (with its table's status), the pending task state, and asks the
   * store to make it durable.
   */
  public void flush() {
    ensureOpen();
    for (Map.Entry<TableRef, TableProgress> e : progress.entrySet()) {
      TableProgress p = e.getValue();
      synchronized (p) {
        if (finished.contains(e.getKey())) {
          continue;
        }
        if (p.pending) {
          write(e.getKey(), p);
        } else if (p.tracked && p.writtenStatusRows != p.statusRows) {
          writeStatus(e.getKey(), p);
        }
      }
    }
    synchronized (state) {
      if (state.pending()) {
        writeState();
      }
    }
    synchronized (writeLock) {
      session.flush();
    }
  }

  /** Rows committed for the table in this run. */
  public long rowsCommitted(TableRef table) {
    TableProgress p = progress.get(table);
    return p == null ? 0 : p.rows;
  }

  /**
   * Reads the table from where it stands, hands each batch to the sink, and records the batch's
   * position after the sink returns. A finished table is skipped. The table is marked finished
   * when the source is exhausted.
   *
   * @return rows read on this run (0 for a finished table)
   * @throws CheckpointException wrapping a checked exception of the sink; runtime exceptions of
   *     the sink pass through unchanged. Either way the failed batch's position is not recorded.
   */
  public <T> long run(TableRef table, Source<T> source, BatchSink<T> sink) {
    Objects.requireNonNull(sink, "sink");
    return readAll(
        table,
        source,
        (batch, before) -> {
          try {
            sink.accept(batch.rows());
          } catch (RuntimeException e) {
            throw e;
          } catch (Exception e) {
            throw new CheckpointException(
                "sink failed on " + table + " after " + before + " rows of this run", e);
          }
          committed(table, batch.position(), batch.size());
        });
  }

  /** What {@link #run} and {@link #runInTransaction} do with each non-empty batch. */
  private interface BatchStep<T> {
    void apply(Batch<T> batch, long rowsBefore);
  }

  /** The read loop both run methods share: skip if finished, read, step, finish. */
  private <T> long readAll(TableRef table, Source<T> source, BatchStep<T> step) {
    Objects.requireNonNull(source, "source");
    ResumeDecision decision = resume(table);
    if (decision.finished()) {
      return 0;
    }
    long rows = 0;
    try (Source.Cursor<T> cursor = source.open(decision)) {
      Batch<T> batch;
      while ((batch = cursor.next()) != null) {
        if (!batch.rows().isEmpty()) {
          step.apply(batch, rows);
          rows += batch.size();
        }
      }
    }
    finish(table);
    return rows;
  }

  /**
   * Like {@link #run}, for a sink that commits each batch's position itself, in the batch's own
   * transaction (exactly-once; see {@link TransactionalSink}). The checkpointer does not write
   * those positions again; a tracked table's status is still written by the policy, just before
   * the batch, naming the batch's position.
   *
   * @return rows read on this run (0 for a finished table)
   */
  public <T> long runInTransaction(TableRef table, Source<T> source, TransactionalSink<T> sink) {
    Objects.requireNonNull(sink, "sink");
    return readAll(table, source, (batch, before) -> committedInTransaction(table, batch, sink, before));
  }

  private <T> void committedInTransaction(
      TableRef table, Batch<T> batch, TransactionalSink<T> sink, long before) {
    ensureOpen();
    TableProgress p = progressOf(table);
    synchronized (p) {
      if (finished.contains(table)) {
        throw new IllegalStateException(table + " is already finished in this run");
      }
      boolean positioned = !(batch.position() instanceof Position.None);
      boolean statusDue =
          p.tracked
              && positioned
              && policy.due(nanoClock.getAsLong() - p.lastWrite, p.rowsSinceWrite + batch.size());
      if (statusDue) {
        // The status names the position about to be committed, with the rows it will hold;
        // if the batch's transaction fails, a resume falls back to the rows before it.
        p.statusRows += batch.size();
        try {
          recordStatus(table, p, batch.position());
        } finally {
          p.statusRows -= batch.size();
        }
      }
      try {
        sink.accept(table, batch, session);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new CheckpointException(
            "transactional sink failed on " + table + " after " + before + " rows of this run", e);
      }
      p.rows += batch.size();
      if (statusDue) {
        p.lastWrite = nanoClock.getAsLong();
        p.rowsSinceWrite = 0;
      } else {
        p.rowsSinceWrite += batch.size();
      }
      if (p.tracked) {
        p.statusRows += batch.size();
      }
      if (positioned) {
        p.position = batch.position();
        p.storedPosition = batch.position();
        p.storedRows = p.statusRows;
        p.pending = false;
        reset.remove(table);
      }
    }
  }

  /** Writes every pending position, then releases the task in the store. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      flush();
    } finally {
      closed = true;
      session.close();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("checkpointer for task " + taskId + " is closed");
    }
  }

  /** Validates settings; {@link #build()} opens the task. */
  public static final class Builder {
    private String taskId;
    private PositionStore store;
    private final List<ResumeSource> sources = new ArrayList<>();
    private CheckpointPolicy policy = CheckpointPolicy.DEFAULT;
    private LongSupplier nanoClock = System::nanoTime;
    private Clock clock = Clock.systemUTC();
    private int maxStateBytes = DEFAULT_MAX_STATE_BYTES;

    private Builder() {}

    /** Required. Names the task in the store; see {@link TaskIds} to derive one. */
    public Builder taskId(String taskId) {
      if (taskId == null || taskId.isBlank()) {
        throw new IllegalArgumentException("taskId must not be blank, was \"" + taskId + "\"");
      }
      this.taskId = taskId;
      return this;
    }

    /** Required. Where positions are read from and written to. */
    public Builder store(PositionStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Adds read-only sources consulted after the store, earlier ones first (e.g. another log
     * directory, then resume.config). Default: none.
     */
    public Builder resumeFrom(ResumeSource... sources) {
      for (ResumeSource s : sources) {
        this.sources.add(Objects.requireNonNull(s, "source"));
      }
      return this;
    }

    /** Default: {@link CheckpointPolicy#DEFAULT} (at most every 10 s). */
    public Builder policy(CheckpointPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The largest task state {@link #recordState} accepts, in UTF-8 bytes. Default {@value
     * #DEFAULT_MAX_STATE_BYTES} (64 KiB). A larger state is refused with a {@link
     * StateTooLargeException}, never cut short.
     */
    public Builder maxStateBytes(int maxStateBytes) {
      if (maxStateBytes <= 0) {
        throw new IllegalArgumentException("maxStateBytes must be > 0, was " + maxStateBytes);
      }
      this.maxStateBytes = maxStateBytes;
      return this;
    }

    Builder nanoClock(LongSupplier nanoClock) {
      this.nanoClock = nanoClock;
      return this;
    }

    Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Opens the task in the store and loads its state.
     *
     * @throws TaskLockedException if another live writer holds the task
     */
    public Checkpointer build() {
      if (taskId == null) {
        throw new IllegalArgumentException("taskId is required");
      }
      if (store == null) {
        throw new IllegalArgumentException("store is required");
      }
      return new Checkpointer(this);
    }
  }
}
