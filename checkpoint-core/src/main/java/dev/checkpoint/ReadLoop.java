package dev.checkpoint;

/**
 * The one read loop behind {@link Checkpointer#run}, {@link Checkpointer#runInTransaction} and the
 * multi-table runner ({@link Checkpointer#readPass}), with the one wrapper of a sink's failure.
 */
public final class ReadLoop {
  private ReadLoop() {}

  /** What runs after each batch was committed; false stops the pass (the run is stopping). */
  @FunctionalInterface
  public interface AfterBatch {
    /**
     * Called once a batch and its position were committed.
     *
     * @param batch the batch just committed
     * @return true to read the next batch, false to stop the pass
     */
    boolean proceed(Batch<?> batch);
  }

  /** What a pass does with each non-empty batch. */
  @FunctionalInterface
  interface Step<T> {
    void apply(Batch<T> batch);
  }

  /** The step of {@link Checkpointer#run}: the sink, then the position is taken. */
  static <T> Step<T> committing(Checkpointer cp, TableRef table, BatchSink<T> sink) {
    return batch -> {
      try {
        sink.accept(batch.rows());
      } catch (Exception e) {
        throw sinkFailure(table, e);
      }
      cp.committed(table, batch.position(), batch.size());
    };
  }

  /**
   * A sink's failure as the caller sees it: runtime exceptions unchanged, checked ones wrapped in a
   * {@link CheckpointException} naming the table and the sink's message.
   */
  static RuntimeException sinkFailure(TableRef table, Exception e) {
    if (e instanceof RuntimeException r) {
      return r;
    }
    return new CheckpointException("sink failed on " + table + ": " + e.getMessage(), e);
  }

  /**
   * Reads from the decision to the end of the source, or until {@code after} says stop. With {@code
   * readAhead} the next batch is fetched while the step writes the current one ({@link ReadAhead});
   * a batch's position is still taken only after its step returned.
   */
  static <T> long pass(
      ResumeDecision decision,
      Source<T> source,
      Step<T> step,
      AfterBatch after,
      boolean readAhead) {
    long rows = 0;
    Source.Cursor<T> opened = source.open(decision);
    try (Source.Cursor<T> cursor = readAhead ? new ReadAhead<>(opened, decision.table()) : opened) {
      Batch<T> batch;
      while ((batch = cursor.next()) != null) {
        if (batch.rows().isEmpty()) {
          continue;
        }
        step.apply(batch);
        rows += batch.size();
        if (!after.proceed(batch)) {
          break;
        }
      }
    }
    return rows;
  }
}
