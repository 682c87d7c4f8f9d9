package dev.checkpoint.torture;

import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The sources a torture run copies and the comparison of a target with its source, in SQL on the
 * server: rows of the source missing from the target (all columns compared, NULL equal to NULL),
 * rows in the target that are not in the source, and rows that are there more than once.
 */
class TortureData implements Side {
  /** Rows of each source table: 250 batches, long enough for several kills per copy. */
  static final int ROWS = 50_000;

  /** A target compared with its source. */
  record Comparison(long targetRows, long missing, long extra, long duplicated) {}

  /** The columns of each table, its key first. */
  private static final Map<String, List<String>> COLUMNS =
      Map.of(
          "t", List.of("id", "k", "v", "amount"),
          "c", List.of("a", "b", "v"),
          "u", List.of("id", "v"),
          "j", List.of("id", "v", "name"));

  private static final Map<String, List<String>> KEYS =
      Map.of("t", List.of("id"), "c", List.of("a", "b"), "u", List.of("id"), "j", List.of("id"));

  final Kind kind;
  final String src;
  final String dst;

  TortureData(Kind kind) {
    this.kind = kind;
    this.src = TestDatabases.freshSchema(kind, "torture_src");
    this.dst = TestDatabases.freshSchema(kind, "torture_dst");
  }

  /** The query ROW_SKIP_JOIN_TX reads: a join, in a deterministic order. */
  static String joinQuery(String schema) {
    return "SELECT t.id, t.v, g.name FROM "
        + schema
        + ".t t JOIN "
        + schema
        + ".g g ON g.gid = t.id % 50 ORDER BY t.id";
  }

  /** Creates and fills the source tables t (non-unique nullable k), c (composite), u, g. */
  void fillSources() throws SQLException {
    boolean pg = kind == Kind.POSTGRES;
    String gen = pg ? " FROM generate_series(1, " + ROWS + ") i" : " FROM seq_1_to_" + ROWS;
    String i = pg ? "i" : "seq";
    String div = pg ? i + " / 100" : i + " DIV 100";
    String concat = pg ? "'row ' || " + i + " || ' é'" : "CONCAT('row ', " + i + ", ' é')";
    exec(
        "CREATE TABLE "
            + src
            + ".t (id BIGINT PRIMARY KEY, k INT NULL, v VARCHAR(60) NOT NULL,"
            + " amount DECIMAL(12,2) NOT NULL)",
        "CREATE INDEX t_k ON " + src + ".t (k, id)",
        "INSERT INTO "
            + src
            + ".t SELECT "
            + i
            + ", CASE WHEN "
            + i
            + " % 13 = 0 THEN NULL ELSE "
            + i
            + " % 97 END, "
            + concat
            + ", "
            + i
            + " * 1.25"
            + gen,
        "CREATE TABLE "
            + src
            + ".c (a INT NOT NULL, b INT NOT NULL, v VARCHAR(60) NOT NULL,"
            + " PRIMARY KEY (a, b))",
        "INSERT INTO " + src + ".c SELECT " + div + ", " + i + " % 100, " + concat + gen,
        "CREATE TABLE " + src + ".u (id BIGINT NOT NULL, v VARCHAR(60) NOT NULL, UNIQUE (id))",
        "INSERT INTO " + src + ".u SELECT " + i + ", " + concat + gen,
        "CREATE TABLE " + src + ".g (gid INT PRIMARY KEY, name VARCHAR(40) NOT NULL)",
        "INSERT INTO "
            + src
            + ".g SELECT "
            + i
            + " - 1, "
            + concat
            + (pg ? " FROM generate_series(1, 50) i" : " FROM seq_1_to_50"));
  }

  @Override
  public String url() {
    return TestDatabases.url(kind);
  }

  @Override
  public String src() {
    return src;
  }

  @Override
  public String dst() {
    return dst;
  }

  /** Drops and creates the mode's target: its columns, no unique key, a plain index. */
  @Override
  public void freshTarget(Mode mode) throws SQLException {
    String table = mode.target;
    String like =
        switch (table) {
          case "t" -> "(id BIGINT, k INT NULL, v VARCHAR(60), amount DECIMAL(12,2))";
          case "c" -> "(a INT, b INT, v VARCHAR(60))";
          case "u" -> "(id BIGINT, v VARCHAR(60))";
          case "j" -> "(id BIGINT, v VARCHAR(60), name VARCHAR(40))";
          default -> throw new IllegalArgumentException(table);
        };
    exec(
        "DROP TABLE IF EXISTS " + dst + "." + table,
        "CREATE TABLE " + dst + "." + table + " " + like,
        "CREATE INDEX "
            + table
            + "_key ON "
            + dst
            + "."
            + table
            + " ("
            + String.join(", ", KEYS.get(table))
            + ")");
  }

  /** Where a round's positions go: a log directory, or a table in the target schema. */
  @Override
  public String store(Mode mode, int round, Path dir) {
    return mode.logStore() ? dir.resolve("log-" + round).toString() : dst + ".positions";
  }

  @Override
  public Comparison compare(Mode mode) throws SQLException {
    String table = mode.target;
    String source =
        mode == Mode.ROW_SKIP_JOIN_TX ? "(" + joinQuery(src) + ")" : src + "." + mode.source;
    String target = dst + "." + table;
    // Keys are NOT NULL and compared with = (indexable); the other columns NULL-safe.
    String same =
        COLUMNS.get(table).stream()
            .map(
                c ->
                    KEYS.get(table).contains(c)
                        ? "d." + c + " = s." + c
                        : kind == Kind.POSTGRES
                            ? "d." + c + " IS NOT DISTINCT FROM s." + c
                            : "d." + c + " <=> s." + c)
            .collect(Collectors.joining(" AND "));
    String keys = String.join(", ", KEYS.get(table));
    long rows = count("SELECT count(*) FROM " + target);
    long missing =
        count(
            "SELECT count(*) FROM "
                + source
                + " s WHERE NOT EXISTS (SELECT 1 FROM "
                + target
                + " d WHERE "
                + same
                + ")");
    long extra =
        count(
            "SELECT count(*) FROM "
                + target
                + " d WHERE NOT EXISTS (SELECT 1 FROM "
                + source
                + " s WHERE "
                + same
                + ")");
    long distinct =
        count("SELECT count(*) FROM (SELECT DISTINCT " + keys + " FROM " + target + ") x");
    return new Comparison(rows, missing, extra, rows - distinct);
  }

  private long count(String sql) throws SQLException {
    try (Connection c = TestDatabases.dataSource(kind).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void exec(String... sql) throws SQLException {
    try (Connection c = TestDatabases.dataSource(kind).getConnection();
        Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }
}
