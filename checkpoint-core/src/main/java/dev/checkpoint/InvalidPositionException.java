package dev.checkpoint;

/**
 * A stored or user-written position, or a configuration file, could not be understood. The
 * message names the file (or store) and line, and quotes the offending text.
 */
public class InvalidPositionException extends CheckpointException {
  private static final long serialVersionUID = 1L;

  public InvalidPositionException(String message) {
    super(message);
  }

  public InvalidPositionException(String message, Throwable cause) {
    super(message, cause);
  }
}
