package dev.checkpoint.jdbc;

import dev.checkpoint.Batch;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.chunk.Chunk;
import dev.checkpoint.chunk.ChunkPlan;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Reads chunks as a runner would, and the rows they should hold with a plain SELECT. */
final class ChunkReads {
  private ChunkReads() {}

  /** Every batch of a chunk, after the decision's position. */
  static List<Batch<Row>> batches(JdbcSource src, Chunk chunk, ResumeDecision within) {
    List<Batch<Row>> out = new ArrayList<>();
    try (Source.Cursor<Row> c = src.open(chunk, within)) {
      Batch<Row> b;
      while ((b = c.next()) != null) {
        out.add(b);
      }
    }
    return out;
  }

  /** The first {@code n} batches of a chunk read from its start; the cursor is closed mid-way. */
  static List<Batch<Row>> firstBatches(JdbcSource src, Chunk chunk, int n) {
    List<Batch<Row>> out = new ArrayList<>();
    try (Source.Cursor<Row> c = src.open(chunk, ResumeDecision.fromStart(chunk.table()))) {
      for (int i = 0; i < n; i++) {
        out.add(Objects.requireNonNull(c.next(), "batch " + (i + 1)));
      }
    }
    return out;
  }

  static List<Row> rows(JdbcSource src, Chunk chunk) {
    return rowsOf(batches(src, chunk, ResumeDecision.fromStart(chunk.table())));
  }

  static List<Row> rowsOf(List<Batch<Row>> batches) {
    List<Row> rows = new ArrayList<>();
    for (Batch<Row> b : batches) {
      rows.addAll(b.rows());
    }
    return rows;
  }

  /** The rows of every chunk of the plan, one chunk after the other. */
  static List<Row> readPlan(JdbcSource src, ChunkPlan plan) {
    List<Row> rows = new ArrayList<>();
    for (Chunk chunk : plan.chunks()) {
      rows.addAll(rows(src, chunk));
    }
    return rows;
  }

  /** One column of the rows, as text ({@code null} for NULL). */
  static List<String> column(List<Row> rows, String column) {
    List<String> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(Objects.toString(r.get(column), null));
    }
    return out;
  }

  /** Whole rows as text, to compare with {@link #select}. */
  static List<List<String>> text(List<Row> rows) {
    List<List<String>> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      List<String> row = new ArrayList<>();
      for (Object v : r.values()) {
        row.add(Objects.toString(v, null));
      }
      out.add(row);
    }
    return out;
  }

  /** The rows of a plain SELECT, each value as the server's text, in the result's order. */
  static List<List<String>> select(Kind kind, String sql) {
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = TestDatabases.dataSource(kind).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage() + " [SQL: " + sql + "]", e);
    }
    return rows;
  }

  /** The first column of a plain SELECT, in the result's order. */
  static List<String> values(Kind kind, String sql) {
    return select(kind, sql).stream().map(r -> r.get(0)).toList();
  }

  /**
   * The SQL condition of a chunk whose bounds are integers, written out, for the plain SELECT that
   * says which rows it should hold.
   */
  static String where(Chunk chunk, Dialect d) {
    String c = d.quote(chunk.column());
    if (chunk.nulls()) {
      return c + " IS NULL";
    }
    List<String> conds = new ArrayList<>();
    conds.add(c + " IS NOT NULL");
    if (chunk.lo() != null) {
      conds.add(c + " > " + Long.parseLong(chunk.lo()));
    }
    if (chunk.hi() != null) {
      conds.add(c + " <= " + Long.parseLong(chunk.hi()));
    }
    return String.join(" AND ", conds);
  }

  /** A decision to resume right after the position. */
  static ResumeDecision after(TableRef ref, Position p) {
    return new ResumeDecision(ref, false, Optional.of(p), Optional.of("the test"));
  }
}
