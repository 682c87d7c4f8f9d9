package dev.checkpoint.mongo;

import dev.checkpoint.TableRef;

/**
 * The field names and values of the position collection. Positions mirror the JDBC position
 * table's columns; the lease and {@code epoch} are this store's own.
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

  static final String DOING = "SnapshotDoing";
  static final String FINISHED = "SnapshotFinished";
  static final String LOCK = "TaskLock";

  /** The lease document's position_key: no table is named by an empty JSON text. */
  static final String LOCK_KEY = "";

  private StoreFields() {}

  /**
   * A table's position_key: the JSON array {@code [db_type, schema, tb]}. Unambiguous whatever the
   * names contain ({@code -}, {@code .}, quotes), unlike joining them with a separator.
   */
  static String positionKey(TableRef t) {
    return Json.stringArray(t.dbType(), t.schema(), t.table());
  }
}
