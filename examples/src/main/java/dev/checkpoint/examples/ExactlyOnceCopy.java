package dev.checkpoint.examples;

import dev.checkpoint.Batch;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.ResumeState;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.jdbc.JdbcPositionStore;
import dev.checkpoint.jdbc.JdbcSources;
import dev.checkpoint.jdbc.Row;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Example 3: exactly-once into the target. The position table lives in the target database
 * (JdbcPositionStore, from_target), and each batch's rows and its position row commit in one
 * transaction: either both land or neither does, so plain INSERTs never meet a row twice.
 *
 * <p>{@code Checkpointer.run} records positions itself after the sink returns (at-least-once), so
 * this loop drives the reader and the store's session directly. MySQL/MariaDB or PostgreSQL.
 *
 * <p>{@code exactly-once [JDBC_URL [SCHEMA]]}: without a URL, on an embedded PostgreSQL; schema {@code shop}.
 */
public final class ExactlyOnceCopy {
  private ExactlyOnceCopy() {}

  public static void main(String[] args) throws Exception {
    String schema = args.length > 1 ? args[1] : "shop";
    boolean same;
    try (ExampleDatabase db = ExampleDatabase.open(args.length > 0 ? args[0] : null, System.out)) {
      OrderTables.create(db.dataSource(), schema, 10_000);
      long rows = copy(db.dataSource(), db.dataSource(), schema);
      System.out.printf("copied %,d rows; positions in %s.checkpoint_positions%n", rows, schema);
      same = OrderTables.report(db.dataSource(), schema, System.out);
    }
    System.exit(same ? 0 : 1);
  }

  /** Copies {@code schema.orders} of {@code source} to {@code schema.orders_copy} of {@code target}. */
  static long copy(DataSource source, DataSource target, String schema) throws SQLException {
    TableRef orders = TableRef.of("jdbc", schema, "orders");
    Source<Row> reader = JdbcSources.keyed(source).table(orders).key("id").build();
    String insert = "INSERT INTO " + schema + ".orders_copy (id, customer, amount) VALUES (?, ?, ?)";
    // tag::exactly-once[]
    try (JdbcPositionStore store =
            JdbcPositionStore.builder()
                .dataSource(target) // from_target: positions in the target database
                .tableFullName(schema + ".checkpoint_positions")
                .build();
        JdbcPositionStore.Session session = store.open("exactly-once-orders");
        Connection tx = target.getConnection();
        PreparedStatement write = tx.prepareStatement(insert)) {
      tx.setAutoCommit(false);
      ResumeState state = session.load();
      if (state.isFinished(orders)) {
        return 0;
      }
      ResumeDecision from = new ResumeDecision(orders, false, state.position(orders), Optional.empty());
      long rows = 0;
      try (Source.Cursor<Row> cursor = reader.open(from)) {
        for (Batch<Row> batch = cursor.next(); batch != null; batch = cursor.next()) {
          for (Row row : batch.rows()) {
            write.setObject(1, row.get("id"));
            write.setObject(2, row.get("customer"));
            write.setObject(3, row.get("amount"));
            write.addBatch();
          }
          write.executeBatch(); // plain INSERTs: a row written twice would fail
          session.recordIn(tx, orders, batch.position()); // the position, in the same transaction
          tx.commit(); // rows and position land together, or neither does
          rows += batch.size();
        }
      }
      session.finishIn(tx, orders);
      tx.commit();
      return rows;
    }
    // end::exactly-once[]
  }
}
