package dev.checkpoint.jdbc;

import dev.checkpoint.CheckpointException;
import dev.checkpoint.TableRef;
import dev.checkpoint.chunk.ChunkPlan;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits a table on its partition column. A dense integer column is split evenly between its MIN
 * and MAX; any other column, or a sparse integer column, by walking its order in the database, one
 * chunk's worth of rows at a time. Bounds are read from the database and kept as position text; no
 * two values are ever compared in Java.
 */
final class ChunkPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(ChunkPlanner.class);

  /**
   * From this many rows by the table's statistics on, the estimate stands in for an exact count:
   * counting would scan a big table, while below it a count is cheap and immune to the statistics
   * of a freshly loaded table.
   */
  static final long COUNT_BELOW = 1_000_000;

  private final Connection c;
  private final Dialect d;
  private final Relation rel;
  private final TableRef ref;
  private final Column col;
  private final String q;

  /** The statement last prepared, for messages. */
  private String sql;

  private ChunkPlanner(Connection c, Dialect d, Relation rel, TableRef ref, Column col) {
    this.c = c;
    this.d = d;
    this.rel = rel;
    this.ref = ref;
    this.col = col;
    this.q = d.quote(col.name());
  }

  /**
   * @param start the exclusive lower bound to plan from, or null
   * @param countBelow see {@link #COUNT_BELOW}
   */
  static ChunkPlan plan(
      JdbcSource src,
      Connection c,
      Dialect d,
      Relation rel,
      TableRef ref,
      int chunkRows,
      String start,
      long countBelow) {
    List<Column> columns = rel.columns(c, d);
    Column col = PartitionColumn.choose(src, c, d, rel, ref, columns);
    Object from =
        start == null ? null : ChunkRange.bindable(col, start, d, "start of the plan of " + ref);
    ChunkPlanner p = new ChunkPlanner(c, d, rel, ref, col);
    List<String> bounds;
    try {
      List<String> even = null;
      if (col.type() == ColumnType.INTEGER || col.type() == ColumnType.UNSIGNED_BIGINT) {
        even = p.even(chunkRows, from, countBelow);
      }
      bounds = even != null ? even : p.walk(chunkRows, start, from);
      LOG.info(
          "{} split on {} in {} ranges {}{}",
          ref,
          col.describe(),
          bounds.size() + 1,
          even != null ? "evenly between MIN and MAX" : "by walking its order",
          col.nullable() ? ", plus one for NULLs" : "");
    } catch (SQLException e) {
      throw new CheckpointException(
          "cannot plan the chunks of "
              + ref
              + " on partition column "
              + col.describe()
              + ": "
              + e.getMessage()
              + (p.sql == null ? "" : " [SQL: " + p.sql + "]"),
          e);
    }
    return new ChunkPlan(ref, col.name(), start, bounds, col.nullable());
  }

  /** Even bounds, or null when the column is too sparse or too dense for them. */
  private List<String> even(int chunkRows, Object from, long countBelow) throws SQLException {
    long estimate = RowEstimate.of(c, d, rel);
    boolean count = estimate <= 0 || estimate < countBelow;
    String minMax =
        "SELECT MIN("
            + q
            + "), MAX("
            + q
            + ")"
            + (count ? ", COUNT(" + q + ")" : "")
            + " FROM "
            + rel.from(d)
            + (from == null ? "" : " WHERE " + q + " > ?");
    BigInteger min;
    BigInteger max;
    long rows;
    try (PreparedStatement ps = prepare(minMax)) {
      if (from != null) {
        ChunkRange.bind(ps, 1, col, from, d);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        BigDecimal lo = rs.getBigDecimal(1);
        if (lo == null) {
          return List.of(); // no row with a value: one range, which takes any inserted later
        }
        min = lo.toBigIntegerExact();
        max = rs.getBigDecimal(2).toBigIntegerExact();
        rows = count ? rs.getLong(3) : estimate;
      }
    }
    BigInteger span = max.subtract(min).add(BigInteger.ONE);
    BigInteger r = BigInteger.valueOf(Math.max(rows, 1));
    // Dense: 0.05 <= span / rows <= 1000 (ape-dts's rule), without dividing.
    if (span.multiply(BigInteger.valueOf(20)).compareTo(r) < 0
        || span.compareTo(r.multiply(BigInteger.valueOf(1000))) > 0) {
      return null;
    }
    // step = chunkRows * density, rounded up so a chunk holds at least chunkRows rows' worth
    BigInteger[] qr = BigInteger.valueOf(chunkRows).multiply(span).divideAndRemainder(r);
    BigInteger step =
        qr[0].add(qr[1].signum() > 0 ? BigInteger.ONE : BigInteger.ZERO).max(BigInteger.ONE);
    List<String> bounds = new ArrayList<>();
    for (BigInteger b = min.subtract(BigInteger.ONE).add(step);
        b.compareTo(max) < 0;
        b = b.add(step)) {
      bounds.add(b.toString());
    }
    return bounds;
  }

  /**
   * Walks the column's index: each bound is the {@code chunkRows}-th value above the last one, as
   * the database orders them, until fewer rows than that are left (the last, open range takes
   * them). It is the bound {@code SELECT MAX(c) FROM (SELECT c ... ORDER BY c LIMIT n)} gives, read
   * with OFFSET: no aggregate (PostgreSQL has no max(uuid) or max(boolean)), and no empty range
   * after the maximum.
   */
  private List<String> walk(int chunkRows, String start, Object from) throws SQLException {
    String first = "SELECT " + q + " FROM " + rel.from(d) + " WHERE " + q + " IS NOT NULL" + tail();
    String next = "SELECT " + q + " FROM " + rel.from(d) + " WHERE " + q + " > ?" + tail();
    List<String> bounds = new ArrayList<>();
    String prev = start;
    Object prevValue = from;
    try (PreparedStatement ps1 = prepare(first);
        PreparedStatement psn = prepare(next)) {
      while (true) {
        PreparedStatement ps = prevValue == null ? ps1 : psn;
        sql = prevValue == null ? first : next;
        int i = 1;
        if (prevValue != null) {
          ChunkRange.bind(ps, i++, col, prevValue, d);
        }
        ps.setLong(i, chunkRows - 1L);
        String bound;
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            break;
          }
          Object v = col.type().read(rs, 1);
          bound = v == null ? null : col.type().encode(v);
        }
        // The database only returns values above prev; the same text again would mean a text form
        // that does not select what it was read from, and the walk would never end.
        if (bound == null || bound.equals(prev)) {
          break;
        }
        bounds.add(bound);
        prev = bound;
        prevValue = ChunkRange.bindable(col, bound, d, "bound read from " + ref);
      }
    }
    return bounds;
  }

  private String tail() {
    return " ORDER BY " + q + " LIMIT 1 OFFSET ?";
  }

  private PreparedStatement prepare(String statement) throws SQLException {
    this.sql = statement;
    return c.prepareStatement(statement);
  }
}
