package dev.checkpoint.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;

/**
 * The SQL of a position table, generic where the dialects agree; {@link MysqlStoreStatements} and
 * {@link PostgresStoreStatements} override what differs. Every identifier goes through {@link
 * Dialect#quote}; every value is bound.
 */
abstract class StoreStatements {
  /** The {@code resumer_type} of this library's own bookkeeping row: the task's fencing epoch. */
  static final String TASK_LOCK = "TaskLock";

  /** The {@code position_key} of the epoch row. */
  static final String EPOCH_KEY = "epoch";

  /** The {@code resumer_type} of a table's run status (multi-table runs), filed under its key. */
  static final String TABLE_STATUS = "TableStatus";

  /** The {@code resumer_type} of the task's own state, one row under {@link #STATE_KEY}. */
  static final String TASK_STATE = "TaskState";

  static final String STATE_KEY = "state";

  final Dialect dialect;
  final StoreTableName name;
  final String table;

  StoreStatements(Dialect dialect, StoreTableName name) {
    this.dialect = dialect;
    this.name = name;
    this.table = dialect.qualified(name.schema(), name.table());
  }

  static StoreStatements of(Dialect dialect, StoreTableName name) {
    name.checkLength(dialect);
    return dialect == Dialect.MYSQL
        ? new MysqlStoreStatements(name)
        : new PostgresStoreStatements(name);
  }

  String selectTask() {
    return "SELECT id, resumer_type, position_key, position_data FROM "
        + table
        + " WHERE task_id = ? ORDER BY id";
  }

  /** A task's rows of one resumer_type. */
  String selectType() {
    return "SELECT id, position_key, position_data FROM "
        + table
        + " WHERE task_id = ? AND resumer_type = ? ORDER BY id";
  }

  /** Rows of one task under given keys, for finding rows another writer filed differently. */
  String selectByKey() {
    return "SELECT id, position_data FROM "
        + table
        + " WHERE task_id = ? AND resumer_type = ? AND position_key = ?";
  }

  /** The epoch row, share-locked so that a takeover waits for writes already under way. */
  String selectEpochShared() {
    return selectEpoch() + shareLock();
  }

  String selectEpochForUpdate() {
    return selectEpoch() + " FOR UPDATE";
  }

  /** The epoch row, without locking: to name the holder in a refusal. */
  String selectEpoch() {
    return "SELECT position_data FROM "
        + table
        + " WHERE task_id = ? AND resumer_type = ? AND position_key = ?";
  }

  String insert() {
    return "INSERT INTO "
        + table
        + " (task_id, resumer_type, position_key, position_data) VALUES (?, ?, ?, ?)";
  }

  String update() {
    return "UPDATE "
        + table
        + " SET position_data = ?, updated_at = CURRENT_TIMESTAMP"
        + " WHERE task_id = ? AND resumer_type = ? AND position_key = ?";
  }

  /** A conditional write: the record changes only if it holds the expected data. */
  String updateIf() {
    return update() + " AND position_data = ?";
  }

  /** A conditional delete: only if the record holds the expected data. */
  String deleteIf() {
    return deleteByKey() + " AND position_data = ?";
  }

  /** Inserts the record unless one with its key exists; the update count says which. */
  abstract String insertIfAbsent();

  /**
   * Run before a conditional write in this store's own transaction: how long it may wait for a row
   * lock. A worker paused inside its batch's transaction holds its chunk's row; a claim waits at
   * most this long for it, then counts as lost and is tried again later.
   */
  abstract String claimLockTimeout();

  /** Run after the conditional write: undoes {@link #claimLockTimeout}, or null if it ends. */
  abstract String claimLockTimeoutEnd();

  /**
   * Run before a conditional write in the caller's transaction, or null: ends that transaction's
   * session if it then sits idle (its process paused or cut off before the commit), so that the
   * chunk's row lock it holds does not outlive its lease.
   */
  abstract String idleInTransactionTimeout();

  /** Whether the error is a lock wait that ran out ({@link #claimLockTimeout}). */
  abstract boolean isLockTimeout(java.sql.SQLException e);

  String deleteByKey() {
    return "DELETE FROM " + table + " WHERE task_id = ? AND resumer_type = ? AND position_key = ?";
  }

  String updateKey() {
    return "UPDATE " + table + " SET position_key = ? WHERE id = ?";
  }

  String deleteById() {
    return "DELETE FROM " + table + " WHERE id = ?";
  }

  /**
   * Every position, finished, status and state row of a task; other tools' rows and the epoch row
   * stay.
   */
  String deleteTask() {
    return "DELETE FROM " + table + " WHERE task_id = ? AND resumer_type IN (?, ?, ?, ?)";
  }

  /** Fails, naming the column, when a table someone else created lacks one of ours. */
  String probeColumns() {
    return "SELECT id, task_id, resumer_type, position_key, position_data, created_at, updated_at"
        + " FROM "
        + table
        + " WHERE 1 = 0";
  }

  /** Parameters: task_id, resumer_type, position_key, position_data. */
  abstract String upsert();

  /**
   * An upsert that writes only while the task's epoch row still holds the session's text, share-
   * locking that row for the rest of the transaction: the fence folded into the write, one
   * statement. Parameters: task_id, resumer_type, position_key, position_data, then task_id and the
   * epoch row's text. Updates no row when the session is fenced.
   */
  abstract String fencedUpsert();

  /** The fence's condition on the epoch row, for {@link #fencedUpsert}. */
  String epochHeld() {
    return "EXISTS (SELECT 1 FROM "
        + table
        + " WHERE task_id = ? AND resumer_type = '"
        + TASK_LOCK
        + "' AND position_key = '"
        + EPOCH_KEY
        + "' AND position_data = ?"
        + shareLock()
        + ")";
  }

  abstract String shareLock();

  /** Parameter: the schema; returns the schema's name. */
  abstract String schemaExists();

  /** Parameters: schema, table; returns the schema's and the table's names. */
  abstract String tableExists();

  abstract String createSchema();

  abstract String createTable();

  /** Parameter: {@link #taskLockKey}; returns whether the lock was taken, without waiting. */
  abstract String tryTaskLock();

  abstract String releaseTaskLock();

  abstract Object taskLockKey(String taskId);

  /** Parameter: {@link #ddlLockKey}; waits for the lock. */
  abstract String ddlLock();

  /** Releases the DDL lock, or {@code null} where commit releases it. */
  abstract String ddlUnlock();

  abstract Object ddlLockKey();

  abstract boolean isPermissionDenied(SQLException e);

  abstract boolean isAlreadyExists(SQLException e);

  /** What the dialect calls the container of the table: database (MySQL) or schema. */
  abstract String schemaWord();

  /** A privilege on an object, and the GRANT that gives it: for error messages. */
  record Privilege(String what, String grant) {}

  /** What creating the schema needs. */
  abstract Privilege schemaPrivilege(String currentDatabase);

  /** What creating the table needs. */
  abstract Privilege tablePrivilege();

  /** A SHA-256 digest of the text: lock names stay short whatever the task id. */
  static byte[] digest(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Task locks are per position table: the same task id in two tables is two tasks. */
  String lockText(String taskId) {
    return name.fullName() + "\u0000" + taskId;
  }
}
