package dev.checkpoint.jdbc;

import dev.checkpoint.Batch;
import dev.checkpoint.BatchSink;
import dev.checkpoint.Position;
import dev.checkpoint.TableRef;
import dev.checkpoint.TransactionalSession;
import dev.checkpoint.TransactionalSink;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Sinks for JDBC targets: writers of {@link Row} batches into a table, in the fastest form each
 * database takes (PostgreSQL {@code COPY}, MySQL/MariaDB multi-row INSERTs), and the transaction
 * that commits a batch together with its position.
 *
 * <pre>{@code
 * // at-least-once: each batch upserted and committed, then its position recorded
 * cp.run(orders, source, JdbcSinks.upsertInto("warehouse", "orders").sink(target));
 *
 * // exactly-once: rows and position in one transaction (JdbcPositionStore in the target database)
 * cp.runInTransaction(orders, source,
 *     JdbcSinks.inTransaction(target, JdbcSinks.insertInto("warehouse", "orders").writer()));
 * }</pre>
 */
public final class JdbcSinks {
  private JdbcSinks() {}

  /** Writes a batch's rows on the given connection; the caller commits. */
  @FunctionalInterface
  public interface BatchWriter<T> {
    /**
     * Writes the rows on the connection, without committing.
     *
     * @param connection the transaction's connection (auto-commit off)
     * @param rows the batch's rows
     * @throws SQLException if a write fails: the transaction is rolled back, position included
     */
    void write(Connection connection, List<T> rows) throws SQLException;
  }

