package dev.checkpoint;

/**
 * A stored or user-written position, or a configuration file, could not be understood. The message
 * names the file (or store) and line, and quotes the offending text.
 */
public class InvalidPositionException extends CheckpointException {
  private static final long serialVersionUID = 1L;

  /**
   * A position that cannot be used.
   *
   * @param message what is wrong, with the file and line or the table it came from
   */
  public InvalidPositionException(String message) {
    super(message);
  }

  /**
   * A position that cannot be used, because of another exception (a JSON parse error).
   *
   * @param message what is wrong, with the file and line or the table it came from
   * @param cause the underlying exception
   */
  public InvalidPositionException(String message, Throwable cause) {
    super(message, cause);
  }
}
