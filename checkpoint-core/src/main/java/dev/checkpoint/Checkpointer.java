package dev.checkpoint;

import dev.checkpoint.spi.TransactionalRecordSession;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The runtime of one task: decides where each table resumes, takes committed positions, and writes
 * them to the store by the {@link CheckpointPolicy}.
 *
 * <pre>{@code
 * try (Checkpointer cp = Checkpointer.builder().taskId("orders-sync").store(store).build()) {
 *   cp.run(orders, source, batch -> target.upsert(batch));
 * }
 * }</pre>
 *
 * <p>Building it opens the task in the store (a second live writer is refused) and loads the state
 * once: the store's positions over those of the {@link ResumeSource}s, the tables' statuses and the
 * task's own state. Thread-safe: tables may run on several threads at once, each table on one
 * thread at a time.
 *
 * <p><b>Table statuses</b> (multi-table runs, seed 003) are kept for the tables started with {@link
 * #tableStarted}: pending, in progress with the rows so far, completed with rows and duration,
 * failed with the error. A status is written in the same store call as the position it names, so a
 * resume continues the count of exactly the batches the store holds.
 *
 * <p><b>Task state</b> (seed 004): {@link #recordState} keeps a small JSON document of the task's
 * own (running totals, output offsets), written by the same policy as positions.
 *
 * <p>Over 350 lines: the public API's Javadoc and the nested {@link Builder} (users write {@code
 * Checkpointer.builder()}); the work is in {@link WriteBack}, {@link TaskRecords} and {@link
 * ReadLoop}.
 */
public final class Checkpointer implements AutoCloseable {

  /** The default of {@link Builder#maxStateBytes}: 64 KiB. */
  public static final int DEFAULT_MAX_STATE_BYTES = 64 * 1024;

  private final PositionStore store;
  private final String taskId;
  private final CheckpointPolicy policy;
  private final RecordTaskSession.Transactional<?> session;
  private final ResumeState initial;
  private final LongSupplier nanoClock;
  private final WriteBack writes;
  private final TaskStateKeeper state;
  private final boolean readAhead;
  private volatile boolean closed;

  private Checkpointer(Builder b) {
    this.store = b.store;
    this.taskId = b.taskId;
    this.policy = b.policy;
    this.nanoClock = b.nanoClock;
    this.readAhead = b.readAhead;
    ResumeState fallback = ResumeState.empty();
    // Later sources are weaker: read them first and lay the stronger ones over them.
    for (int i = b.sources.size() - 1; i >= 0; i--) {
      fallback = b.sources.get(i).read().over(fallback);
    }
    this.session = open(b.store, taskId);
    TaskRecords.Loaded loaded = session.opened();
    this.initial = loaded.state().over(fallback);
    this.writes = new WriteBack(session, policy, nanoClock, b.clock, initial, loaded.statuses());
    this.state =
        new TaskStateKeeper(
            taskId, b.maxStateBytes, loaded.taskState().orElse(null), nanoClock.getAsLong());
  }

  /**
   * Every checkpointer's session can serve {@link #runInTransaction}; see {@link
   * RecordTaskSession.Transactional}.
   */
  private static RecordTaskSession.Transactional<?> open(PositionStore store, String taskId) {
    if (store instanceof TransactionalStore<?> t) {
      return transactional(t, taskId);
    }
    return new RecordTaskSession.Transactional<>(taskId, store.openSession(taskId), null);
  }

  private static <TX> RecordTaskSession.Transactional<TX> transactional(
      TransactionalStore<TX> store, String taskId) {
    TransactionalRecordSession<TX> s = store.openSession(taskId);
    return new RecordTaskSession.Transactional<>(taskId, s, s);
  }

  /**
   * Starts a checkpointer's settings.
   *
   * @return a builder with every setting at its default
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The task this checkpointer writes.
   *
   * @return the task's id
   */
  public String taskId() {
    return taskId;
  }

  /**
   * The store this checkpointer writes to: the multi-table runner hands it to a chunked run of a
   * big table when it can be shared.
   *
   * @return the store given to the builder
   */
  public PositionStore store() {
    return store;
  }

