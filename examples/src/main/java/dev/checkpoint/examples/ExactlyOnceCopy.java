package dev.checkpoint.examples;

import dev.checkpoint.Checkpointer;
import dev.checkpoint.TableRef;
import dev.checkpoint.jdbc.JdbcPositionStore;
import dev.checkpoint.jdbc.JdbcSinks;
import dev.checkpoint.jdbc.JdbcSources;
import javax.sql.DataSource;

/**
 * Example 3: exactly-once into the target. The position table lives in the target database
 * (JdbcPositionStore, from_target), and each batch's rows and its position row commit in one
 * transaction: either both land or neither does, so plain INSERTs never meet a row twice.
 *
 * <p>{@code Checkpointer.runInTransaction} hands each batch to a transactional sink, which writes
 * the rows and the position and commits; {@code JdbcSinks.inTransaction} is that sink for a JDBC
 * target. MySQL/MariaDB or PostgreSQL.
 *
 * <p>{@code exactly-once [JDBC_URL [SCHEMA]]}: without a URL, on an embedded PostgreSQL; schema
 * {@code shop}.
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

  /**
   * Copies {@code schema.orders} of {@code source} to {@code schema.orders_copy} of {@code target}.
   */
  static long copy(DataSource source, DataSource target, String schema) {
    TableRef orders = TableRef.of("jdbc", schema, "orders");
    // tag::exactly-once[]
    try (JdbcPositionStore store =
            JdbcPositionStore.builder()
                .dataSource(target) // from_target: the position table lives in the target database
                .tableFullName(schema + ".checkpoint_positions")
                .build();
        Checkpointer cp = Checkpointer.builder().taskId("exactly-once-orders").store(store).build()) {
      return cp.runInTransaction(
          orders,
          JdbcSources.keyed(source).table(orders).key("id").build(),
          // One transaction per batch: the rows (plain INSERTs: PostgreSQL COPY, MySQL multi-row
          // INSERT; a row written twice would fail), then the batch's position row, then the commit.
          JdbcSinks.inTransaction(target, JdbcSinks.insertInto(schema, "orders_copy").writer()));
    }
    // end::exactly-once[]
  }
}
