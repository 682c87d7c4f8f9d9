package dev.checkpoint.jdbc;

import dev.checkpoint.Strategy;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The 300 tables of {@link ManyTablesIT}, shared by the test and its child process: names, sizes,
 * strategies, DDL, the deterministic rows, and the sink statements.
 *
 * <p>296 small tables of 20–200 rows and 4 large ones of {@link #LARGE_ROWS} rows (t150–t153, next
 * to each other so the four run at once on a pool of four). Most tables are read by KEY; every
 * tenth by ROW_SKIP; every 25th (and t153) by NONE. KEY and ROW_SKIP targets have a primary key and
 * are written by upsert (at-least-once delivery made exact by an idempotent sink); NONE targets
 * have no key and are written by plain INSERT, so rows of an interrupted read that were not
 * truncated would show up twice.
 */
final class ManyTables {
  static final int COUNT = 300;
  static final int LARGE_ROWS = 24_000;
  static final int BATCH = 300;
  static final Set<Integer> LARGE = Set.of(150, 151, 152, 153);
  static final String TASK = "many-tables";

  private ManyTables() {}

  static String name(int i) {
    return String.format("t%03d", i);
  }

  static int index(String name) {
    return Integer.parseInt(name.substring(1));
  }

  static int rows(int i) {
    return LARGE.contains(i) ? LARGE_ROWS : 20 + (i * 37) % 181;
  }

  static Strategy strategy(int i) {
    if (i == 150 || i == 151) {
      return Strategy.KEY;
    }
    if (i == 152) {
      return Strategy.ROW_SKIP;
    }
    if (i == 153 || i % 25 == 5) {
      return Strategy.NONE;
    }
    return i % 10 == 0 ? Strategy.ROW_SKIP : Strategy.KEY;
  }

  static String columns(Kind kind, boolean key) {
    return "(id BIGINT NOT NULL"
        + (key ? " PRIMARY KEY" : "")
        + ", grp INT NOT NULL, name VARCHAR(40) NULL, amount DECIMAL(12,2) NOT NULL)";
  }

  /** Creates the source tables with their rows, and the empty targets. */
  static void create(Kind kind, DataSource ds, String src, String dst) throws SQLException {
    Dialect d = Tables.dialect(kind);
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      for (int i = 1; i <= COUNT; i++) {
        s.execute("CREATE TABLE " + d.qualified(src, name(i)) + " " + columns(kind, true));
        s.execute(
            "CREATE TABLE "
                + d.qualified(dst, name(i))
                + " "
                + columns(kind, strategy(i) != Strategy.NONE));
      }
      for (int i = 1; i <= COUNT; i++) {
        fill(c, d.qualified(src, name(i)), i);
      }
    }
  }

  /** Row j of table i: ids with gaps, a NULL name now and then, exact decimals. */
  static Object[] row(int i, int j) {
    return new Object[] {
      (long) j * 3 + i % 3,
      (i + j) % 17,
      j % 13 == 0 ? null : "row " + j + " of " + name(i),
      new BigDecimal((j * 7 % 10_000) + "." + String.format("%02d", (i + j) % 100))
    };
  }

  private static void fill(Connection c, String table, int i) throws SQLException {
    int n = rows(i);
    int chunk = 500;
    for (int from = 0; from < n; from += chunk) {
      int to = Math.min(n, from + chunk);
      List<Object[]> rows = new ArrayList<>();
      for (int j = from; j < to; j++) {
        rows.add(row(i, j));
      }
      insert(c, "INSERT INTO " + table + " (id, grp, name, amount) VALUES ", "", rows);
    }
  }

  /** One multi-row statement: a round trip per batch instead of one per row. */
  static void insert(Connection c, String head, String tail, List<Object[]> rows)
      throws SQLException {
    StringBuilder sql = new StringBuilder(head);
    for (int r = 0; r < rows.size(); r++) {
      sql.append(r == 0 ? "" : ", ").append("(?, ?, ?, ?)");
    }
    sql.append(tail);
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int p = 1;
      for (Object[] row : rows) {
        for (Object v : row) {
          ps.setObject(p++, v);
        }
      }
      ps.executeUpdate();
    }
  }

  /** The statement tail that turns the insert into an upsert on id. */
  static String upsertTail(Kind kind) {
    return kind == Kind.MYSQL
        ? " ON DUPLICATE KEY UPDATE grp = VALUES(grp), name = VALUES(name), amount = VALUES(amount)"
        : " ON CONFLICT (id) DO UPDATE SET grp = EXCLUDED.grp, name = EXCLUDED.name, amount = EXCLUDED.amount";
  }
}
