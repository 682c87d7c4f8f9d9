package dev.checkpoint.spi;

import java.util.Set;

/**
 * The record kinds (resumer_type values) the core writes. The first two are the seeds' system's own
 * and mean the same there; the others are this library's, and the seeds' system skips rows of kinds
 * it does not know. A store may hold records of other kinds (another tool's CDC positions): it
 * returns them from {@code load}, and the core skips them.
 */
public final class RecordKinds {
  /** A table's latest committed position; data is the position JSON (docs/formats.md). */
  public static final String POSITION = "SnapshotDoing";

  /** A finished table; data is the finished JSON. */
  public static final String FINISHED = "SnapshotFinished";

  /** A table's run status (multi-table runs); data is the status JSON. */
  public static final String TABLE_STATUS = "TableStatus";

  /** The task's own state; key {@link #STATE_KEY}, data the caller's JSON document. */
  public static final String TASK_STATE = "TaskState";

  /** The key of the task state record. */
  public static final String STATE_KEY = "state";

  /**
   * How a table is split into chunks (chunked runs); key the table's position key, data the plan
   * JSON (docs/scale-out.md).
   */
  public static final String CHUNK_PLAN = "ChunkPlan";

  /**
   * One chunk's state and lease (chunked runs); key the table's position key, {@code #} and the
   * chunk's number, data the chunk JSON (docs/scale-out.md).
   */
  public static final String CHUNK = "Chunk";

  /** Every kind the core writes. */
  public static final Set<String> ALL =
      Set.of(POSITION, FINISHED, TABLE_STATUS, TASK_STATE, CHUNK_PLAN, CHUNK);

  private RecordKinds() {}
}
