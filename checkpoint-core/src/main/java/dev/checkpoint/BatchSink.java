package dev.checkpoint;

import java.util.List;

/**
 * The user's code that writes a batch and commits it. When it returns, the batch is committed and
 * its position may be recorded; when it throws, nothing of the batch is recorded.
 */
@FunctionalInterface
public interface BatchSink<T> {
  void accept(List<T> rows) throws Exception;
}
