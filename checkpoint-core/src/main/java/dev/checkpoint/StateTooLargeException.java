package dev.checkpoint;

/**
 * A task state handed to {@link Checkpointer#recordState} is larger than the configured limit
 * ({@link Checkpointer.Builder#maxStateBytes}). Nothing was written: the previous state stands.
 */
public class StateTooLargeException extends CheckpointException {
  private static final long serialVersionUID = 1L;

  /** The size of the refused state, in UTF-8 bytes. */
  private final long size;

  /** The limit it exceeded, in bytes. */
  private final long limit;

  /**
   * A refused state.
   *
   * @param message the size and the limit, and how to raise the limit
   * @param size the size of the refused state, in UTF-8 bytes
   * @param limit the limit it exceeded, in bytes
   */
  public StateTooLargeException(String message, long size, long limit) {
    super(message);
    this.size = size;
    this.limit = limit;
  }

  /**
   * The size of the refused state, in UTF-8 bytes.
   *
   * @return the size in bytes
   */
  public long size() {
    return size;
  }

  /**
   * The limit it exceeded, in bytes.
   *
   * @return the limit in bytes
   */
  public long limit() {
    return limit;
  }
}
