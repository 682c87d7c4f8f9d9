package dev.checkpoint.bench;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.Collections;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * (w-raw): the fastest copy without this library, as a careful engineer would write it by hand: the
 * raw streaming read of (a) on one connection, and on a second the database's fastest bulk write of
 * each batch, committed, no positions. PostgreSQL: {@code COPY … FROM STDIN} in the text format;
 * MariaDB: one multi-row {@code INSERT … VALUES (…), (…)} of bound values per batch (what {@code
 * rewriteBatchedStatements} sends). Written for the benchmark tables' five columns only.
 */
final class RawCopy {
  private RawCopy() {}

  /** Copies {@code table} into the empty {@code target}; returns the rows copied. */
  static long copy(Db db, String table, String target, int batchSize, int fetchSize)
      throws SQLException {
    String read = "SELECT * FROM " + db.qualified(table) + " ORDER BY " + db.quote("id");
    long n = 0;
    try (Connection in = db.ds().getConnection();
        Connection out = db.ds().getConnection()) {
      out.setAutoCommit(false);
      Writer writer =
          db.kind == Db.Kind.PG
              ? new PgCopy(out, db.qualified(target))
              : new MultiRowInsert(out, db, target);
      Object[][] batch = new Object[batchSize][];
      int size = 0;
      try (PreparedStatement ps = RawReads.streaming(db, in, read, fetchSize);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          batch[size++] =
              new Object[] {
                rs.getLong(1),
                rs.getInt(2),
                rs.getString(3),
                rs.getBigDecimal(4),
                rs.getObject(5, LocalDateTime.class)
              };
          if (size == batchSize) {
            writer.write(batch, size);
            out.commit();
            n += size;
            size = 0;
          }
        }
        if (size > 0) {
          writer.write(batch, size);
          out.commit();
          n += size;
        }
      } finally {
        if (!in.getAutoCommit()) {
          in.rollback();
          in.setAutoCommit(true);
        }
        out.rollback();
        out.setAutoCommit(true);
      }
    }
    return n;
  }

  private interface Writer {
    void write(Object[][] rows, int size) throws SQLException;
  }

  /**
   * COPY text: tab-separated, \N for NULL; the string column escaped for backslash, tab and line
   * ends.
   */
  private static final class PgCopy implements Writer {
    private final Connection c;
    private final String sql;
    private final StringBuilder text = new StringBuilder(1 << 16);

    PgCopy(Connection c, String target) {
      this.c = c;
      this.sql = "COPY " + target + " (id, a, b, c, e) FROM STDIN";
    }

    @Override
    public void write(Object[][] rows, int size) throws SQLException {
      text.setLength(0);
      for (int i = 0; i < size; i++) {
        Object[] r = rows[i];
        text.append((long) r[0]).append('\t').append((int) r[1]).append('\t');
        String b = (String) r[2];
        if (b == null) {
          text.append("\\N");
        } else {
          for (int k = 0; k < b.length(); k++) {
            char ch = b.charAt(k);
            switch (ch) {
              case '\\' -> text.append("\\\\");
              case '\t' -> text.append("\\t");
              case '\n' -> text.append("\\n");
              case '\r' -> text.append("\\r");
              default -> text.append(ch);
            }
          }
        }
        text.append('\t').append(r[3] == null ? "\\N" : ((BigDecimal) r[3]).toPlainString());
        text.append('\t').append(r[4] == null ? "\\N" : r[4].toString()).append('\n');
      }
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
      try {
        copy.writeToCopy(bytes, 0, bytes.length);
        copy.endCopy();
      } finally {
        if (copy.isActive()) {
          copy.cancelCopy();
        }
      }
    }
  }

  /**
   * One INSERT of all the batch's rows; the timestamp bound as text (Connector/J would drop the
   * fraction on MariaDB).
   */
  private static final class MultiRowInsert implements Writer {
    private final Connection c;
    private final Db db;
    private final String target;
    private String sql;
    private int sqlRows;

    MultiRowInsert(Connection c, Db db, String target) {
      this.c = c;
      this.db = db;
      this.target = target;
    }

    @Override
    public void write(Object[][] rows, int size) throws SQLException {
      if (sql == null || sqlRows != size) {
        sql =
            "INSERT INTO "
                + db.qualified(target)
                + " (id, a, b, c, e) VALUES "
                + String.join(", ", Collections.nCopies(size, "(?, ?, ?, ?, ?)"));
        sqlRows = size;
      }
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int p = 1;
        for (int i = 0; i < size; i++) {
          Object[] r = rows[i];
          ps.setLong(p++, (long) r[0]);
          ps.setInt(p++, (int) r[1]);
          ps.setString(p++, (String) r[2]);
          ps.setBigDecimal(p++, (BigDecimal) r[3]);
          LocalDateTime e = (LocalDateTime) r[4];
          if (e == null) {
            ps.setNull(p++, Types.TIMESTAMP);
          } else {
            ps.setString(p++, e.toLocalDate() + " " + e.toLocalTime());
          }
        }
        ps.executeUpdate();
      }
    }
  }
}
