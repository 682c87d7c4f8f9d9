package dev.checkpoint.chunk;

import dev.checkpoint.CheckpointException;

/**
 * A worker's write to a chunk was refused because the chunk is no longer its own: its lease expired
 * and another worker took the chunk over (or finished it). Nothing of the refused write landed; the
 * worker stops reading that chunk and claims another.
 */
public class ChunkLeaseLostException extends CheckpointException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was refused, naming the chunk and the worker
   */
  public ChunkLeaseLostException(String message) {
    super(message);
  }
}
