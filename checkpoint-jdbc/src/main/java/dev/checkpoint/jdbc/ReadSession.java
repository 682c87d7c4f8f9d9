package dev.checkpoint.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.checkpoint.CheckpointException;
import dev.checkpoint.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection a cursor owns for the whole read, and the one streaming result open on it. A MySQL
 * connection cannot run anything else while it streams, so the sink writes elsewhere.
 */
final class ReadSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReadSession.class);

  private final Connection connection;
  private final HikariDataSource pool;
  private final Dialect dialect;
  private final boolean autoCommit;
  private final TableRef ref;
  private final String label;
  private PreparedStatement statement;
  private ResultSet result;
  private String sql;

  private ReadSession(
      Connection connection, HikariDataSource pool, Dialect dialect, TableRef ref, String label)
      throws SQLException {
    this.connection = connection;
    this.pool = pool;
    this.dialect = dialect;
    this.autoCommit = connection.getAutoCommit();
    this.ref = ref;
    this.label = label;
  }

  /**
   * Takes a connection from the data source.
   *
   * @param dialect the configured dialect, or null to detect it
   */
  static ReadSession open(DataSource ds, Dialect dialect, TableRef ref) {
    return open(ds, dialect, ref, ref.toString());
  }

  /**
   * Takes a connection from the data source to read a part of a table.
   *
   * @param dialect the configured dialect, or null to detect it
   * @param label what is read, for messages: the table, or a chunk's {@code describe()}
   */
  static ReadSession open(DataSource ds, Dialect dialect, TableRef ref, String label) {
    Connection c;
    try {
      c = ds.getConnection();
    } catch (SQLException e) {
      throw new CheckpointException("cannot connect to read " + ref + ": " + e.getMessage(), e);
    }
    try {
      return new ReadSession(
          c, hikari(ds), dialect != null ? dialect : Dialect.detect(c), ref, label);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new CheckpointException("cannot read " + ref + ": " + e.getMessage(), e);
    }
  }

  /** The HikariCP pool behind the data source, which can evict an aborted connection; or null. */
  private static HikariDataSource hikari(DataSource ds) throws SQLException {
    return ds.isWrapperFor(HikariDataSource.class) ? ds.unwrap(HikariDataSource.class) : null;
  }

  Connection connection() {
    return connection;
  }

  Dialect dialect() {
    return dialect;
  }

  TableRef ref() {
    return ref;
  }

  /** What this session reads, for messages: the table, or the chunk. */
  String describe() {
    return label;
  }

  /** Runs the query and leaves its result streaming; any earlier result must be ended. */
  ResultSet stream(String sql, List<Object> values, int[] sqlTypes, int fetchSize) {
    if (result != null) {
      throw new IllegalStateException("a result is still open: " + this.sql);
    }
    this.sql = sql;
    try {
      statement = dialect.prepareStreaming(connection, sql, fetchSize);
      for (int i = 0; i < values.size(); i++) {
        if (sqlTypes == null || sqlTypes[i] == java.sql.Types.NULL) {
          statement.setObject(i + 1, values.get(i));
        } else {
          statement.setObject(i + 1, values.get(i), sqlTypes[i]);
        }
      }
      result = statement.executeQuery();
      return result;
    } catch (SQLException e) {
      endQuietly();
      throw failure(e);
    }
  }

  /** Closes the result after its last row. */
  void end() {
    try {
      if (result != null) {
        result.close();
      }
      if (statement != null) {
        statement.close();
      }
    } catch (SQLException e) {
      throw failure(e);
    } finally {
      result = null;
      statement = null;
    }
  }

  /** A read failure naming the table and the statement. */
  CheckpointException failure(SQLException e) {
    return new CheckpointException(
        "cannot read " + label + ": " + e.getMessage() + (sql == null ? "" : " [SQL: " + sql + "]"),
        e);
  }

  private void endQuietly() {
    try {
      end();
    } catch (RuntimeException ignored) {
      // already failing; the first error is the one to report
    }
  }

  @Override
  public void close() {
    boolean unfinished = result != null;
    if (unfinished && dialect.abortsUnfinishedStream() && pool != null) {
      // Closing would first read the rest of the stream (~0.45 µs a row: minutes on a big
      // table). Aborting takes milliseconds, and the pool must then drop the connection: only
      // done for a pool known to evict on request, since another pool could hand it out again.
      LOG.debug("aborting the read connection of {} to stop its unfinished stream", ref);
      try {
        connection.abort(Runnable::run);
      } catch (SQLException e) {
        LOG.debug("aborting the read connection of {}: {}", ref, e.toString());
      }
      result = null;
      statement = null;
      pool.evictConnection(connection);
      return;
    }
    try {
      endQuietly();
      if (!connection.getAutoCommit()) {
        connection.rollback(); // only read; ends the transaction the cursor needed
      }
      if (connection.getAutoCommit() != autoCommit) {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      LOG.debug("closing the read connection of {}: {}", ref, e.toString());
    } finally {
      closeQuietly(connection);
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      LOG.debug("closing a read connection: {}", e.toString());
    }
  }
}
