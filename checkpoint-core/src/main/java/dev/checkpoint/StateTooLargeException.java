package dev.checkpoint;

/**
 * A task state handed to {@link Checkpointer#recordState} is larger than the configured limit
 * ({@link Checkpointer.Builder#maxStateBytes}). Nothing was written: the previous state stands.
 */
public class StateTooLargeException extends CheckpointException {
  private static final long serialVersionUID = 1L;

  private final long size;
  private final long limit;

  public StateTooLargeException(String message, long size, long limit) {
    super(message);
    this.size = size;
    this.limit = limit;
  }

  /** The size of the refused state, in UTF-8 bytes. */
  public long size() {
    return size;
  }

  /** The limit it exceeded, in bytes. */
  public long limit() {
    return limit;
  }
}
