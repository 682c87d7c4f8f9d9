package dev.checkpoint.bench;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import org.postgresql.PGStatement;

/**
 * Reads without this library: the raw streaming loop that is the physical limit, and hand-written
 * LIMIT/OFFSET paging. Each row's five columns are read with typed getters, as the readers do.
 */
final class RawReads {
  private RawReads() {}

  /**
   * A statement streaming its result with bounded memory, tuned as far as the driver allows: MySQL
   * {@code fetchSize = Integer.MIN_VALUE} (row by row; {@code useCursorFetch} would materialise the
   * result on the server first); PostgreSQL autocommit off, the fetch size, and a prepare threshold
   * of -1 so results come in the binary format.
   */
  static PreparedStatement streaming(Db db, Connection c, String sql, int fetchSize)
      throws SQLException {
    if (db.kind == Db.Kind.PG) {
      c.setAutoCommit(false);
    }
    PreparedStatement ps =
        c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    if (db.kind == Db.Kind.MYSQL) {
      ps.setFetchSize(Integer.MIN_VALUE);
    } else {
      ps.setFetchSize(fetchSize);
      ps.unwrap(PGStatement.class).setPrepareThreshold(-1);
    }
    return ps;
  }

  /** (a): {@code SELECT * ... ORDER BY id}, streamed; returns the rows read. */
  static long stream(Db db, String table, int fetchSize) throws SQLException {
    String sql = "SELECT * FROM " + db.qualified(table) + " ORDER BY " + db.quote("id");
    long n = 0;
    try (Connection c = db.ds().getConnection()) {
      try (PreparedStatement ps = streaming(db, c, sql, fetchSize);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          n++;
          consumeRow(rs);
        }
      } finally {
        if (!c.getAutoCommit()) {
          c.rollback();
          c.setAutoCommit(true);
        }
      }
    }
    return n;
  }

  static void consumeRow(ResultSet rs) throws SQLException {
    long id = rs.getLong(1);
    int a = rs.getInt(2);
    String b = rs.getString(3);
    BigDecimal c = rs.getBigDecimal(4);
    LocalDateTime e = rs.getObject(5, LocalDateTime.class);
    Blackhole.consume(
        id
            ^ a
            ^ (b == null ? 0 : b.length())
            ^ (c == null ? 0 : c.scale())
            ^ (e == null ? 0 : e.getNano()));
  }

  /** The SQL of one OFFSET page. */
  static String offsetPage(Db db, String table, int pageSize) {
    return "SELECT * FROM "
        + db.qualified(table)
        + " ORDER BY "
        + db.quote("id")
        + " LIMIT "
        + pageSize
        + " OFFSET ?";
  }

  /**
   * (h): LIMIT/OFFSET paging over the whole table, one statement reused for every page. Paging with
   * OFFSET is quadratic (the server walks past every skipped row on every page), so a full read of
   * a large table takes minutes; when the table has more than {@code maxTimedPages} pages, an
   * evenly spread sample of that many pages is timed and the total is the mean page time times the
   * page count (an unbiased estimate: page cost grows linearly with the offset).
   *
   * @return estimated rows per second
   */
  static double offsetPaging(Db db, String table, long rows, int pageSize, int maxTimedPages)
      throws SQLException {
    long pages = (rows + pageSize - 1) / pageSize;
    long timed = Math.min(pages, maxTimedPages);
    long nanos = 0;
    long read = 0;
    try (Connection c = db.ds().getConnection();
        PreparedStatement ps = c.prepareStatement(offsetPage(db, table, pageSize))) {
      for (long i = 0; i < timed; i++) {
        // Systematic sample: the middle page of each of `timed` equal slices of the table.
        long page = timed == pages ? i : (long) ((i + 0.5) * pages / timed);
        ps.setLong(1, page * pageSize);
        long t0 = System.nanoTime();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            read++;
            consumeRow(rs);
          }
        }
        nanos += System.nanoTime() - t0;
      }
    }
    if (timed == pages && read != rows) {
      throw new IllegalStateException("OFFSET paging read " + read + " rows of " + rows);
    }
    double totalSeconds = nanos / 1e9 / timed * pages;
    return rows / totalSeconds;
  }
}
