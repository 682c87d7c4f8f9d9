package dev.checkpoint.runner;

import dev.checkpoint.Checkpointer;
import dev.checkpoint.TableRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs many tables of one task (seed 003): finished tables are skipped, interrupted ones resume
 * from their positions, partial ones (interrupted, and unable to resume mid-way) are truncated and
 * read again, and a failed table is recorded with its error while the run goes on to the others.
 * Each table's status is kept in the store through the {@link Checkpointer}.
 *
 * <pre>{@code
 * try (Checkpointer cp = Checkpointer.builder().taskId("shop-copy").store(store).build()) {
 *   RunResult result = TableRunner.builder(cp)
 *       .jobs(jobs)
 *       .parallelism(4)
 *       .listener(RunListener.standard())
 *       .build()
 *       .run();
 *   System.exit(result.succeeded() ? 0 : 1);
 * }
 * }</pre>
 *
 * <p>Tables start in the order given; with a parallelism of N, up to N run at once, each on its own
 * thread with its own position. The checkpointer is the caller's: the runner flushes it at the end
 * but does not close it.
 *
 * <p>Over 350 lines: the run's thread pool and stopping, and the nested builder with each setting's
 * default.
 */
public final class TableRunner {
  private static final Logger LOG = LoggerFactory.getLogger(TableRunner.class);
  private static final AtomicInteger RUNS = new AtomicInteger();

  /** Tables this big are copied in chunks unless the run says otherwise. */
  static final long DEFAULT_SPLIT_ABOVE = 5_000_000;

  /**
   * What every table of a run needs to know of the run's settings.
   *
   * @param splitAbove tables whose estimated rows reach this are copied in chunks
   * @param chunkThreads the worker threads of such a table
   */
  record Settings(
      boolean truncatePartial, boolean recordStatuses, long splitAbove, int chunkThreads) {}

  private final Checkpointer cp;
  private final List<TableJob<?>> jobs;
  private final int parallelism;
  private final int startIndex;
  private final boolean stopOnFailure;
  private final Settings settings;
  private final List<TableRef> resets;
  private final boolean resetAll;
  private final Listeners listener;
  private volatile boolean stopping;
  private volatile String stopReason;

  private TableRunner(Builder b, int startIndex) {
    this.cp = b.cp;
    this.jobs = List.copyOf(b.jobs.values());
    this.parallelism = b.parallelism;
    this.startIndex = startIndex;
    this.stopOnFailure = b.stopOnFailure;
    this.settings = new Settings(b.truncatePartial, b.recordStatuses, b.splitAbove, b.chunkThreads);
    this.resets = List.copyOf(b.resets);
    this.resetAll = b.resetAll;
    this.listener = new Listeners(b.listeners);
  }

  /**
   * Starts the settings of a run.
   *
   * @param checkpointer keeps the task's positions and statuses; the runner does not close it
   * @return a builder; at least one table is required
   */
  public static Builder builder(Checkpointer checkpointer) {
    return new Builder(checkpointer);
  }

  /**
   * Applies the requested resets, runs the tables, flushes the checkpointer and reports.
   *
   * @return how every table ended; {@link RunResult#succeeded()} says whether the run did
   * @throws dev.checkpoint.StoreException if the store fails: the run stops (tables in flight stop
   *     at their next batch) and reports, then this is thrown, since positions can no longer be
   *     saved
   */
  public RunResult run() {
    long start = System.nanoTime();
    if (resetAll) {
      LOG.info("resetting every table of task {}: the run starts fresh", cp.taskId());
      cp.resetAll();
    }
    for (TableRef t : resets) {
      LOG.info("resetting {}: it is read again from the beginning", t);
      cp.reset(t);
    }
    List<TableRef> order = jobs.stream().map(TableJob::table).toList();
    listener.runStarted(order);
    TableResult[] results = new TableResult[jobs.size()];
    for (int i = 0; i < startIndex; i++) {
      String reason = "before the start-from table " + order.get(startIndex);
      TableEvent e = new TableEvent(order.get(i), i + 1, order.size(), 0, 0, Duration.ZERO, false);
      listener.tableSkipped(e, reason);
      results[i] =
          new TableResult(order.get(i), TableResult.Outcome.SKIPPED, 0, 0, Duration.ZERO, reason);
    }
    AtomicInteger next = new AtomicInteger(startIndex);
    AtomicReference<RuntimeException> fatal = new AtomicReference<>();
    Runnable worker = () -> work(next, results, fatal);
    if (parallelism == 1) {
      worker.run();
    } else {
      runInParallel(worker);
    }
    for (int i = 0; i < results.length; i++) {
      if (results[i] == null) {
        results[i] =
            new TableResult(
                order.get(i), TableResult.Outcome.NOT_RUN, 0, 0, Duration.ZERO, stopReason);
      }
    }
    if (fatal.get() == null) {
      cp.flush();
    }
    RunResult result =
        new RunResult(Arrays.asList(results), Duration.ofNanos(System.nanoTime() - start));
    listener.runFinished(result);
    if (fatal.get() != null) {
      throw fatal.get();
    }
    return result;
  }

