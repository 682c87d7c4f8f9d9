package dev.checkpoint.micrometer;

import dev.checkpoint.Checkpointer;
import dev.checkpoint.PositionStore;
import dev.checkpoint.TableRef;
import dev.checkpoint.runner.RunListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes a task's progress as Micrometer meters: rows and batches committed, tables by status
 * and rows per second (from a {@link dev.checkpoint.runner.TableRunner} run), and the store's
 * position writes, their latency and its write failures (from a decorated {@link PositionStore}).
 *
 * <pre>{@code
 * CheckpointMetrics metrics = CheckpointMetrics.of(registry);
 * try (Checkpointer cp = Checkpointer.builder()
 *     .taskId("shop-copy")
 *     .store(metrics.instrument(LogStore.in(Path.of("logs"))))
 *     .build()) {
 *   TableRunner.builder(cp).jobs(jobs).listener(metrics.listener(cp)).build().run();
 * }
 * }</pre>
 *
 * <p>Every meter has the tag {@code task}; a table's meters also have {@code db_type}, {@code
 * schema} and {@code table}. Counters count what happened in this process: after a crash, the
 * resumed run's counters start from zero and count only what the resumed run delivers. The names
 * and what a Prometheus registry makes of them are listed in docs/operations.md.
 *
 * <p>One instance serves any number of tasks and runs on one registry, and instances on the same
 * registry share its gauges: a job run twice in one JVM shows one set of meters per task.
 */
public final class CheckpointMetrics {
  /** Rows committed by the sink (counter). */
  public static final String ROWS = "checkpoint.rows";

  /** Batches committed by the sink (counter). */
  public static final String BATCHES = "checkpoint.batches";

  /** Rows per second of the current run on a table, 0 when it is not running (gauge). */
  public static final String ROWS_PER_SECOND = "checkpoint.rows.per.second";

  /** Tables of the run by status, tag {@code status} (gauge). */
  public static final String TABLES = "checkpoint.tables";

  /** Positions written to the store, and how long each write took (timer). */
  public static final String POSITIONS_WRITTEN = "checkpoint.positions.written";

  /** Store writes that failed, tag {@code operation} (counter). */
  public static final String STORE_FAILURES = "checkpoint.store.failures";

  /** Store flushes (making recorded writes durable), and how long each took (timer). */
  public static final String STORE_FLUSHES = "checkpoint.store.flushes";

  /**
   * The state behind each registry's gauges, per task. Registration is once per registry (a second
   * registration of a gauge is ignored), so every instance on a registry must feed the same state.
   * Weak keys: the entry goes with its registry; the gauges hold their state, not the registry.
   */
  private static final Map<MeterRegistry, Map<String, TableStates>> STATES =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final MeterRegistry registry;

  private CheckpointMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Metrics on this registry.
   *
   * @param registry the application's registry (Prometheus, a composite, {@code
   *     SimpleMeterRegistry} in tests)
   * @return a new instance; it registers nothing until a store is opened or a run starts
   * @throws NullPointerException if {@code registry} is null
   */
  public static CheckpointMetrics of(MeterRegistry registry) {
    return new CheckpointMetrics(Objects.requireNonNull(registry, "registry"));
  }

  /**
   * The store, with its writes measured: each position written ({@value #POSITIONS_WRITTEN}, with
   * its latency), each flush ({@value #STORE_FLUSHES}) and each failed write ({@value
   * #STORE_FAILURES}). Everything else passes through unchanged, exceptions included.
   *
   * <p>A sink that writes positions in its own transaction ({@code Checkpointer.runInTransaction}
   * with {@code JdbcSinks.inTransaction}) needs the store's own session: give that checkpointer the
   * undecorated store.
   *
   * @param store the store to measure
   * @return a store that measures and delegates to {@code store}; closing it closes {@code store}
   * @throws NullPointerException if {@code store} is null
   */
  public PositionStore instrument(PositionStore store) {
    return new MeteredStore(Objects.requireNonNull(store, "store"), registry);
  }

  /**
   * A listener for {@link dev.checkpoint.runner.TableRunner.Builder#listener} that counts the rows
   * ({@value #ROWS}) and batches ({@value #BATCHES}) of the run, and keeps the gauges {@value
   * #TABLES} (tag {@code status}: {@code pending}, {@code in_progress}, {@code completed}, {@code
   * failed}) and {@value #ROWS_PER_SECOND}. A table's status starts as the one the checkpointer
   * loaded from the store ({@code pending} if it has none) and follows the run.
   *
   * @param checkpointer the run's checkpointer: its task id is the {@code task} tag
   * @return a listener; runs of the same task share their gauges
   * @throws NullPointerException if {@code checkpointer} is null
   */
  public RunListener listener(Checkpointer checkpointer) {
    Objects.requireNonNull(checkpointer, "checkpointer");
    TableStates states =
        STATES
            .computeIfAbsent(registry, r -> new ConcurrentHashMap<>())
            .computeIfAbsent(checkpointer.taskId(), task -> TableStates.register(registry, task));
    return new RunMetrics(registry, checkpointer, states);
  }

  /** The tags of one table's meters. */
  static Tags tableTags(String task, TableRef table) {
    return Tags.of(
        "task", task, "db_type", table.dbType(), "schema", table.schema(), "table", table.table());
  }
}
