package dev.checkpoint;

/**
 * The one unchecked root of every error this library raises. Subclasses say what kind of thing
 * went wrong; the message always names what and where (file and line, table and column, the
 * value).
 */
public class CheckpointException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CheckpointException(String message) {
    super(message);
  }

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
