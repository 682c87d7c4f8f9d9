package dev.checkpoint.bench;

/**
 * Generates the benchmark tables on the server itself (INSERT ... SELECT from MariaDB's sequence
 * engine or PostgreSQL's generate_series), so that millions of rows take seconds, and keeps them
 * between runs: a table is rebuilt only when the runner's {@code bench_tables} says it does not
 * hold the rows asked for.
 *
 * <p>Every table has the same five columns: {@code id BIGINT} primary key (0 .. rows-1), an int, a
 * short string, a decimal and a timestamp with microseconds: about 60 bytes a row.
 */
final class DataGen {
  private static final long CHUNK = 1_000_000;

  private DataGen() {}

  static String sourceTable(long rows) {
    return "tp_" + rows;
  }

  /** The source table of {@code rows} rows, created and filled if needed; returns its name. */
  static String ensureSource(Db db, long rows) {
    String name = sourceTable(rows);
    db.exec(
        "CREATE TABLE IF NOT EXISTS "
            + db.qualified("bench_tables")
            + " (name VARCHAR(64) PRIMARY KEY, rows_n BIGINT NOT NULL)");
    long recorded =
        db.queryLong(
            "SELECT rows_n FROM " + db.qualified("bench_tables") + " WHERE name = '" + name + "'");
    if (recorded == rows && db.tableExists(name)) {
      return name;
    }
    long t0 = System.nanoTime();
    System.out.printf("  generating %s.%s (%,d rows) on %s ...%n", db.schema, name, rows, db);
    db.exec("DELETE FROM " + db.qualified("bench_tables") + " WHERE name = '" + name + "'");
    db.exec("DROP TABLE IF EXISTS " + db.qualified(name));
    createLike(db, name);
    for (long from = 0; from < rows; from += CHUNK) {
      long to = Math.min(rows, from + CHUNK) - 1;
      db.exec("INSERT INTO " + db.qualified(name) + " " + select(db, from, to));
    }
    db.exec(
        db.kind == Db.Kind.MYSQL
            ? "ANALYZE TABLE " + db.qualified(name)
            : "ANALYZE " + db.qualified(name));
    db.exec(
        "INSERT INTO " + db.qualified("bench_tables") + " VALUES ('" + name + "', " + rows + ")");
    System.out.printf("  generated in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    return name;
  }

  /** An empty table with the source tables' columns and primary key. */
  static void createLike(Db db, String name) {
    String ts = db.kind == Db.Kind.MYSQL ? "DATETIME(6)" : "TIMESTAMP(6)";
    db.exec(
        "CREATE TABLE "
            + db.qualified(name)
            + " (id BIGINT NOT NULL PRIMARY KEY, a INT NOT NULL, b VARCHAR(30), c DECIMAL(10,2), e "
            + ts
            + ")");
  }

  /** An empty copy target: dropped and created again. */
  static void recreateTarget(Db db, String name) {
    db.exec("DROP TABLE IF EXISTS " + db.qualified(name));
    createLike(db, name);
  }

  static void truncate(Db db, String name) {
    db.exec("TRUNCATE TABLE " + db.qualified(name));
  }

  private static String select(Db db, long from, long to) {
    if (db.kind == Db.Kind.MYSQL) {
      return "SELECT seq, seq % 1000, CONCAT('name ', seq), seq / 7.0 % 100000000,"
          + " TIMESTAMP('2024-01-01') + INTERVAL seq SECOND + INTERVAL (seq % 1000000) MICROSECOND"
          + " FROM seq_"
          + from
          + "_to_"
          + to;
    }
    return "SELECT i, i % 1000, 'name ' || i, (i / 7.0) % 100000000,"
        + " TIMESTAMP '2024-01-01' + i * INTERVAL '1 second' + (i % 1000000) * INTERVAL '1 microsecond'"
        + " FROM generate_series("
        + from
        + "::bigint, "
        + to
        + "::bigint) i";
  }
}
