package dev.checkpoint;

import java.util.List;

/**
 * The user's code that writes a batch and commits it. When it returns, the batch is committed and
 * its position may be recorded; when it throws, nothing of the batch is recorded.
 */
@FunctionalInterface
public interface BatchSink<T> {
  /**
   * Writes the rows and commits them; the batch's position is taken only after this returns.
   *
   * @param rows the batch's rows, in read order
   * @throws Exception when the batch could not be written or committed: nothing of it is recorded,
   *     and the run (or the table, under a {@code TableRunner}) fails with it
   */
  void accept(List<T> rows) throws Exception;
}
