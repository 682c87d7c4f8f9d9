package dev.checkpoint.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL: {@code COPY … FROM STDIN}, the fastest way into a table: in the binary format ({@link
 * CopyBinary}) when every target column has a common type and every value its exact binary form,
 * else in the text format ({@link CopyText}). An upsert first tries that same COPY straight into
 * the table, under a savepoint: most batches of a copy meet no row already there, and this costs
 * one write of each row. On a unique violation it rolls back to the savepoint and copies into a
 * temporary table of the rows' columns, then moves the rows with {@code INSERT … SELECT … ON
 * CONFLICT (key) DO UPDATE}; the next few batches (a resumed copy's re-delivered ones) go that way
 * directly. Kept in its own class so that the optional driver is loaded only when a PostgreSQL
 * database is written.
 */
final class PostgresCopyWriter implements TableWriter.DialectWriter {
  /** Characters buffered before they are sent: large enough to amortise a write call. */
  private static final int CHUNK = 1 << 16;

  /** Batches staged after a unique violation before a direct COPY is tried again. */
  private static final int STAGED_AFTER_CONFLICT = 8;

  private static final String UNIQUE_VIOLATION = "23505";

  private final String copySql;
  private final String stagingCopySql;

  /** Binary encoders of the columns, or null when a column's type has none. */
  private final CopyBinary.Encoder[] binary;

  private final String createStaging;
  private final String moveSql;

  /** Batches still to stage before a direct COPY is tried again. */
  private volatile int stageNext;

  /**
   * @param table the quoted, qualified target
   * @param columns the rows' columns, quoted
   * @param types the PostgreSQL type names of the target's columns, in the rows' column order
   * @param key the upsert's key columns, quoted; null for plain inserts
   * @param update the columns an upsert updates, quoted
   */
  PostgresCopyWriter(
      String table,
      List<String> columns,
      List<String> types,
      List<String> key,
      List<String> update) {
    binary = CopyBinary.encoders(types);
    String cols = String.join(", ", columns);
    copySql = "COPY " + table + " (" + cols + ") FROM STDIN";
    if (key == null) {
      stagingCopySql = null;
      createStaging = null;
      moveSql = null;
      return;
    }
    // One staging table per target and column list in each session. ON COMMIT DELETE ROWS empties
    // it at every commit or rollback without the catalog churn of a TRUNCATE or a DROP per batch.
    String staging =
        "checkpoint_upsert_"
            + UUID.nameUUIDFromBytes((table + "(" + cols + ")").getBytes(StandardCharsets.UTF_8))
                .toString()
                .replace("-", "");
    createStaging =
        "CREATE TEMPORARY TABLE IF NOT EXISTS "
            + staging
            + " ON COMMIT DELETE ROWS AS SELECT "
            + cols
            + " FROM "
            + table
            + " WITH NO DATA";
    stagingCopySql = "COPY " + staging + " (" + cols + ") FROM STDIN";
    StringBuilder move =
        new StringBuilder(
            "INSERT INTO " + table + " (" + cols + ") SELECT " + cols + " FROM " + staging);
    move.append(" ON CONFLICT (").append(String.join(", ", key)).append(")");
    if (update.isEmpty()) {
      move.append(" DO NOTHING"); // every column is in the key: the row present is the row
    } else {
      move.append(" DO UPDATE SET ");
      for (int i = 0; i < update.size(); i++) {
        move.append(i == 0 ? "" : ", ")
            .append(update.get(i))
            .append(" = EXCLUDED.")
            .append(update.get(i));
      }
    }
    moveSql = move.toString();
  }

  @Override
  public void write(Connection c, List<Row> rows) throws SQLException {
    if (createStaging == null) {
      copy(c, copySql, rows);
      return;
    }
    // The staging table empties itself at commit: in autocommit mode the COPY's rows would be
    // gone before the INSERT reads them, so the two run in one transaction here.
    boolean autoCommit = c.getAutoCommit();
    if (autoCommit) {
      c.setAutoCommit(false);
    }
    try {
      if (!copiedDirectly(c, rows)) {
        try (Statement s = c.createStatement()) {
          s.execute(createStaging);
        }
        copy(c, stagingCopySql, rows);
        try (Statement s = c.createStatement()) {
          s.executeUpdate(moveSql);
        }
      }
      if (autoCommit) {
        c.commit();
      }
    } catch (SQLException | RuntimeException e) {
      if (autoCommit) {
        c.rollback();
      }
      throw e;
    } finally {
      if (autoCommit) {
        c.setAutoCommit(true);
      }
    }
  }

  /** Whether the rows went straight into the table, none of their keys being there yet. */
  private boolean copiedDirectly(Connection c, List<Row> rows) throws SQLException {
    if (stageNext > 0) {
      stageNext--;
      return false;
    }
    Savepoint before = c.setSavepoint();
    try {
      copy(c, copySql, rows);
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
      c.rollback(before);
      stageNext = STAGED_AFTER_CONFLICT;
      return false;
    }
    c.releaseSavepoint(before);
    return true;
  }

  private void copy(Connection c, String sql, List<Row> rows) throws SQLException {
    CopyBinary.Buffer encoded = binary == null ? null : CopyBinary.encode(rows, binary);
    CopyIn in =
        c.unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn(encoded == null ? sql : sql + " (FORMAT binary)");
    try {
      if (encoded != null) {
        in.writeToCopy(encoded.array(), 0, encoded.size());
      } else {
        StringBuilder text = new StringBuilder(CHUNK + 1024);
        for (Row r : rows) {
          CopyText.appendRow(text, r.rawValues());
          if (text.length() >= CHUNK) {
            send(in, text);
          }
        }
        send(in, text);
      }
      in.endCopy();
    } catch (SQLException | RuntimeException e) {
      if (in.isActive()) {
        try {
          in.cancelCopy(); // a failure mid-way: end the COPY so the connection can roll back
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private static void send(CopyIn in, StringBuilder text) throws SQLException {
    if (text.length() > 0) {
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      in.writeToCopy(bytes, 0, bytes.length);
      text.setLength(0);
    }
  }
}