  private void work(
      AtomicInteger next, TableResult[] results, AtomicReference<RuntimeException> fatal) {
    while (!stopping) {
      int i = next.getAndIncrement();
      if (i >= jobs.size()) {
        return;
      }
      try {
        results[i] = task(i).run();
      } catch (RuntimeException e) {
        // A store failure (or a bug): positions can no longer be trusted to reach the store.
        fatal.compareAndSet(null, e);
        stop(
            "not run: the run stopped after a failure while running "
                + jobs.get(i).table()
                + ": "
                + e.getMessage());
        return;
      }
      if (results[i].outcome() == TableResult.Outcome.FAILED && stopOnFailure) {
        stop("not run: the run stopped at the first failure (" + jobs.get(i).table() + ")");
      }
    }
  }

  private synchronized void stop(String reason) {
    if (!stopping) {
      stopReason = reason;
      stopping = true;
    }
  }

  private <T> TableTask<T> task(int i) {
    @SuppressWarnings("unchecked")
    TableJob<T> job = (TableJob<T>) jobs.get(i);
    return new TableTask<>(cp, job, i + 1, jobs.size(), listener, settings, () -> stopping);
  }

  private void runInParallel(Runnable worker) {
    int run = RUNS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            parallelism,
            r -> {
              Thread t =
                  new Thread(r, "checkpoint-runner-" + run + "-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < parallelism; i++) {
      futures.add(pool.submit(worker));
    }
    pool.shutdown();
    boolean interrupted = false;
    for (Future<?> f : futures) {
      while (true) {
        try {
          f.get();
          break;
        } catch (InterruptedException e) {
          // Let the tables in flight stop at their next batch, then hand the interrupt back.
          interrupted = true;
          stop("not run: the run was interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("a runner worker failed unexpectedly", e.getCause());
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Settings of a run; the checkpointer and at least one table are required. */
  public static final class Builder {
    private final Checkpointer cp;
    private final Map<TableRef, TableJob<?>> jobs = new LinkedHashMap<>();
    private int parallelism = 1;
    private TableRef startFromTable;
    private String startFromName;
    private boolean stopOnFailure;
    private boolean truncatePartial = true;
    private boolean recordStatuses = true;
    private long splitAbove = DEFAULT_SPLIT_ABOVE;
    private int chunkThreads = 4;
    private final List<TableRef> resets = new ArrayList<>();
    private boolean resetAll;
    private final List<RunListener> listeners = new ArrayList<>();

    private Builder(Checkpointer cp) {
      this.cp = Objects.requireNonNull(cp, "checkpointer");
    }

    /**
     * Adds a table; tables run in the order added.
     *
     * @param job the table's job
     * @return this builder
     * @throws IllegalArgumentException if the job's table was already added
     */
    public Builder job(TableJob<?> job) {
      Objects.requireNonNull(job, "job");
      if (jobs.putIfAbsent(job.table(), job) != null) {
        throw new IllegalArgumentException("table " + job.table() + " is added twice");
      }
      return this;
    }

    /**
     * Adds tables, in the collection's order.
     *
     * @param jobs the tables' jobs
     * @return this builder
     * @throws IllegalArgumentException if a job's table was already added
     */
    public Builder jobs(Collection<? extends TableJob<?>> jobs) {
      Objects.requireNonNull(jobs, "jobs").forEach(this::job);
      return this;
    }

    /**
     * How many tables run at once, each on its own thread. Default 1.
     *
     * @param parallelism the number of tables at once
     * @return this builder
     * @throws IllegalArgumentException if {@code parallelism} is not positive
     */
    public Builder parallelism(int parallelism) {
      if (parallelism <= 0) {
        throw new IllegalArgumentException("parallelism must be > 0, was " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    /**
     * Starts at this table: the tables before it in the order are skipped (not touched), the ones
     * after it run as usual. Default: the first table.
     *
     * @param table a table of the run; {@link #build} refuses one that is not
     * @return this builder
     */
    public Builder startFrom(TableRef table) {
      this.startFromTable = Objects.requireNonNull(table, "startFrom");
      this.startFromName = null;
      return this;
    }

    /**
     * {@link #startFrom(TableRef)} by name, as seed 003's {@code --start-from-table Orders}: the
     * table name, or {@code schema.table}, of exactly one table of the run.
     *
     * @param table the table's name; {@link #build} refuses a name that matches no table or more
     *     than one
     * @return this builder
     * @throws IllegalArgumentException if {@code table} is null or blank
     */
    public Builder startFrom(String table) {
      if (table == null || table.isBlank()) {
        throw new IllegalArgumentException("startFrom must not be blank, was \"" + table + "\"");
      }
      this.startFromName = table;
      this.startFromTable = null;
      return this;
    }

    /**
     * Stop at the first failed table instead of going on to the others. Default false.
     *
     * @param stopOnFailure whether to stop at the first failed table
     * @return this builder
     */
    public Builder stopOnFailure(boolean stopOnFailure) {
      this.stopOnFailure = stopOnFailure;
      return this;
    }

    /**
     * Tables of at least this many rows (by their source's estimate) are split into chunks and
     * copied by {@link #chunkThreads} worker threads ({@link dev.checkpoint.chunk.ChunkedRun},
     * docs/scale-out.md), when their source can split them ({@link
     * dev.checkpoint.chunk.ChunkedSource}) and the checkpointer's store can be shared ({@link
     * dev.checkpoint.spi.SharedRecordStore}). A table split once stays split in later runs. Default
     * 5,000,000; {@code Long.MAX_VALUE} never splits.
     *
     * @param rows at least 1
     * @return this builder
     */
    public Builder splitAbove(long rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("splitAbove must be >= 1, was " + rows);
      }
      this.splitAbove = rows;
      return this;
    }

    /**
     * The worker threads of a table copied in chunks ({@link #splitAbove}). Default 4.
     *
     * @param threads at least 1
     * @return this builder
     */
    public Builder chunkThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("chunkThreads must be >= 1, was " + threads);
      }
      this.chunkThreads = threads;
      return this;
    }

    /**
     * Whether a partial table's target is emptied by its job's truncate callback before the table
     * is read again (seed 003's {@code --no-truncate} is {@code false}). Default true.
     *
     * @param truncatePartial whether to empty a partial table's target first
     * @return this builder
     */
    public Builder truncatePartial(boolean truncatePartial) {
      this.truncatePartial = truncatePartial;
      return this;
    }

    /**
     * Whether table statuses are written to the store. Default true. Turn it off for a store that
     * keeps none; the run then cannot tell a partial table from a new one, and treats every
     * unfinished table of strategy NONE as partial.
     *
     * @param recordStatuses whether to write table statuses
     * @return this builder
     */
    public Builder recordStatuses(boolean recordStatuses) {
      this.recordStatuses = recordStatuses;
      return this;
    }

    /**
     * Forgets these tables' positions and statuses when the run starts: they start over. Default:
     * none.
     *
     * @param tables the tables to start over
     * @return this builder
     */
    public Builder reset(TableRef... tables) {
      for (TableRef t : tables) {
        resets.add(Objects.requireNonNull(t, "table"));
      }
      return this;
    }

    /**
     * Forgets the whole task (positions, statuses, state) when the run starts. Default off.
     *
     * @return this builder
     */
    public Builder resetAll() {
      this.resetAll = true;
      return this;
    }

    /**
     * Adds a listener; see {@link RunListener#standard()}. Default: none.
     *
     * @param listener told of the run's events (see {@link RunListener})
     * @return this builder
     */
    public Builder listener(RunListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the run.
     *
     * @return the runner
     * @throws IllegalArgumentException for no tables, or a start-from table not in the run (or a
     *     start-from name that matches more than one)
     */
    public TableRunner build() {
      if (jobs.isEmpty()) {
        throw new IllegalArgumentException("no tables to run: add at least one TableJob");
      }
      return new TableRunner(this, startIndex());
    }

    private int startIndex() {
      List<TableRef> order = new ArrayList<>(jobs.keySet());
      if (startFromTable != null) {
        int i = order.indexOf(startFromTable);
        if (i < 0) {
          throw new IllegalArgumentException(
              "startFrom " + startFromTable + " is not a table of this run");
        }
        return i;
      }
      if (startFromName == null) {
        return 0;
      }
      List<Integer> matches = new ArrayList<>();
      for (int i = 0; i < order.size(); i++) {
        TableRef t = order.get(i);
        if (t.table().equals(startFromName)
            || (t.schema() + "." + t.table()).equals(startFromName)
            || t.toString().equals(startFromName)) {
          matches.add(i);
        }
      }
      if (matches.isEmpty()) {
        throw new IllegalArgumentException(
            "startFrom \"" + startFromName + "\" is not a table of this run");
      }
      if (matches.size() > 1) {
        throw new IllegalArgumentException(
            "startFrom \""
                + startFromName
                + "\" matches "
                + matches.size()
                + " tables ("
                + matches.stream().map(order::get).map(TableRef::toString).toList()
                + "); name it as schema.table");
      }
      return matches.get(0);
    }
  }
}
