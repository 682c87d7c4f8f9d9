package dev.checkpoint.jdbc;

import dev.checkpoint.Batch;
import dev.checkpoint.KeyColumn;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The measurements behind docs/strategies.md, run by hand (not a test: it loads 1.2M rows):
 *
 * <pre>
 * cd checkpoint-jdbc && mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -cp target/test-classes:target/classes:$(cat cp.txt) dev.checkpoint.jdbc.ReaderMeasurements
 * </pre>
 *
 * 1. Keyset predicate forms over a two-column key, 200k rows, resuming at 90%: time to the first
 * row and to the end, per form and database. 2. Rows per second of the KEY reader against a raw
 * streaming loop over the same query, 1M rows.
 */
public final class ReaderMeasurements {
  private static final int KEYSET_ROWS = 200_000;
  private static final int THROUGHPUT_ROWS = 1_000_000;

  public static void main(String[] args) throws Exception {
    for (Kind kind : Kind.values()) {
      String s = TestDatabases.freshSchema(kind, "measure");
      try {
        keysetForms(kind, s);
        throughput(kind, s);
      } finally {
        Tables.execute(
            kind,
            kind == Kind.MYSQL ? "DROP DATABASE `" + s + "`" : "DROP SCHEMA \"" + s + "\" CASCADE");
      }
    }
    System.exit(0);
  }

  private static String seq(Kind kind, int n) {
    return kind == Kind.MYSQL
        ? "SELECT seq - 1 AS i FROM seq_1_to_" + n
        : "SELECT i FROM generate_series(0, " + (n - 1) + ") i";
  }

  private static void keysetForms(Kind kind, String s) throws Exception {
    Dialect d = Tables.dialect(kind);
    String t = d.qualified(s, "kf");
    Tables.execute(
        kind,
        "CREATE TABLE "
            + t
            + " (k1 INT NOT NULL, k2 INT NOT NULL, payload VARCHAR(40),"
            + " PRIMARY KEY (k1, k2))",
        "INSERT INTO "
            + t
            + " SELECT i "
            + (kind == Kind.MYSQL ? "DIV" : "/")
            + " 100, i % 100, "
            + (kind == Kind.MYSQL ? "CONCAT('payload ', i)" : "'payload ' || i")
            + " FROM ("
            + seq(kind, KEYSET_ROWS)
            + ") x",
        kind == Kind.MYSQL ? "ANALYZE TABLE " + t : "ANALYZE " + t);
    TableRef ref = TableRef.of("m", s, "kf");
    for (int percent : new int[] {10, 90}) {
      int at = KEYSET_ROWS / 100 * percent;
      Position p =
          Position.keyed(
              List.of(
                  KeyColumn.of("k1", String.valueOf(at / 100)),
                  KeyColumn.of("k2", String.valueOf(at % 100 + 57))));
      ResumeDecision decision =
          new ResumeDecision(ref, false, Optional.of(p), Optional.of("measure"));
      for (Dialect.KeysetForm form : Dialect.KeysetForm.values()) {
        List<Double> first = new ArrayList<>();
        List<Double> all = new ArrayList<>();
        long rows = 0;
        String plan = "";
        for (int run = 0; run < 7; run++) {
          try (ReadSession session = ReadSession.open(Tables.ds(kind), null, ref)) {
            KeyPlan kp =
                KeyPlan.resolve(
                    session.connection(), d, Relation.table(s, "kf"), List.of("k1", "k2"), ref);
            KeysetQuery q = KeysetQuery.of(kp, KeyedResume.of(kp, decision), form);
            if (run == 0) {
              plan = explain(session.connection(), q);
            }
            long t0 = System.nanoTime();
            ResultSet rs = session.stream(q.sql(), q.parameters(), q.sqlTypes(), 1000);
            rows = rs.next() ? 1 : 0;
            long t1 = System.nanoTime();
            while (rs.next()) {
              rows++;
            }
            long t2 = System.nanoTime();
            session.end();
            first.add((t1 - t0) / 1e6);
            all.add((t2 - t0) / 1e6);
          }
        }
        System.out.printf(
            "%s keyset %-9s resume at %d%% of %d rows: first row %.2f ms, %d rows to the end"
                + " %.1f ms (median of 7); plan: %s%n",
            kind, form, percent, KEYSET_ROWS, median(first), rows, median(all), plan);
      }
    }
  }

