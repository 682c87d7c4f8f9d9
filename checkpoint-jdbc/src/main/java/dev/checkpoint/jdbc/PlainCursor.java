package dev.checkpoint.jdbc;

import dev.checkpoint.Position;
import java.sql.ResultSet;
import java.util.List;

/** NONE: the whole relation in one streaming query, with no positions. */
final class PlainCursor extends StreamCursor {
  private final String sql;
  private boolean opened;

  PlainCursor(ReadSession session, List<Column> columns, String sql, int batchSize, int fetchSize) {
    super(session, columns, batchSize, fetchSize);
    this.sql = sql;
  }

  @Override
  ResultSet openNext() {
    if (opened) {
      return null;
    }
    opened = true;
    return session.stream(sql, List.of(), null, fetchSize);
  }

  @Override
  Position positionAfter(List<Row> rows) {
    return Position.none();
  }
}
