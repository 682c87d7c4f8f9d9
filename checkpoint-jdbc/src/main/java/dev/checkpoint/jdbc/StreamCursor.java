package dev.checkpoint.jdbc;

import dev.checkpoint.Batch;
import dev.checkpoint.Position;
import dev.checkpoint.Source;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts batches client-side from one streaming result per pass: no paging queries, and the position
 * is built once per batch, from its last row.
 */
abstract class StreamCursor implements Source.Cursor<Row> {
  final ReadSession session;
  final int batchSize;
  final int fetchSize;
  final RowReader reader;
  private ResultSet rs;
  private boolean done;

  StreamCursor(ReadSession session, List<Column> columns, int batchSize, int fetchSize) {
    this.session = session;
    this.reader = new RowReader(columns);
    this.batchSize = batchSize;
    this.fetchSize = fetchSize;
  }

  /** The next pass's result, streaming and positioned before its first row to deliver; or null. */
  abstract ResultSet openNext() throws SQLException;

  /** The position that holds once {@code rows} (the whole batch) are committed. */
  abstract Position positionAfter(List<Row> rows);

  @Override
  public final Batch<Row> next() {
    if (done) {
      return null;
    }
    List<Row> rows = new ArrayList<>(Math.min(batchSize, 1024));
    try {
      while (rows.size() < batchSize) {
        if (rs == null) {
          rs = openNext();
          if (rs == null) {
            done = true;
            break;
          }
        }
        if (!rs.next()) {
          rs = null;
          session.end();
          continue;
        }
        rows.add(reader.read(rs));
      }
    } catch (SQLException e) {
      throw session.failure(e);
    }
    if (rows.isEmpty()) {
      return null;
    }
    return new Batch<>(rows, positionAfter(rows));
  }

  @Override
  public void close() {
    done = true;
    session.close();
  }
}
