package dev.checkpoint.runner;

import dev.checkpoint.BatchSink;
import dev.checkpoint.Source;
import dev.checkpoint.Strategy;
import dev.checkpoint.TableRef;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One table of a {@link TableRunner}: what to read it with, where its batches go, whether it can
 * resume mid-way, and how to empty its target when it cannot.
 *
 * <pre>{@code
 * TableJob<Row> orders = TableJob.of(table, source, rows -> target.upsert(rows));
 * TableJob<Row> audit = TableJob.builder(auditTable)
 *     .source(JdbcSources.none(ds).build())
 *     .sink(rows -> target.insert(rows))
 *     .strategy(Strategy.NONE)
 *     .truncate(t -> target.truncate(t))
 *     .build();
 * }</pre>
 *
 * @param <T> the row type of the source and the sink
 */
public final class TableJob<T> {
  private final TableRef table;
  private final Supplier<? extends Source<T>> sources;
  private final BatchSink<T> sink;
  private final Strategy strategy;
  private final TargetTruncator truncator;

  private TableJob(Builder<T> b) {
    this.table = b.table;
    this.sources = b.sources;
    this.sink = b.sink;
    this.strategy = b.strategy;
    this.truncator = b.truncator;
  }

  /**
   * A table that resumes mid-way, read by {@code source} and written by {@code sink}.
   *
   * @param <T> the row type of the source and the sink
   * @param table the table
   * @param source reads the table, opened once per read
   * @param sink writes and commits each batch
   * @return the job, with strategy {@link Strategy#AUTO} and no truncator
   */
  public static <T> TableJob<T> of(TableRef table, Source<T> source, BatchSink<T> sink) {
    return TableJob.<T>builder(table).source(source).sink(sink).build();
  }

  /**
   * Starts the settings of a table's job.
   *
   * @param <T> the row type of the source and the sink
   * @param table the table
   * @return a builder; a source and a sink are required
   */
  public static <T> Builder<T> builder(TableRef table) {
    return new Builder<>(table);
  }

  /**
   * The table this job reads.
   *
   * @return the table
   */
  public TableRef table() {
    return table;
  }

  /**
   * A source for one read of the table: the same instance, or a new one from the factory.
   *
   * @return the source
   * @throws NullPointerException if the source factory returned null
   */
  public Source<T> source() {
    return Objects.requireNonNull(
        sources.get(), "the source factory of " + table + " returned null");
  }

  /**
   * What writes and commits each batch.
   *
   * @return the sink
   */
  public BatchSink<T> sink() {
    return sink;
  }

  /**
   * How the table resumes.
   *
   * @return the strategy; {@link Strategy#AUTO} unless set
   */
  public Strategy strategy() {
    return strategy;
  }

  /**
   * Whether the table can resume mid-way: {@link Strategy#NONE} cannot; every other strategy can.
   *
   * @return false for {@link Strategy#NONE}, true otherwise
   */
  public boolean resumesMidway() {
    return strategy != Strategy.NONE;
  }

  /**
   * What empties the table's target before a partial table is read again.
   *
   * @return the truncator, or empty if none was set
   */
  public Optional<TargetTruncator> truncator() {
    return Optional.ofNullable(truncator);
  }

  @Override
  public String toString() {
    return "TableJob[" + table + ", " + strategy + (truncator == null ? "" : ", truncates") + "]";
  }

  /** Settings of a {@link TableJob}; a source and a sink are required. */
  public static final class Builder<T> {
    private final TableRef table;
    private Supplier<? extends Source<T>> sources;
    private BatchSink<T> sink;
    private Strategy strategy = Strategy.AUTO;
    private TargetTruncator truncator;

    private Builder(TableRef table) {
      this.table = Objects.requireNonNull(table, "table");
    }

    /**
     * The source, opened once per read of the table. Required (or {@link #sourceFactory}).
     *
     * @param source the source
     * @return this builder
     */
    public Builder<T> source(Source<T> source) {
      Objects.requireNonNull(source, "source");
      this.sources = () -> source;
      return this;
    }

    /**
     * Makes a new source for every read of the table, for sources that keep state. Replaces a
     * {@link #source} set before.
     *
     * @param factory makes one source per read; must not return null
     * @return this builder
     */
    public Builder<T> sourceFactory(Supplier<? extends Source<T>> factory) {
      this.sources = Objects.requireNonNull(factory, "sourceFactory");
      return this;
    }

    /**
     * Writes and commits each batch. Required.
     *
     * @param sink the sink
     * @return this builder
     */
    public Builder<T> sink(BatchSink<T> sink) {
      this.sink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /**
     * How the source resumes. Default {@link Strategy#AUTO}: mid-way, where positions allow. With
     * {@link Strategy#NONE} an interrupted table is read again from the beginning, its target
     * truncated first. (A table that was started but has no position is treated the same way
     * whatever its strategy.)
     *
     * @param strategy the strategy
     * @return this builder
     */
    public Builder<T> strategy(Strategy strategy) {
      this.strategy = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /**
     * Empties the target before a partial table is read again. Default: none, and a partial table
     * is read again over whatever its target holds (with a warning in the log).
     *
     * @param truncator empties the table's target
     * @return this builder
     */
    public Builder<T> truncate(TargetTruncator truncator) {
      this.truncator = Objects.requireNonNull(truncator, "truncate");
      return this;
    }

    /**
     * Builds the job.
     *
     * @return the job
     * @throws IllegalArgumentException naming the missing source or sink
     */
    public TableJob<T> build() {
      if (sources == null) {
        throw new IllegalArgumentException("source is required for " + table);
      }
      if (sink == null) {
        throw new IllegalArgumentException("sink is required for " + table);
      }
      return new TableJob<>(this);
    }
  }
}
