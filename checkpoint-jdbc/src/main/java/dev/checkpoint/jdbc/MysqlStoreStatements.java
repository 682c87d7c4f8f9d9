package dev.checkpoint.jdbc;

import java.sql.SQLException;
import java.util.HexFormat;

/** MySQL and MariaDB: named locks, {@code ON DUPLICATE KEY UPDATE}, databases as schemas. */
final class MysqlStoreStatements extends StoreStatements {

  MysqlStoreStatements(StoreTableName name) {
    super(Dialect.MYSQL, name);
  }

  // VALUES(col), not MySQL 8's row alias: the alias form is a syntax error on MariaDB.
  @Override
  String upsert() {
    return insert()
        + " ON DUPLICATE KEY UPDATE position_data = VALUES(position_data),"
        + " updated_at = CURRENT_TIMESTAMP";
  }

  /** IGNORE turns only the duplicate key into "no row"; the key's length is checked before. */
  @Override
  String insertIfAbsent() {
    return insert().replaceFirst("^INSERT ", "INSERT IGNORE ");
  }

  @Override
  String fencedUpsert() {
    return "INSERT INTO "
        + table
        + " (task_id, resumer_type, position_key, position_data) SELECT ?, ?, ?, ? FROM DUAL WHERE "
        + epochHeld()
        + " ON DUPLICATE KEY UPDATE position_data = VALUES(position_data),"
        + " updated_at = CURRENT_TIMESTAMP";
  }

  // LOCK IN SHARE MODE, not FOR SHARE: MariaDB 10.x knows only the former.
  @Override
  String shareLock() {
    return " LOCK IN SHARE MODE";
  }

  @Override
  String schemaExists() {
    return "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?";
  }

  @Override
  String tableExists() {
    return "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES"
        + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?";
  }

  @Override
  String createSchema() {
    return "CREATE DATABASE IF NOT EXISTS " + dialect.quote(name.schema());
  }

  // utf8mb4_bin: under the server's default _ci collation `Orders` and `orders`, or `é` and `e`,
  // would share one position_key.
  @Override
  String createTable() {
    return "CREATE TABLE IF NOT EXISTS "
        + table
        + " (id bigint AUTO_INCREMENT PRIMARY KEY,"
        + " task_id varchar(255) NOT NULL,"
        + " resumer_type varchar(255) NOT NULL,"
        + " position_key varchar(255) NOT NULL,"
        + " position_data text,"
        + " created_at timestamp DEFAULT CURRENT_TIMESTAMP,"
        + " updated_at timestamp DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,"
        + " UNIQUE KEY uk_task_id_task_type_position_key (task_id, resumer_type, position_key))"
        + " DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin";
  }

  /** A session setting, so {@link #claimLockTimeoutEnd} puts the server's default back. */
  @Override
  String claimLockTimeout() {
    return "SET SESSION innodb_lock_wait_timeout = 2";
  }

  @Override
  String claimLockTimeoutEnd() {
    return "SET SESSION innodb_lock_wait_timeout = DEFAULT";
  }

  /**
   * None: MySQL has no idle-in-transaction timeout, and MariaDB's is a session setting that would
   * outlive the caller's transaction on its pooled connection (docs/scale-out.md, Limits).
   */
  @Override
  String idleInTransactionTimeout() {
    return null;
  }

  @Override
  boolean isLockTimeout(java.sql.SQLException e) {
    return e.getErrorCode() == 1205;
  }

  @Override
  String tryTaskLock() {
    return "SELECT GET_LOCK(?, 0)";
  }

  @Override
  String releaseTaskLock() {
    return "SELECT RELEASE_LOCK(?)";
  }

  // Lock names are server-wide and at most 64 characters.
  @Override
  Object taskLockKey(String taskId) {
    return "checkpoint_" + HexFormat.of().formatHex(digest(lockText(taskId)), 0, 24);
  }

  @Override
  String ddlLock() {
    return "SELECT GET_LOCK(?, 60)";
  }

  @Override
  String ddlUnlock() {
    return "SELECT RELEASE_LOCK(?)";
  }

  @Override
  Object ddlLockKey() {
    return "checkpoint_ddl_" + HexFormat.of().formatHex(digest(name.fullName()), 0, 20);
  }

  @Override
  boolean isPermissionDenied(SQLException e) {
    int code = e.getErrorCode();
    // 1044 database, 1142 table command, 1227 global privilege denied.
    return code == 1044 || code == 1142 || code == 1227;
  }

  @Override
  boolean isAlreadyExists(SQLException e) {
    return e.getErrorCode() == 1050 || e.getErrorCode() == 1007;
  }

  @Override
  String schemaWord() {
    return "database";
  }

  @Override
  Privilege schemaPrivilege(String currentDatabase) {
    String db = dialect.quote(name.schema());
    return new Privilege("CREATE on database " + db, "GRANT CREATE ON " + db + ".* TO <user>");
  }

  @Override
  Privilege tablePrivilege() {
    return schemaPrivilege(null);
  }
}
