package dev.checkpoint.mongo;

import dev.checkpoint.PositionKey;
import dev.checkpoint.TableRef;
import java.util.List;

/**
 * The field names and values of the position collection. Positions mirror the JDBC position table's
 * columns and rows; the lease, the {@code epoch} field, table statuses and task state are this
 * store's own records in the same collection.
 */
final class StoreFields {
  static final String TASK_ID = "task_id";
  static final String RESUMER_TYPE = "resumer_type";
  static final String POSITION_KEY = "position_key";
  static final String POSITION_DATA = "position_data";
  static final String CREATED_AT = "created_at";
  static final String UPDATED_AT = "updated_at";

  /** The lease epoch of the writer that last wrote the document. */
  static final String EPOCH = "epoch";

  static final String OWNER = "owner";
  static final String EXPIRES_AT = "expires_at";

  static final String DOING = PositionKey.SNAPSHOT_DOING;
  static final String FINISHED = PositionKey.SNAPSHOT_FINISHED;
  static final String LOCK = "TaskLock";

  /** A table's run status (seed 003): position_data is the status JSON. */
  static final String STATUS = "TableStatus";

  /** The task's own state (seed 004): position_data is the caller's JSON. */
  static final String STATE = "TaskState";

  /** Every kind of record a task owns, the lease aside. */
  static final List<String> TASK_RECORDS = List.of(DOING, FINISHED, STATUS, STATE);

  /** Records filed under a table's key. */
  static final List<String> TABLE_RECORDS = List.of(DOING, FINISHED, STATUS);

  /** The position_key of the records that belong to no table (the lease, the task state). */
  static final String TASK_KEY = "";

  private StoreFields() {}

  /** A table's position_key: the rule the JDBC store uses, so the records are the same. */
  static String positionKey(TableRef t) {
    return PositionKey.of(t);
  }
}
