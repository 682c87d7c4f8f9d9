package dev.checkpoint;

/**
 * A store could not read or record state. A run that gets this must not report success: the
 * positions it meant to save are not saved.
 */
public class StoreException extends CheckpointException {
  private static final long serialVersionUID = 1L;

  /**
   * A store failure.
   *
   * @param message what could not be read or written, and where (the file, the table)
   */
  public StoreException(String message) {
    super(message);
  }

  /**
   * A store failure caused by another exception.
   *
   * @param message what could not be read or written, and where (the file, the table)
   * @param cause the underlying exception, e.g. an {@code IOException} or {@code SQLException}
   */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
