package dev.checkpoint;

/**
 * The source no longer matches the recorded position, so the table cannot resume where it stopped:
 * a row-offset resume found that the last committed row is not the one that was committed (rows
 * before it were added, removed or changed), or the source is shorter than the committed rows.
 * Reading the table again from the beginning is the way out; {@code
 * dev.checkpoint.runner.TableRunner} does that by itself (truncating the target first, if a
 * truncate callback is given).
 */
public class SourceChangedException extends CheckpointException {
  private static final long serialVersionUID = 1L;

  /**
   * The source changed under a row-offset position.
   *
   * @param message the table and the row whose fingerprint differs
   */
  public SourceChangedException(String message) {
    super(message);
  }

  /**
   * The source changed under a row-offset position, found through another exception.
   *
   * @param message the table and the row whose fingerprint differs
   * @param cause the underlying exception
   */
  public SourceChangedException(String message, Throwable cause) {
    super(message, cause);
  }
}
