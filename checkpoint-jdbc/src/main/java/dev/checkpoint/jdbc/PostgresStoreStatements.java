package dev.checkpoint.jdbc;

import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.Set;

/** PostgreSQL: advisory locks, {@code ON CONFLICT}, schemas. */
final class PostgresStoreStatements extends StoreStatements {
  // 42P07 duplicate table, 42P06 duplicate schema, 42710 duplicate object; 23505 is what a
  // concurrent CREATE ... IF NOT EXISTS that lost the race on pg_type or pg_namespace reports.
  private static final Set<String> EXISTS_STATES = Set.of("42P07", "42P06", "42710", "23505");

  PostgresStoreStatements(StoreTableName name) {
    super(Dialect.POSTGRES, name);
  }

  @Override
  String upsert() {
    return insert()
        + " ON CONFLICT (task_id, resumer_type, position_key) DO UPDATE SET"
        + " position_data = EXCLUDED.position_data, updated_at = CURRENT_TIMESTAMP";
  }

  /** DO NOTHING, not an error: an error would abort the caller's whole transaction. */
  @Override
  String insertIfAbsent() {
    return insert() + " ON CONFLICT (task_id, resumer_type, position_key) DO NOTHING";
  }

  @Override
  String fencedUpsert() {
    return "INSERT INTO "
        + table
        + " (task_id, resumer_type, position_key, position_data) SELECT ?, ?, ?, ? WHERE "
        + epochHeld()
        + " ON CONFLICT (task_id, resumer_type, position_key) DO UPDATE SET"
        + " position_data = EXCLUDED.position_data, updated_at = CURRENT_TIMESTAMP";
  }

  @Override
  String claimLockTimeout() {
    return "SET LOCAL lock_timeout = '2s'";
  }

  /** None: SET LOCAL ends with the transaction. */
  @Override
  String claimLockTimeoutEnd() {
    return null;
  }

  /** SET LOCAL: it ends with the caller's transaction and changes nothing else of the session. */
  @Override
  String idleInTransactionTimeout() {
    return "SET LOCAL idle_in_transaction_session_timeout = '10s'";
  }

  @Override
  boolean isLockTimeout(java.sql.SQLException e) {
    return "55P03".equals(e.getSQLState());
  }

  @Override
  String shareLock() {
    return " FOR SHARE";
  }

  @Override
  String schemaExists() {
    return "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = ?";
  }

  @Override
  String tableExists() {
    return "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c"
        + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
        + " WHERE n.nspname = ? AND c.relname = ?";
  }

  @Override
  String createSchema() {
    return "CREATE SCHEMA IF NOT EXISTS " + dialect.quote(name.schema());
  }

  // The unique constraint is left unnamed: index names are per schema in PostgreSQL, so the
  // seeds' fixed name would forbid a second position table in the same schema.
  @Override
  String createTable() {
    return "CREATE TABLE IF NOT EXISTS "
        + table
        + " (id bigserial PRIMARY KEY,"
        + " task_id varchar(255) NOT NULL,"
        + " resumer_type varchar(100) NOT NULL,"
        + " position_key varchar(255) NOT NULL,"
        + " position_data text,"
        + " created_at timestamp DEFAULT CURRENT_TIMESTAMP,"
        + " updated_at timestamp DEFAULT CURRENT_TIMESTAMP,"
        + " UNIQUE (task_id, resumer_type, position_key))";
  }

  @Override
  String tryTaskLock() {
    return "SELECT pg_try_advisory_lock(?)";
  }

  @Override
  String releaseTaskLock() {
    return "SELECT pg_advisory_unlock(?)";
  }

  @Override
  Object taskLockKey(String taskId) {
    return ByteBuffer.wrap(digest(lockText(taskId))).getLong();
  }

  @Override
  String ddlLock() {
    return "SELECT pg_advisory_xact_lock(?)";
  }

  @Override
  String ddlUnlock() {
    return null;
  }

  @Override
  Object ddlLockKey() {
    return ByteBuffer.wrap(digest("ddl\u0000" + name.fullName())).getLong();
  }

  @Override
  boolean isPermissionDenied(SQLException e) {
    return "42501".equals(e.getSQLState());
  }

  @Override
  boolean isAlreadyExists(SQLException e) {
    return EXISTS_STATES.contains(e.getSQLState());
  }

  @Override
  String schemaWord() {
    return "schema";
  }

  @Override
  Privilege schemaPrivilege(String currentDatabase) {
    String db = dialect.quote(currentDatabase);
    return new Privilege(
        "CREATE on database " + db, "GRANT CREATE ON DATABASE " + db + " TO <user>");
  }

  @Override
  Privilege tablePrivilege() {
    String schema = dialect.quote(name.schema());
    return new Privilege(
        "USAGE and CREATE on schema " + schema,
        "GRANT USAGE, CREATE ON SCHEMA " + schema + " TO <user>");
  }
}
