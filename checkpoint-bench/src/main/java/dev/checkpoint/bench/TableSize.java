package dev.checkpoint.bench;

/**
 * A table's bytes on the server, measured as the JDBC store's storage test does: heap or clustered
 * index plus every index, after compaction ({@code OPTIMIZE TABLE} / {@code VACUUM FULL}) so that
 * free space left by updates is not counted.
 */
final class TableSize {
  private TableSize() {}

  static long of(Db db, String table) {
    String q = db.qualified(table);
    if (db.kind == Db.Kind.MYSQL) {
      db.exec("OPTIMIZE TABLE " + q, "ANALYZE TABLE " + q);
      return db.queryLong(
          "SELECT DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
              + db.schema
              + "' AND TABLE_NAME = '"
              + table
              + "'");
    }
    db.exec("VACUUM FULL " + q, "ANALYZE " + q);
    return db.queryLong("SELECT pg_total_relation_size('" + q.replace("'", "''") + "'::regclass)");
  }
}
