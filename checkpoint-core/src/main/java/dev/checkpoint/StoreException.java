package dev.checkpoint;

/**
 * A store could not read or record state. A run that gets this must not report success: the
 * positions it meant to save are not saved.
 */
public class StoreException extends CheckpointException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
