package dev.checkpoint;

/** A configuration file or setting is wrong. The message names the file, line, key and value. */
public class ConfigException extends CheckpointException {
  private static final long serialVersionUID = 1L;

  /**
   * A configuration error.
   *
   * @param message the file, line, key and value, and what is wrong with them
   */
  public ConfigException(String message) {
    super(message);
  }

  /**
   * A configuration error caused by another exception (an unreadable file, a bad number).
   *
   * @param message the file, line, key and value, and what is wrong with them
   * @param cause the underlying exception
   */
  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