  /**
   * A sink that writes each batch with {@code writer} and records the batch's position in the
   * position table, in one transaction on a connection from {@code target}: both commit or neither
   * does (exactly-once, no upsert needed). The checkpointer's store must be a {@link
   * JdbcPositionStore} whose position table lives in the same database as {@code target}
   * (from_target), so that one transaction can reach both; a store of another kind is refused
   * before the first row is read.
   *
   * @param <T> the type of a row
   * @param target the database the rows are written to, which also holds the position table
   * @param writer writes a batch's rows on the transaction's connection
   * @return the sink, for {@link dev.checkpoint.Checkpointer#runInTransaction}
   */
  public static <T> TransactionalSink<T, Connection> inTransaction(
      DataSource target, BatchWriter<T> writer) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(writer, "writer");
    return new TransactionalSink<>() {
      @Override
      public void accept(TableRef table, Batch<T> batch, TransactionalSession<Connection> session)
          throws Exception {
        inOneTransaction(
            target,
            c -> {
              writer.write(c, batch.rows());
              if (!(batch.position() instanceof Position.None)) {
                session.recordIn(c, table, batch.position());
              }
            });
      }

      @Override
      public Class<Connection> transactionType() {
        return Connection.class;
      }

      @Override
      public String toString() {
        return "JdbcSinks.inTransaction needs the checkpointer's store to be a JdbcPositionStore in"
            + " the target database (from_target)";
      }
    };
  }

  /** Work on a connection inside a transaction that {@link #inOneTransaction} commits. */
  private interface TransactionWork {
    void run(Connection c) throws SQLException;
  }

  /**
   * Runs the work on a connection from {@code target} in one transaction and commits; on any
   * failure rolls back and rethrows. The connection's auto-commit mode is restored either way.
   */
  private static void inOneTransaction(DataSource target, TransactionWork work)
      throws SQLException {
    try (Connection c = target.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        work.run(c);
        c.commit();
      } catch (Throwable e) {
        try {
          c.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      } finally {
        try {
          c.setAutoCommit(autoCommit);
        } catch (SQLException ignored) {
          // the pool resets or discards a connection it cannot restore
        }
      }
    }
  }

  /**
   * Writes rows into {@code schema.table} with plain inserts (PostgreSQL: {@code COPY … FROM
   * STDIN}; MySQL/MariaDB: multi-row {@code INSERT … VALUES (…), (…)}): a row whose key is already
   * there fails the batch. The rows' column names are the target's column names; every identifier
   * is quoted, every value sent with its type.
   *
   * @param schema the PostgreSQL schema or MySQL database; null or empty for the connection's own
   * @param table the table
   * @return the write's settings; {@code sink(target)} or {@code writer()} makes it
   * @throws IllegalArgumentException if {@code table} is null or empty
   */
  public static TableWrite insertInto(String schema, String table) {
    return new TableWrite(schema, table, TableWriter.Mode.INSERT);
  }

  /**
   * {@link #insertInto(String, String)} into the schema and table of {@code table}.
   *
   * @param table the table to write into (its db type is not used)
   * @return the write's settings; {@code sink(target)} or {@code writer()} makes it
   * @throws IllegalArgumentException if the table name is empty
   */
  public static TableWrite insertInto(TableRef table) {
    return insertInto(table.schema(), table.table());
  }

  /**
   * Writes rows into {@code schema.table}, updating every other column of a row whose key is
   * already there (PostgreSQL: {@code COPY} into a temporary table, then {@code INSERT … SELECT …
   * ON CONFLICT (key) DO UPDATE}; MySQL/MariaDB: multi-row {@code INSERT … ON DUPLICATE KEY UPDATE
   * c = VALUES(c)}, which MySQL applies on any unique key of the table). The key is the target's
   * primary key unless {@link TableWrite#keys} names one. Idempotent: the sink for at-least-once
   * delivery.
   *
   * @param schema the PostgreSQL schema or MySQL database; null or empty for the connection's own
   * @param table the table
   * @return the write's settings; {@code keys(...)}, then {@code sink(target)} or {@code writer()}
   * @throws IllegalArgumentException if {@code table} is null or empty
   */
  public static TableWrite upsertInto(String schema, String table) {
    return new TableWrite(schema, table, TableWriter.Mode.UPSERT);
  }

  /**
   * {@link #upsertInto(String, String)} into the schema and table of {@code table}.
   *
   * @param table the table to write into (its db type is not used)
   * @return the write's settings; {@code keys(...)}, then {@code sink(target)} or {@code writer()}
   * @throws IllegalArgumentException if the table name is empty
   */
  public static TableWrite upsertInto(TableRef table) {
    return upsertInto(table.schema(), table.table());
  }

  /**
   * The settings of a write into one table; {@link #sink} or {@link #writer} makes it. The target's
   * columns and primary key are read on the first batch and kept for the next ones.
   */
  public static final class TableWrite {
    private final String schema;
    private final String table;
    private final TableWriter.Mode mode;
    private List<String> keys = List.of();

    private TableWrite(String schema, String table, TableWriter.Mode mode) {
      if (table == null || table.isEmpty()) {
        throw new IllegalArgumentException(
            "table must not be empty, was " + (table == null ? "null" : "\"\""));
      }
      this.schema = schema;
      this.table = table;
      this.mode = mode;
    }

    /**
     * The upsert's key columns, which a unique index of the target must cover (PostgreSQL's ON
     * CONFLICT needs one on exactly these columns). Default: the target's primary key.
     *
     * @param columns the key columns
     * @return this write
     * @throws IllegalStateException for a write made by {@code insertInto}
     * @throws IllegalArgumentException if no column is named, or one is null or empty
     */
    public TableWrite keys(String... columns) {
      if (mode != TableWriter.Mode.UPSERT) {
        throw new IllegalStateException(
            "keys apply to upsertInto only; insertInto writes every row as it is");
      }
      if (columns.length == 0) {
        throw new IllegalArgumentException("keys must name at least one column");
      }
      for (String c : columns) {
        if (c == null || c.isEmpty()) {
          throw new IllegalArgumentException(
              "keys must not hold an empty column name, were " + Arrays.toString(columns));
        }
      }
      this.keys = List.of(columns);
      return this;
    }

    /**
     * The write as a {@link BatchWriter}: it writes on the connection it is given and never
     * commits, for {@link #inTransaction} (exactly-once) or your own transaction.
     *
     * @return a writer that neither commits nor closes the connection
     */
    public BatchWriter<Row> writer() {
      return new TableWriter(schema, table, mode, keys);
    }

    /**
     * The write as a sink for {@code Checkpointer.run} (at-least-once): each batch is written on a
     * connection from {@code target} and committed before the sink returns, so its position is
     * recorded only after its rows are committed. Use a pooled data source: each batch takes a
     * connection.
     *
     * @param target the target database
     * @return a sink that commits each batch
     * @throws NullPointerException if {@code target} is null
     */
    public BatchSink<Row> sink(DataSource target) {
      Objects.requireNonNull(target, "target");
      BatchWriter<Row> writer = writer();
      return rows -> {
        if (rows.isEmpty()) {
          return;
        }
        inOneTransaction(target, c -> writer.write(c, rows));
      };
    }

    @Override
    public String toString() {
      return writer().toString();
    }
  }
}