  /**
   * The state loaded when this checkpointer was built: store over sources.
   *
   * @return the positions and finished tables as loaded; later writes do not change it
   */
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
   *
   * @param table the table about to be read
   * @return whether the table is finished, and otherwise the position to resume after (this run's
   *     latest, else the loaded one) and where it came from
   */
  public ResumeDecision resume(TableRef table) {
    Objects.requireNonNull(table, "table");
    if (writes.isFinished(table)) {
      ResumerLog.finished(table, true);
      return new ResumeDecision(
          table, true, Optional.empty(), initial.table(table).flatMap(TableState::finishedSource));
    }
    ResumerLog.finished(table, false);
    Optional<Position> position = writes.thisRun(table);
    Optional<String> source;
    if (position.isPresent()) {
      source = Optional.of("this run");
    } else if (writes.wasReset(table)) {
      source = Optional.empty();
    } else {
      position = initial.position(table);
      source = initial.table(table).flatMap(TableState::positionSource);
    }
    ResumerLog.resumeValue(table, position);
    return new ResumeDecision(table, false, position, source);
  }

  /**
   * Takes the position after a batch the caller has committed. It reaches the store now or later by
   * the policy; always by {@link #finish}, {@link #flush} or {@link #close}.
   *
   * @param table the table the batch was read from
   * @param position the position after the batch's last row; a {@link Position.Finished} marks the
   *     table finished ({@link #finish})
   * @param rows how many rows the batch held (for progress and the row policy)
   * @throws StoreException if the store cannot write a position that is due
   * @throws IllegalStateException if this checkpointer is closed
   */
  public void committed(TableRef table, Position position, long rows) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(position, "position");
    ensureOpen();
    if (position instanceof Position.Finished) {
      finish(table);
      return;
    }
    writes.committed(table, position, rows);
  }

  /**
   * Marks the table finished in the store; a later run skips it. For a table started with {@link
   * #tableStarted}, its latest position and rows are written first, and its completed status goes
   * with the finished mark. A table whose stored status is not completed (a crash came between the
   * finished mark and its status on a store that keeps them apart) gets its completed status here.
   *
   * @param table the table that was read to its end
   * @throws StoreException if the store cannot write the finished mark
   * @throws IllegalStateException if this checkpointer is closed
   */
  public void finish(TableRef table) {
    Objects.requireNonNull(table, "table");
    ensureOpen();
    writes.finish(table);
  }

  /**
   * Starts keeping the table's status: it becomes in progress, and from now on its status is
   * written with each of its positions, completed by {@link #finish} and failed by {@link
   * #tableFailed}. A table that resumes mid-way continues the stored status's rows (those of the
   * position the store holds; a row-offset position gives them itself), duration and start time; a
   * table read from the beginning starts from zero. The status is written now.
   *
   * @param table the table about to be read
   * @return the status written, with the rows so far
   * @throws IllegalStateException if the table is already finished in this run, or this
   *     checkpointer is closed
   * @throws StoreException if the store cannot write it
   */
  public TableStatus tableStarted(TableRef table) {
    Objects.requireNonNull(table, "table");
    ensureOpen();
    return writes.tableStarted(table);
  }

  /**
   * Records that the table failed: its latest position and a failed status with the error's message
   * and the time. The next run retries the table from that position.
   *
   * @param table the table that failed
   * @param error what made it fail; its message goes into the status
   * @return the status written
   * @throws StoreException if the store cannot write the position or the status
   */
  public TableStatus tableFailed(TableRef table, Throwable error) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(error, "error");
    ensureOpen();
    return writes.tableFailed(table, error);
  }

  /**
   * The table's status as last written to the store (by this run or an earlier one).
   *
   * @param table the table
   * @return its status, or empty if none was written
   */
  public Optional<TableStatus> status(TableRef table) {
    return writes.status(table);
  }

  /**
   * Every table's status as last written to the store, sorted by schema then table.
   *
   * @return the statuses; empty if none was written
   */
  public Map<TableRef, TableStatus> statuses() {
    return writes.statuses();
  }

  /**
   * Takes the task's own state (a JSON document: running totals, output offsets for de-duplication)
   * after the batches it covers were committed. Only the latest state is kept. It reaches the store
   * by the checkpoint policy, like a position; always by {@link #flush} and {@link #close}.
   *
   * @param json the state, one JSON document
   * @throws StateTooLargeException if it is over {@link Builder#maxStateBytes} (nothing changes)
   * @throws IllegalArgumentException if it is not one JSON document
   * @throws StoreException if the store cannot write it when due
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

  /**
   * The task's latest state: recorded in this run, else as loaded from the store.
   *
   * @return the state document, or empty if none was recorded
   */
  public Optional<String> state() {
    synchronized (state) {
      return state.current();
    }
  }

  private void writeState() {
    session.recordState(state.latest());
    state.written(nanoClock.getAsLong());
  }

  /**
   * Forgets the table's position, finished mark and status, in the store and in this run.
   *
   * @param table the table to read from the beginning next time
   * @throws StoreException if the store cannot forget them
   * @throws IllegalStateException if this checkpointer is closed
   */
  public void reset(TableRef table) {
    Objects.requireNonNull(table, "table");
    ensureOpen();
    writes.reset(table);
  }

  /** Forgets every table of the task and the task's state ("start fresh, drop the state"). */
  public void resetAll() {
    ensureOpen();
    writes.resetAll();
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
    writes.flushPending();
    synchronized (state) {
      if (state.pending()) {
        writeState();
      }
    }
    session.flush();
  }

  /**
   * Rows committed for the table in this run.
   *
   * @param table the table
   * @return the rows of its committed batches in this run; 0 if none
   */
  public long rowsCommitted(TableRef table) {
    return writes.rows(table);
  }

  /**
   * Reads the table from where it stands, hands each batch to the sink, and records the batch's
   * position after the sink returns. A finished table is skipped. The table is marked finished when
   * the source is exhausted.
   *
   * @param <T> the type of a row
   * @param table the table to read
   * @param source reads the table in batches, from a position
   * @param sink writes each batch to the target
   * @return rows read on this run (0 for a finished table)
   * @throws CheckpointException wrapping a checked exception of the sink; runtime exceptions of the
   *     sink pass through unchanged. Either way the failed batch's position is not recorded.
   */
  public <T> long run(TableRef table, Source<T> source, BatchSink<T> sink) {
    Objects.requireNonNull(sink, "sink");
    return runTable(table, source, ReadLoop.committing(this, table, sink));
  }

  /**
   * Like {@link #run}, for a sink that commits each batch's position itself, in the batch's own
   * transaction (exactly-once; see {@link TransactionalSink}). The checkpointer does not write
   * those positions again; a tracked table's status goes into the same transaction when due.
   *
   * @param <T> the type of a row
   * @param <TX> the store's transaction handle
   * @param table the table to read
   * @param source reads the table in batches, from a position
   * @param sink writes each batch and its position in one transaction, and commits it
   * @return rows read on this run (0 for a finished table)
   * @throws CheckpointException before any row is read if this checkpointer's store cannot write in
   *     the sink's kind of transaction
   */
  public <T, TX> long runInTransaction(
      TableRef table, Source<T> source, TransactionalSink<T, TX> sink) {
    Objects.requireNonNull(sink, "sink");
    TransactionalSession<TX> tx = transactionalSession(sink);
    return runTable(
        table,
        source,
        batch -> {
          ensureOpen();
          try {
            writes.committedInTransaction(table, batch, sink, tx);
          } catch (Exception e) {
            throw ReadLoop.sinkFailure(table, e);
          }
        });
  }

  @SuppressWarnings("unchecked")
  private <TX> TransactionalSession<TX> transactionalSession(TransactionalSink<?, TX> sink) {
    Class<TX> type = sink.transactionType();
    Class<?> storeType = session.transactionType();
    if (type != null && !type.equals(storeType)) {
      // The sink's toString says what it needs (JdbcSinks names the store it expects).
      throw new CheckpointException(
          sink
              + ": task "
              + taskId
              + "'s store "
              + (storeType == null
                  ? "cannot write in a caller's transaction"
                  : "writes in a "
                      + storeType.getName()
                      + " transaction, not a "
                      + type.getName()
                      + " one"));
    }
    return (TransactionalSession<TX>) session;
  }

  private <T> long runTable(TableRef table, Source<T> source, ReadLoop.Step<T> step) {
    Objects.requireNonNull(source, "source");
    ResumeDecision decision = resume(table);
    if (decision.finished()) {
      return 0;
    }
    long rows = ReadLoop.pass(decision, source, step, batch -> true, readAhead);
    finish(table);
    return rows;
  }

  /**
   * One read pass of a table from {@code decision}: each non-empty batch goes to the sink, then its
   * position is taken ({@link #committed}), then {@code afterBatch} runs; the pass ends at the end
   * of the source or when {@code afterBatch} returns false. The table is not marked finished: the
   * caller does that ({@link #finish}). For runners that drive tables themselves.
   *
   * @param <T> the type of a row
   * @param decision where the table resumes, from {@link #resume}
   * @param source reads the table in batches, from a position
   * @param sink writes each batch to the target
   * @param afterBatch runs after each batch's position was taken; false ends the pass
   * @return rows read in this pass
   * @throws CheckpointException wrapping a checked exception of the sink; runtime exceptions of the
   *     sink pass through unchanged
   */
  public <T> long readPass(
      ResumeDecision decision,
      Source<T> source,
      BatchSink<T> sink,
      ReadLoop.AfterBatch afterBatch) {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(afterBatch, "afterBatch");
    return ReadLoop.pass(
        decision, source, ReadLoop.committing(this, decision.table(), sink), afterBatch, readAhead);
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
    private boolean readAhead = false;

    private Builder() {}

    /**
     * Required. Names the task in the store; see {@link TaskIds} to derive one.
     *
     * @param taskId the task's id
     * @return this builder
     * @throws IllegalArgumentException if {@code taskId} is null or blank
     */
    public Builder taskId(String taskId) {
      if (taskId == null || taskId.isBlank()) {
        throw new IllegalArgumentException("taskId must not be blank, was \"" + taskId + "\"");
      }
      this.taskId = taskId;
      return this;
    }

    /**
     * Required. Where positions are read from and written to.
     *
     * @param store the store; the checkpointer does not close it
     * @return this builder
     */
    public Builder store(PositionStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Adds read-only sources consulted after the store, earlier ones first (e.g. another log
     * directory, then resume.config). Default: none.
     *
     * @param sources the sources, strongest first
     * @return this builder
     */
    public Builder resumeFrom(ResumeSource... sources) {
      for (ResumeSource s : sources) {
        this.sources.add(Objects.requireNonNull(s, "source"));
      }
      return this;
    }

    /**
     * When taken positions are written to the store. Default: {@link CheckpointPolicy#DEFAULT} (at
     * most every 10 s).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder policy(CheckpointPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The largest task state {@link #recordState} accepts, in UTF-8 bytes. Default {@value
     * #DEFAULT_MAX_STATE_BYTES} (64 KiB). A larger state is refused with a {@link
     * StateTooLargeException}, never cut short.
     *
     * @param maxStateBytes the limit in bytes
     * @return this builder
     * @throws IllegalArgumentException if {@code maxStateBytes} is not positive
     */
    public Builder maxStateBytes(int maxStateBytes) {
      if (maxStateBytes <= 0) {
        throw new IllegalArgumentException("maxStateBytes must be > 0, was " + maxStateBytes);
      }
      this.maxStateBytes = maxStateBytes;
      return this;
    }

    /**
     * Whether {@link Checkpointer#run} and the runner fetch the next batch on a second thread while
     * the sink writes the current one (at most one batch ahead; a batch's position is still taken
     * only after its sink returned). Default {@code false}. In the benchmark's quiet run a copy
     * into PostgreSQL was 14 % faster with it and a copy into MariaDB the same
     * (docs/performance.md, rows w and w-ahead). Not for a source whose cursor must only be used on
     * the thread that opened it.
     *
     * @param readAhead whether to fetch one batch ahead
     * @return this builder
     */
    public Builder readAhead(boolean readAhead) {
      this.readAhead = readAhead;
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
     * @return the checkpointer; close it to write what is pending and release the task
     * @throws IllegalArgumentException if no task id or no store was set
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
