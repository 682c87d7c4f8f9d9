package dev.checkpoint.jdbc;

import dev.checkpoint.Batch;
import dev.checkpoint.Position;
import dev.checkpoint.TableRef;
import dev.checkpoint.TransactionalSession;
import dev.checkpoint.TransactionalSink;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Sinks for JDBC targets.
 *
 * <pre>{@code
 * JdbcPositionStore store = JdbcPositionStore.builder().dataSource(target).build(); // from_target
 * try (Checkpointer cp = Checkpointer.builder().taskId("copy").store(store).build()) {
 *   cp.runInTransaction(orders, source, JdbcSinks.inTransaction(target, (connection, rows) -> insert(connection, rows)));
 * }
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
   * position table, in one transaction on a connection from {@code target}: both commit or
   * neither does (exactly-once, no upsert needed). The checkpointer's store must be a {@link
   * JdbcPositionStore} whose position table lives in the same database as {@code target}
   * (from_target), so that one transaction can reach both; a store of another kind is refused
   * before the first row is read.
   */
  public static <T> TransactionalSink<T, Connection> inTransaction(DataSource target, BatchWriter<T> writer) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(writer, "writer");
    return new TransactionalSink<>() {
      @Override
      public void accept(TableRef table, Batch<T> batch, TransactionalSession<Connection> session)
          throws Exception {
        try (Connection c = target.getConnection()) {
          boolean autoCommit = c.getAutoCommit();
          c.setAutoCommit(false);
          try {
            writer.write(c, batch.rows());
            if (!(batch.position() instanceof Position.None)) {
              session.recordIn(c, table, batch.position());
            }
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
}
