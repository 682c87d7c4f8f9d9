package dev.checkpoint.testkit.pipeline;

import dev.checkpoint.InMemoryStore;
import dev.checkpoint.PositionStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Proves that a pipeline of your own resumes: runs it once without a crash into a fresh target,
 * then, for each planned crash, runs it into a fresh target with that crash, runs it again on the
 * same position store (the restart), and compares the target with the uninterrupted run's. The
 * first plan whose target differs (or whose restart fails) is reported with the rows that are
 * missing and extra, as an {@link AssertionError}.
 *
 * <pre>{@code
 * PipelineCheck.of(run -> MyPipeline.copy(run.dataSource(db, "orders_copy"), run.store()))
 *     .freshTarget(() -> truncate("orders_copy"))
 *     .target(() -> rows("orders_copy"))
 *     .verify();
 * }</pre>
 *
 * <p>Defaults: every {@link CrashPoint}, {@code k} up to 20 ({@link Crashes#upTo}), a new {@link
 * InMemoryStore} per plan, exactly once (the targets compared as multisets).
 */
public final class PipelineCheck {
  /** The pipeline under test, built from the parts of a {@link CrashingRun}. */
  @FunctionalInterface
  public interface Pipeline {
    /**
     * Runs the pipeline once, to its end or to the crash.
     *
     * @param run the parts to build the pipeline from: a store, and a source, sink or data source
     * @throws Exception whatever the pipeline throws; an {@link InjectedCrash} in it is expected
     */
    void run(CrashingRun run) throws Exception;
  }

  /** Code run by the check that may throw, such as emptying the target. */
  @FunctionalInterface
  public interface Action {
    /**
     * Runs it.
     *
     * @throws Exception when it fails; the check fails with it
     */
    void run() throws Exception;
  }

  private final Pipeline pipeline;
  private Callable<? extends Collection<?>> target;
  private Action freshTarget;
  private Supplier<? extends PositionStore> stores = InMemoryStore::new;
  private Crashes crashes = Crashes.upTo(20);
  private Set<CrashPoint> points = EnumSet.allOf(CrashPoint.class);
  private boolean exactlyOnce = true;

  private PipelineCheck(Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  /**
   * Starts a check of a pipeline.
   *
   * @param pipeline runs the pipeline on the parts it is given
   * @return the check, to be configured and then {@link #verify verified}
   * @throws NullPointerException if {@code pipeline} is null
   */
  public static PipelineCheck of(Pipeline pipeline) {
    return new PipelineCheck(Objects.requireNonNull(pipeline, "pipeline"));
  }

  /**
   * How to read the target: every row, as objects with {@code equals} (records, lists, maps; an
   * {@code Object[]} is compared by its elements). Required.
   *
   * @param reader reads all rows of the target
   * @return this check
   */
  public PipelineCheck target(Callable<? extends Collection<?>> reader) {
    this.target = Objects.requireNonNull(reader, "target");
    return this;
  }

  /**
   * How to empty the target before each run from scratch (the uninterrupted run, each crashed run).
   * Required.
   *
   * @param reset empties the target (a TRUNCATE, a {@code clear()}, a collection drop)
   * @return this check
   */
  public PipelineCheck freshTarget(Action reset) {
    this.freshTarget = Objects.requireNonNull(reset, "freshTarget");
    return this;
  }

  /**
   * Where positions live: a new store for the uninterrupted run and for each plan (which keeps it
   * across its crash and its restart). Default: a new {@link InMemoryStore}.
   *
   * @param stores makes a fresh, empty store
   * @return this check
   */
  public PipelineCheck store(Supplier<? extends PositionStore> stores) {
    this.stores = Objects.requireNonNull(stores, "store");
    return this;
  }

  /**
   * Which batches to crash at. Default: {@code Crashes.upTo(20)}.
   *
   * @param crashes the choice of {@code k}
   * @return this check
   */
  public PipelineCheck crashes(Crashes crashes) {
    this.crashes = Objects.requireNonNull(crashes, "crashes");
    return this;
  }

  /**
   * Which crash points to try. Default: all.
   *
   * @param points the points
   * @return this check
   * @throws IllegalArgumentException if none is given
   */
  public PipelineCheck points(CrashPoint... points) {
    if (points.length == 0) {
      throw new IllegalArgumentException("points must not be empty");
    }
    this.points = EnumSet.copyOf(List.of(points));
    return this;
  }

  /**
   * The target must equal the uninterrupted run's row for row, each row as often: a row written
   * twice is reported as extra. The default.
   *
   * @return this check
   */
  public PipelineCheck exactlyOnce() {
    this.exactlyOnce = true;
    return this;
  }

  /**
   * The target must hold the uninterrupted run's rows and no others, duplicates allowed: for a
   * pipeline that re-delivers after a crash into a target without a key.
   *
   * @return this check
   */
  public PipelineCheck atLeastOnce() {
    this.exactlyOnce = false;
    return this;
  }

  /**
   * Runs the check.
   *
   * @return how many crash plans were tried, each of which ended with the same target
   * @throws AssertionError naming the first crash plan whose target differs (with the missing and
   *     extra rows) or whose restart fails; or if the uninterrupted run fails, or the pipeline uses
   *     no part that can crash
   * @throws IllegalStateException if the target or how to empty it is not set
   */
  public int verify() {
    if (target == null) {
      throw new IllegalStateException("target must be set: how to read the target's rows");
    }
    if (freshTarget == null) {
      throw new IllegalStateException("freshTarget must be set: how to empty the target");
    }
    Plan clean = Plan.none();
    List<?> expected;
    try (PositionStore store = stores.get()) {
      act(freshTarget, "emptying the target");
      try {
        pipeline.run(new CrashingRun(clean, store));
      } catch (Throwable e) {
        throw new AssertionError("the uninterrupted run failed: " + e, e);
      }
      expected = List.copyOf(read());
    }
    List<Plan> plans = plans(clean);
    if (plans.isEmpty()) {
      throw new AssertionError(
          "nothing to crash: the uninterrupted run used no part of its CrashingRun that reaches"
              + " the points "
              + points
              + " (build the pipeline from run.store(), and run.source/run.sink or"
              + " run.dataSource), or it handled no batch");
    }
    List<Failure> failures = new ArrayList<>();
    for (Plan plan : plans) {
      Failure f = attempt(plan, expected);
      if (f != null) {
        failures.add(f);
      }
    }
    if (!failures.isEmpty()) {
      String settings = crashes + ", " + (exactlyOnce ? "exactly once" : "at least once");
      throw new AssertionError(
          Failure.report(failures, plans.size(), settings, expected.size()),
          failures.get(0).error());
    }
    return plans.size();
  }

  /** A crashed run, then a restart on the same store, then the comparison; null if all is well. */
  private Failure attempt(Plan plan, List<?> expected) {
    try (PositionStore store = stores.get()) {
      act(freshTarget, "emptying the target");
      CrashingRun crashed = new CrashingRun(plan, store);
      try {
        pipeline.run(crashed);
      } catch (Throwable e) {
        if (!plan.fired()) {
          return new Failure(plan, "the run failed before the planned crash: " + e, null, e);
        }
      }
      crashed.crashingStore().releaseWriters();
      try {
        pipeline.run(new CrashingRun(Plan.none(), store));
      } catch (Throwable e) {
        return new Failure(plan, "the restart failed: " + e, null, e);
      }
      Collection<?> actual = read();
      TargetDiff diff = TargetDiff.of(expected, actual, exactlyOnce);
      if (diff.same()) {
        return null;
      }
      return new Failure(
          plan,
          "after the crash and the restart the target has " + actual.size() + " rows",
          diff,
          null);
    }
  }

  /** Each chosen {@code k} of each point that a part used by the clean run can reach. */
  private List<Plan> plans(Plan clean) {
    Map<CrashPoint, Plan.Part> parts = new EnumMap<>(CrashPoint.class);
    Map<CrashPoint, Integer> max = new EnumMap<>(CrashPoint.class);
    if (clean.used(Plan.Part.SOURCE)) {
      reach(
          parts,
          max,
          CrashPoint.AFTER_BATCH,
          Plan.Part.SOURCE,
          clean.counted(Plan.Part.SOURCE) - 1);
    } else if (clean.used(Plan.Part.SINK)) {
      reach(parts, max, CrashPoint.AFTER_BATCH, Plan.Part.SINK, clean.counted(Plan.Part.SINK) - 1);
    }
    Plan.Part sinkSide =
        clean.used(Plan.Part.CONNECTION) && clean.counted(Plan.Part.CONNECTION) > 0
            ? Plan.Part.CONNECTION
            : clean.used(Plan.Part.SINK) ? Plan.Part.SINK : null;
    if (sinkSide != null) {
      reach(parts, max, CrashPoint.IN_SINK, sinkSide, clean.counted(sinkSide));
      reach(parts, max, CrashPoint.AFTER_COMMIT, sinkSide, clean.counted(sinkSide));
    }
    if (clean.used(Plan.Part.STORE)) {
      reach(
          parts,
          max,
          CrashPoint.AFTER_POSITION_WRITE,
          Plan.Part.STORE,
          clean.counted(Plan.Part.STORE));
    }
    List<Plan> plans = new ArrayList<>();
    parts.forEach(
        (point, part) -> {
          if (points.contains(point)) {
            crashes.choose(max.get(point)).forEach(k -> plans.add(Plan.crash(point, part, k)));
          }
        });
    plans.sort(Comparator.comparingInt(Plan::k).thenComparing(Plan::point));
    return plans;
  }

  private static void reach(
      Map<CrashPoint, Plan.Part> parts,
      Map<CrashPoint, Integer> max,
      CrashPoint point,
      Plan.Part part,
      int k) {
    parts.put(point, part);
    max.put(point, k);
  }

  private Collection<?> read() {
    try {
      Collection<?> rows = target.call();
      return Objects.requireNonNull(rows, "the target reader returned null");
    } catch (Exception e) {
      throw new AssertionError("reading the target failed: " + e, e);
    }
  }

  private static void act(Action action, String what) {
    try {
      action.run();
    } catch (Exception e) {
      throw new AssertionError(what + " failed: " + e, e);
    }
  }
}
