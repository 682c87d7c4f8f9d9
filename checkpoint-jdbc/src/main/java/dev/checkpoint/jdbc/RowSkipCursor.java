package dev.checkpoint.jdbc;

import dev.checkpoint.Position;
import dev.checkpoint.SourceChangedException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * ROW_SKIP: one streaming ordered query. On resume after {@code n} committed rows it skips {@code n
 * - 1} rows (on the server with OFFSET when it built the ORDER BY, else client-side), checks that
 * row {@code n} still has the recorded fingerprint, and delivers from row {@code n + 1}.
 */
final class RowSkipCursor extends StreamCursor {
  private final String sql;
  private final List<Object> params;
  private final int[] sqlTypes;
  private final boolean serverSkip;
  private final long committed;
  private final String fingerprint;
  private final String from;
  private long delivered;
  private boolean opened;

  /**
   * @param sql the ordered query; when {@code serverSkip}, it ends with the dialect's offset clause
   *     whose parameter is the last of {@code params}
   */
  RowSkipCursor(
      ReadSession session,
      List<Column> columns,
      String sql,
      List<Object> params,
      boolean serverSkip,
      Position.RowOffset at,
      String from,
      int batchSize,
      int fetchSize) {
    this(session, columns, sql, params, null, serverSkip, at, from, batchSize, fetchSize);
  }

  /**
   * @param sqlTypes the target SQL type of each parameter ({@link java.sql.Types#NULL} to let the
   *     driver pick), or null to let it pick for all: a chunk's bounds need their column's type
   */
  RowSkipCursor(
      ReadSession session,
      List<Column> columns,
      String sql,
      List<Object> params,
      int[] sqlTypes,
      boolean serverSkip,
      Position.RowOffset at,
      String from,
      int batchSize,
      int fetchSize) {
    super(session, columns, batchSize, fetchSize);
    this.sql = sql;
    this.params = params;
    this.sqlTypes = sqlTypes;
    this.serverSkip = serverSkip;
    this.committed = at == null ? 0 : at.rows();
    this.fingerprint = at == null ? null : at.lastRowFingerprint();
    this.from = from;
  }

  @Override
  ResultSet openNext() throws SQLException {
    if (opened) {
      return null;
    }
    opened = true;
    ResultSet rs = session.stream(sql, params, sqlTypes, fetchSize);
    if (committed == 0) {
      return rs;
    }
    long toSkip = serverSkip ? 0 : committed - 1;
    for (long i = 0; i < toSkip; i++) {
      if (!rs.next()) {
        throw shorter();
      }
    }
    if (!rs.next()) {
      throw shorter();
    }
    String now = Fingerprint.of(RowReader.valuesOf(reader.read(rs)), reader.types());
    if (!now.equals(fingerprint)) {
      throw new SourceChangedException(
          "source changed: row "
              + committed
              + " of "
              + session.describe()
              + ", the last committed one (position from "
              + from
              + "), no longer has the fingerprint recorded when it was committed (recorded "
              + fingerprint
              + ", now "
              + now
              + "). Rows before it were added, removed or changed, or the ORDER BY is not"
              + " deterministic, so skipping "
              + committed
              + " rows would lose or repeat rows. Reset the table to read it again from the"
              + " start, or read it with KEY.");
    }
    return rs;
  }

  private SourceChangedException shorter() {
    return new SourceChangedException(
        "source changed: "
            + session.describe()
            + " now has fewer than "
            + committed
            + " rows, but "
            + committed
            + " were committed (position from "
            + from
            + "). Rows were removed or the query changed, so ROW_SKIP cannot resume. Reset the"
            + " table to read it again from the start, or read it with KEY.");
  }

  @Override
  Position positionAfter(List<Row> rows) {
    delivered += rows.size();
    Row last = rows.get(rows.size() - 1);
    return Position.rowOffset(
        committed + delivered, Fingerprint.of(RowReader.valuesOf(last), reader.types()));
  }
}