  private static String explain(Connection c, KeysetQuery q) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + q.sql())) {
      q.bind(ps);
      StringBuilder b = new StringBuilder();
      try (ResultSet rs = ps.executeQuery()) {
        int cols = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 1; i <= cols; i++) {
            String v = rs.getString(i);
            if (v != null) {
              b.append(rs.getMetaData().getColumnLabel(i)).append('=').append(v.trim()).append(' ');
            }
          }
          b.append("| ");
        }
      }
      return b.toString();
    }
  }

  private static void throughput(Kind kind, String s) throws Exception {
    Dialect d = Tables.dialect(kind);
    String t = d.qualified(s, "tp");
    String ts = kind == Kind.MYSQL ? "DATETIME(6)" : "TIMESTAMP(6)";
    String now =
        kind == Kind.MYSQL
            ? "TIMESTAMP('2024-01-01') + INTERVAL i SECOND"
            : "TIMESTAMP '2024-01-01' + i * INTERVAL '1 second'";
    String concat = kind == Kind.MYSQL ? "CONCAT('name ', i)" : "'name ' || i";
    Tables.execute(
        kind,
        "CREATE TABLE "
            + t
            + " (id BIGINT PRIMARY KEY, a INT NOT NULL, b VARCHAR(30), c DECIMAL(10,2),"
            + " e "
            + ts
            + ")",
        "INSERT INTO "
            + t
            + " SELECT i, i % 1000, "
            + concat
            + ", i / 7.0, "
            + now
            + " FROM ("
            + seq(kind, THROUGHPUT_ROWS)
            + ") x",
        kind == Kind.MYSQL ? "ANALYZE TABLE " + t : "ANALYZE " + t);
    TableRef ref = TableRef.of("m", s, "tp");
    String sql = "SELECT * FROM " + t + " ORDER BY " + d.quote("id");
    List<Double> raw = new ArrayList<>();
    List<Double> reader = new ArrayList<>();
    Source<Row> source =
        JdbcSources.keyed(Tables.ds(kind)).table(ref).key("id").batchSize(1000).build();
    for (int run = 0; run < 5; run++) {
      // Raw: the same streaming statement, every column read by getObject, nothing kept.
      try (Connection c = Tables.ds(kind).getConnection()) {
        boolean auto = c.getAutoCommit();
        long t0 = System.nanoTime();
        long n = 0;
        try (PreparedStatement ps = d.prepareStreaming(c, sql, 1000);
            ResultSet rs = ps.executeQuery()) {
          int cols = rs.getMetaData().getColumnCount();
          Object sink = null;
          while (rs.next()) {
            for (int i = 1; i <= cols; i++) {
              sink = rs.getObject(i);
            }
            n++;
          }
          if (sink == null) {
            n = -n;
          }
        }
        raw.add(n / ((System.nanoTime() - t0) / 1e9));
        if (!c.getAutoCommit()) {
          c.rollback();
          c.setAutoCommit(auto);
        }
      }
      long t0 = System.nanoTime();
      long n = 0;
      try (Source.Cursor<Row> cursor = source.open(ResumeDecision.fromStart(ref))) {
        Batch<Row> b;
        while ((b = cursor.next()) != null) {
          n += b.size();
        }
      }
      reader.add(n / ((System.nanoTime() - t0) / 1e9));
    }
    System.out.printf(
        "%s throughput over %d rows: raw streaming %.0f rows/s, KEY reader %.0f rows/s (%.2fx), median of 5%n",
        kind, THROUGHPUT_ROWS, median(raw), median(reader), median(reader) / median(raw));
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }

  private ReaderMeasurements() {}
}
