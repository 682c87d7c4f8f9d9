package dev.checkpoint;

/**
 * The one unchecked root of every error this library raises. Subclasses say what kind of thing went
 * wrong; the message always names what and where (file and line, table and column, the value).
 */
public class CheckpointException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An error with its message, which names what failed and where.
   *
   * @param message what failed and where
   */
  public CheckpointException(String message) {
    super(message);
  }

  /**
   * An error with its message and the exception that caused it.
   *
   * @param message what failed and where
   * @param cause the underlying exception, e.g. an {@code SQLException} or {@code IOException}
   */
  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
