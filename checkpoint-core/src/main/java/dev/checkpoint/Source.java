package dev.checkpoint;

/**
 * A resumable reader of one table: opened at a resume decision, it hands out batches, each with the
 * position that holds once the batch is committed. JDBC and MongoDB readers implement it; so can
 * any user code.
 */
@FunctionalInterface
public interface Source<T> {

  /**
   * Opens a cursor that starts right after the decision's position, or at the beginning.
   *
   * @param decision where to start: after its position, or from the beginning when it has none
   * @return a cursor the caller closes
   * @throws CheckpointException if the position cannot be used by this source (a different key, a
   *     value that does not parse as the column's type, a changed source for a row offset)
   */
  Cursor<T> open(ResumeDecision decision);

  /** A stream of batches; the caller closes it. */
  interface Cursor<T> extends AutoCloseable {
    /**
     * The next batch, or {@code null} when the table is exhausted.
     *
     * @return the next batch, or {@code null} at the end
     */
    Batch<T> next();

    @Override
    void close();
  }
}
