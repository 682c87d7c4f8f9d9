package dev.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * state once: the store's positions over those of the {@link ResumeSource}s. Thread-safe: tables
 * may run on several threads at once, each table on one thread at a time.
 */
public final class Checkpointer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.checkpoint.resumer");

  private final String taskId;
  private final CheckpointPolicy policy;
  private final TaskSession session;
  private final ResumeState initial;
  private final LongSupplier nanoClock;
  private final Object writeLock = new Object();
  private final Map<TableRef, Progress> progress = new ConcurrentHashMap<>();
  private final Set<TableRef> finished = ConcurrentHashMap.newKeySet();
  private final Set<TableRef> reset = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private Checkpointer(Builder b) {
    this.taskId = b.taskId;
    this.policy = b.policy;
    this.nanoClock = b.nanoClock;
    ResumeState fallback = ResumeState.empty();
    // Later sources are weaker: read them first and lay the stronger ones over them.
    for (int i = b.sources.size() - 1; i >= 0; i--) {
      fallback = b.sources.get(i).read().over(fallback);
    }
    this.session = b.store.open(taskId);
    ResumeState loaded;
    try {
      loaded = session.load().over(fallback);
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
    this.initial = loaded;
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
      LOG.info(
          "resumer, check finished: schema: {}, tb: {}, result: true", table.schema(), table.table());
      return new ResumeDecision(
          table, true, Optional.empty(), initial.table(table).flatMap(TableState::finishedSource));
    }
    LOG.debug(
        "resumer, check finished: schema: {}, tb: {}, result: false", table.schema(), table.table());
    Progress p = progress.get(table);
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
    logResumeValue(table, position);
    return new ResumeDecision(table, false, position, source);
  }

  private static void logResumeValue(TableRef table, Optional<Position> position) {
    if (position.isEmpty()) {
      LOG.info(
          "resumer, get resume value, schema: {}, tb: {}, result: None",
          table.schema(),
          table.table());
    } else if (position.get() instanceof Position.Keyed k) {
      if (k.isComposite()) {
        List<String> values = new ArrayList<>();
        k.values().forEach(v -> values.add(debugString(v)));
        LOG.info(
            "resumer, get resume value, schema: {}, tb: {}, col: {}, result: Some({})",
            table.schema(),
            table.table(),
            k.names(),
            values);
      } else {
        LOG.info(
            "resumer, get resume value, schema: {}, tb: {}, col: {}, result: Some({})",
            table.schema(),
            table.table(),
            k.names().get(0),
            debugString(k.values().get(0)));
      }
    } else if (position.get() instanceof Position.RowOffset r) {
      LOG.info(
          "resumer, get resume rows, schema: {}, tb: {}, result: Some({})",
          table.schema(),
          table.table(),
          r.rows());
    }
  }

  /** A value as the seeds print it: quoted, with quotes and backslashes escaped. */
  static String debugString(String v) {
    if (v == null) {
      return "null";
    }
    return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
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
    Progress p = progress.computeIfAbsent(table, t -> new Progress(nanoClock.getAsLong()));
    synchronized (p) {
      p.rows += rows;
      if (position instanceof Position.None) {
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

  private void write(TableRef table, Progress p) {
    synchronized (writeLock) {
      session.record(table, p.position);
    }
    reset.remove(table);
    p.pending = false;
    p.rowsSinceWrite = 0;
    p.lastWrite = nanoClock.getAsLong();
  }

  /** Marks the table finished in the store; a later run skips it. */
  public void finish(TableRef table) {
    ensureOpen();
    synchronized (writeLock) {
      session.finish(table);
    }
    Progress p = progress.get(table);
    if (p != null) {
      synchronized (p) {
        p.pending = false;
      }
    }
    finished.add(table);
    reset.remove(table);
  }

  /** Forgets the table's position and finished mark, in the store and in this run. */
  public void reset(TableRef table) {
    ensureOpen();
    synchronized (writeLock) {
      session.reset(table);
    }
    progress.remove(table);
    finished.remove(table);
    reset.add(table);
  }

  /** Forgets every table of the task. */
  public void resetAll() {
    ensureOpen();
    synchronized (writeLock) {
      session.resetAll();
    }
    progress.clear();
    finished.clear();
    reset.addAll(initial.tables().keySet());
  }

  /** Writes every pending position and asks the store to make it durable. */
  public void flush() {
    ensureOpen();
    for (Map.Entry<TableRef, Progress> e : progress.entrySet()) {
      Progress p = e.getValue();
      synchronized (p) {
        if (p.pending && !finished.contains(e.getKey())) {
          write(e.getKey(), p);
        }
      }
    }
    synchronized (writeLock) {
      session.flush();
    }
  }

  /** Rows committed for the table in this run. */
  public long rowsCommitted(TableRef table) {
    Progress p = progress.get(table);
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
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sink, "sink");
    ResumeDecision decision = resume(table);
    if (decision.finished()) {
      return 0;
    }
    long rows = 0;
    try (Source.Cursor<T> cursor = source.open(decision)) {
      Batch<T> batch;
      while ((batch = cursor.next()) != null) {
        if (batch.rows().isEmpty()) {
          continue;
        }
        try {
          sink.accept(batch.rows());
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new CheckpointException(
              "sink failed on " + table + " after " + rows + " rows of this run", e);
        }
        rows += batch.size();
        committed(table, batch.position(), batch.size());
      }
    }
    finish(table);
    return rows;
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

  private static final class Progress {
    Position position;
    boolean pending;
    long rows;
    long rowsSinceWrite;
    long lastWrite;

    Progress(long now) {
      this.lastWrite = now;
    }
  }

  /** Validates settings; {@link #build()} opens the task. */
  public static final class Builder {
    private String taskId;
    private PositionStore store;
    private final List<ResumeSource> sources = new ArrayList<>();
    private CheckpointPolicy policy = CheckpointPolicy.DEFAULT;
    private LongSupplier nanoClock = System::nanoTime;

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

    Builder nanoClock(LongSupplier nanoClock) {
      this.nanoClock = nanoClock;
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
