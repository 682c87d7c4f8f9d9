package dev.checkpoint.testkit.pipeline;

import dev.checkpoint.Batch;
import dev.checkpoint.BatchSink;
import dev.checkpoint.PositionStore;
import dev.checkpoint.Source;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * What a pipeline under test gets on each run from {@link PipelineCheck}: its parts, wrapped so
 * that they crash at the planned moment with an {@link InjectedCrash}, and are dead after it. The
 * uninterrupted run and every restart get parts that never crash. A pipeline uses the parts it has:
 * a store always; a source and a sink when it runs {@code Checkpointer.run}; a data source when it
 * commits through JDBC itself.
 */
public final class CrashingRun {
  private final Plan plan;
  private final CrashingStore store;

  CrashingRun(Plan plan, PositionStore store) {
    this.plan = plan;
    this.store = new CrashingStore(store, plan);
  }

  /**
   * The position store of this check, the same on the crashed run and its restart (so that the
   * restart resumes); build the pipeline's {@code Checkpointer} on it. Crashes at {@link
   * CrashPoint#AFTER_POSITION_WRITE}.
   *
   * @return the store, wrapped
   */
  public PositionStore store() {
    plan.use(Plan.Part.STORE);
    return store;
  }

  /**
   * The source, crashing at {@link CrashPoint#AFTER_BATCH}: it throws when asked for batch {@code k
   * + 1}, counted over every cursor it opens in this run.
   *
   * @param <T> the row type
   * @param source the pipeline's source
   * @return the source, wrapped
   */
  public <T> Source<T> source(Source<T> source) {
    Objects.requireNonNull(source, "source");
    plan.use(Plan.Part.SOURCE);
    return decision -> {
      plan.alive("opening a source");
      Source.Cursor<T> cursor = source.open(decision);
      return new Source.Cursor<>() {
        @Override
        public Batch<T> next() {
          plan.alive("reading a batch");
          int n = plan.count(Plan.Part.SOURCE);
          if (plan.crashesAt(Plan.Part.SOURCE, CrashPoint.AFTER_BATCH, n - 1)) {
            throw plan.fire("asked for batch " + n);
          }
          return cursor.next();
        }

        @Override
        public void close() {
          cursor.close();
        }
      };
    };
  }

  /**
   * The sink, crashing at {@link CrashPoint#IN_SINK} (it writes the first half of batch {@code k},
   * then throws) and {@link CrashPoint#AFTER_COMMIT} (it writes batch {@code k}, then throws); also
   * at {@link CrashPoint#AFTER_BATCH} when no source is wrapped.
   *
   * @param <T> the row type
   * @param sink the pipeline's sink, which writes and commits a batch
   * @return the sink, wrapped
   */
  public <T> BatchSink<T> sink(BatchSink<T> sink) {
    Objects.requireNonNull(sink, "sink");
    plan.use(Plan.Part.SINK);
    return rows -> {
      plan.alive("writing a batch");
      int n = plan.count(Plan.Part.SINK);
      if (plan.crashesAt(Plan.Part.SINK, CrashPoint.AFTER_BATCH, n - 1)) {
        throw plan.fire("handed batch " + n + ", before writing it");
      }
      if (plan.crashesAt(Plan.Part.SINK, CrashPoint.IN_SINK, n)) {
        List<T> half = rows.subList(0, rows.size() / 2);
        sink.accept(half);
        throw plan.fire(half.size() + " of the batch's " + rows.size() + " rows written");
      }
      sink.accept(rows);
      if (plan.crashesAt(Plan.Part.SINK, CrashPoint.AFTER_COMMIT, n)) {
        throw plan.fire("the sink returned");
      }
    };
  }

  /**
   * The data source, for a pipeline that commits its batches through JDBC itself: the connections
   * that prepare a statement containing {@code targetMarker} are the sink's, and their {@code k}-th
   * commit crashes at {@link CrashPoint#IN_SINK} (rolled back) and {@link CrashPoint#AFTER_COMMIT}
   * (landed). Commits are counted only where the code calls {@code commit()}: an auto-commit sink
   * has none.
   *
   * @param dataSource the pipeline's data source
   * @param targetMarker text that only the sink's SQL contains, such as the target table's name
   * @return the data source, wrapped
   * @throws IllegalArgumentException if {@code targetMarker} is blank
   */
  public DataSource dataSource(DataSource dataSource, String targetMarker) {
    Objects.requireNonNull(dataSource, "dataSource");
    if (targetMarker == null || targetMarker.isBlank()) {
      throw new IllegalArgumentException("targetMarker must not be blank, was " + targetMarker);
    }
    plan.use(Plan.Part.CONNECTION);
    return new CrashingConnections(dataSource, targetMarker, plan);
  }

  Plan plan() {
    return plan;
  }

  CrashingStore crashingStore() {
    return store;
  }
}
