package dev.checkpoint.chunk;

import dev.checkpoint.BatchSink;
import dev.checkpoint.CheckpointException;
import dev.checkpoint.PositionKey;
import dev.checkpoint.TableRef;
import dev.checkpoint.TransactionalSink;
import dev.checkpoint.spi.RecordKinds;
import dev.checkpoint.spi.SharedRecordStore;
import dev.checkpoint.spi.StoreRecord;
import dev.checkpoint.spi.TransactionalSharedStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one table in chunks, with N worker threads in this process and any number of processes on
 * any machines running the same task: the shared store is their only coordinator.
 *
 * <p>The first worker to arrive splits the table ({@link ChunkedSource#plan}) and keeps the plan in
 * the store; everyone else, and every later run, uses that plan. A worker claims a chunk with a
 * conditional write (a lease: owner, expiry, epoch), reads it keyed inside its range, and records
 * each batch's position with a write conditional on still holding the lease, which also renews it.
 * A dead worker's chunk is taken over when its lease expires, from its last recorded position; a
 * worker whose lease was taken can write nothing more to that chunk. {@link #run} returns when
 * every chunk of the table is finished, whoever finished it.
 *
 * <pre>{@code
 * ChunkedRun run = ChunkedRun.builder(store).taskId("orders-copy").threads(4).build();
 * ChunkedResult r = run.run(TableRef.of("pg", "shop", "orders"), source, sink);
 * }</pre>
 *
 * <p>With {@link #run} a chunk taken over is re-delivered from its last recorded position:
 * at-least-once, exact with an idempotent sink. With {@link #runInTransaction} each batch's rows
 * and its chunk's record commit together, so a worker that lost its lease has its whole batch
 * rolled back: exactly-once with plain INSERTs. See docs/scale-out.md.
 */
public final class ChunkedRun {
  private static final Logger LOG = LoggerFactory.getLogger(ChunkedRun.class);

  final SharedRecordStore store;
  final String taskId;
  final String workerId;
  final int threads;
  final int chunkRows;
  final Duration lease;
  final Duration poll;

  private ChunkedRun(Builder b) {
    this.store = b.store;
    this.taskId = b.taskId;
    this.workerId = b.workerId;
    this.threads = b.threads;
    this.chunkRows = b.chunkRows;
    this.lease = b.lease;
    this.poll = b.lease.dividedBy(4).compareTo(MAX_POLL) < 0 ? b.lease.dividedBy(4) : MAX_POLL;
  }

  /** An idle worker looks for work (or the end of the table) at least this often. */
  private static final Duration MAX_POLL = Duration.ofMillis(250);

  /**
   * A builder over the shared store.
   *
   * @param store the store all workers of the task share: a {@code JdbcPositionStore}, or an {@code
   *     InMemoryStore} for threads of one JVM
   * @return a builder; {@link Builder#taskId} is required
   */
  public static Builder builder(SharedRecordStore store) {
    return new Builder(store);
  }

  /**
   * Copies the table's chunks into the sink until every chunk is finished. The sink is called from
   * {@link Builder#threads} threads at once; when it returns, the batch is committed.
   *
   * @param <T> the row type
   * @param table the table
   * @param source splits the table and reads its chunks
   * @param sink writes and commits a batch
   * @return what this process did
   * @throws CheckpointException if the source, the sink or the store fails; the other workers of
   *     this process stop after their current batch, and what they recorded stays
   */
  public <T> ChunkedResult run(TableRef table, ChunkedSource<T> source, BatchSink<T> sink) {
    Objects.requireNonNull(sink, "sink");
    return execute(
        table,
        source,
        (chunk, batch, lease) -> {
          sink.accept(batch.rows());
          lease.advance(batch.position(), batch.size());
        });
  }

  /**
   * As {@link #run}, with each batch's rows and its chunk's position committed in one transaction
   * by the sink ({@code JdbcSinks.inTransaction}): exactly-once, even when a paused worker wakes up
   * after its chunk was taken over. The store must be a {@link TransactionalSharedStore} of the
   * sink's transaction type, in the target database.
   *
   * @param <T> the row type
   * @param <TX> the transaction handle
   * @param table the table
   * @param source splits the table and reads its chunks
   * @param sink writes a batch and records its position through the session it is handed
   * @return what this process did
   * @throws IllegalArgumentException if the store cannot write in the sink's transaction
   */
  public <T, TX> ChunkedResult runInTransaction(
      TableRef table, ChunkedSource<T> source, TransactionalSink<T, TX> sink) {
    Objects.requireNonNull(sink, "sink");
    TransactionalSharedStore<TX> tx = transactional(sink);
    return execute(
        table,
        source,
        (chunk, batch, lease) -> {
          sink.accept(table, batch, new ChunkTxSession<>(tx, taskId, lease, batch.size()));
          lease.committed();
        });
  }

  @SuppressWarnings("unchecked")
  private <TX> TransactionalSharedStore<TX> transactional(TransactionalSink<?, TX> sink) {
    if (!(store instanceof TransactionalSharedStore<?> tx)) {
      throw new IllegalArgumentException(
          "runInTransaction needs a store that writes in the sink's transaction; "
              + store.getClass().getSimpleName()
              + " does not");
    }
    Class<TX> wanted = sink.transactionType();
    if (wanted != null && !wanted.equals(tx.transactionType())) {
      throw new IllegalArgumentException(
          "the sink writes in a "
              + wanted.getName()
              + " but the store in a "
              + tx.transactionType().getName());
    }
    return (TransactionalSharedStore<TX>) tx;
  }

  private <T> ChunkedResult execute(
      TableRef table, ChunkedSource<T> source, ChunkWorker.Delivery<T> delivery) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(source, "source");
    ChunkTable records = new ChunkTable(store, taskId, table);
    Optional<ChunkPlan> plan = records.plan(source, chunkRows);
    ChunkedResult.Tally tally = new ChunkedResult.Tally();
    if (plan.isEmpty()) {
      LOG.info("{}: finished; skipped", table);
      return tally.result(true);
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads, r -> new Thread(r, "chunk-worker-" + n.incrementAndGet() + " " + table));
    List<Future<Void>> workers = new ArrayList<>();
    try {
      for (int i = 1; i <= threads; i++) {
        ChunkWorker<T> w =
            new ChunkWorker<>(
                this, workerId + "#" + i, records, plan.get(), source, delivery, stop, tally);
        workers.add(
            pool.submit(
                () -> {
                  try {
                    w.run();
                  } catch (Exception | Error e) {
                    stop.set(true); // the others end after their current batch
                    throw e;
                  }
                  return null;
                }));
      }
      Throwable failure = null;
      for (Future<Void> f : workers) {
        try {
          f.get();
        } catch (ExecutionException e) {
          stop.set(true);
          failure = failure == null ? e.getCause() : failure;
        } catch (InterruptedException e) {
          stop.set(true);
          Thread.currentThread().interrupt();
          failure = failure == null ? e : failure;
        }
      }
      if (failure instanceof RuntimeException r) {
        throw r;
      }
      if (failure instanceof Error e) {
        throw e;
      }
      if (failure != null) {
        throw new CheckpointException(
            "chunked run of " + table + " failed: " + failure.getMessage(), failure);
      }
    } finally {
      pool.shutdownNow();
    }
    return tally.result(records.read().finished() != null);
  }

  /**
   * Whether the table has a plan in the store: it was split before, and its chunks' states (not a
   * table-level position) say what is left to read.
   *
   * @param table the table
   * @return true if a plan is kept for it
   */
  public boolean planned(TableRef table) {
    return new ChunkTable(store, taskId, table).read().plan() != null;
  }

  /**
   * Forgets the table's plan, chunks, position and finished mark, so that the next run splits it
   * again and copies it whole. Run it only while no worker runs the task.
   *
   * @param table the table
   */
  public void reset(TableRef table) {
    String key = PositionKey.of(table);
    String chunkPrefix = key + "#";
    for (StoreRecord r : store.readRecords(taskId)) {
      boolean mine =
          switch (r.kind()) {
            case RecordKinds.CHUNK -> r.key().startsWith(chunkPrefix);
            case RecordKinds.CHUNK_PLAN, RecordKinds.POSITION, RecordKinds.FINISHED ->
                r.key().equals(key);
            default -> false;
          };
      if (mine) {
        store.compareAndSet(taskId, r.kind(), r.key(), r.data(), null);
      }
    }
  }

  @Override
  public String toString() {
    return "ChunkedRun{task "
        + taskId
        + ", worker "
        + workerId
        + ", threads "
        + threads
        + ", chunkRows "
        + chunkRows
        + ", lease "
        + lease
        + "}";
  }

  /** Settings of a {@link ChunkedRun}; each setter checks its argument and names it. */
  public static final class Builder {
    private final SharedRecordStore store;
    private String taskId;
    private String workerId = defaultWorkerId();
    private int threads = 1;
    private int chunkRows = 100_000;
    private Duration lease = Duration.ofSeconds(30);

    private Builder(SharedRecordStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * The task all workers share. Required.
     *
     * @param taskId the task's id, the same in every process
     * @return this builder
     */
    public Builder taskId(String taskId) {
      if (taskId == null || taskId.isBlank()) {
        throw new IllegalArgumentException("taskId must not be blank");
      }
      this.taskId = taskId;
      return this;
    }

    /**
     * This process's name in leases and logs. Default: {@code $HOSTNAME:pid}.
     *
     * @param workerId a name unique among the task's processes
     * @return this builder
     */
    public Builder workerId(String workerId) {
      if (workerId == null || workerId.isBlank()) {
        throw new IllegalArgumentException("workerId must not be blank");
      }
      this.workerId = workerId;
      return this;
    }

    /**
     * Worker threads in this process. Default 1.
     *
     * @param threads at least 1
     * @return this builder
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1, was " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * About how many rows a chunk holds when the table is split. Default 100,000. Used only when
     * the table has no plan yet.
     *
     * @param chunkRows at least 1
     * @return this builder
     */
    public Builder chunkRows(int chunkRows) {
      if (chunkRows < 1) {
        throw new IllegalArgumentException("chunkRows must be >= 1, was " + chunkRows);
      }
      this.chunkRows = chunkRows;
      return this;
    }

    /**
     * How long a claimed chunk stays a worker's without news from it: every recorded batch renews
     * it. A dead worker's chunk is taken over this long after its last batch. Default 30 s; keep it
     * well above the time one batch takes to read and write.
     *
     * @param lease at least 100 ms
     * @return this builder
     */
    public Builder lease(Duration lease) {
      if (lease == null || lease.toMillis() < 100) {
        throw new IllegalArgumentException("lease must be at least 100 ms, was " + lease);
      }
      this.lease = lease;
      return this;
    }

    /**
     * Builds the run.
     *
     * @return the run
     * @throws IllegalStateException if no task id was set
     */
    public ChunkedRun build() {
      if (taskId == null) {
        throw new IllegalStateException("taskId is required");
      }
      return new ChunkedRun(this);
    }

    private static String defaultWorkerId() {
      String host = System.getenv("HOSTNAME");
      return (host == null || host.isBlank() ? "localhost" : host)
          + ":"
          + ProcessHandle.current().pid();
    }
  }
}
