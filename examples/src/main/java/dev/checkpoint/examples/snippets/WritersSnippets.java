package dev.checkpoint.examples.snippets;

import dev.checkpoint.Checkpointer;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.jdbc.JdbcPositionStore;
import dev.checkpoint.jdbc.JdbcSinks;
import dev.checkpoint.jdbc.Row;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/** The code of docs/writers.md, compiled; DocsCodeBlocksTest checks the page quotes it verbatim. */
@SuppressWarnings("unused")
abstract class WritersSnippets {
  DataSource targetDs;
  TableRef orders;
  Source<Row> source;
  Checkpointer cp;
  List<Row> rows;

  void atLeastOnce() {
    // tag::writers-at-least-once[]
    // Each batch upserted into warehouse.orders and committed; then its position is recorded.
    cp.run(orders, source, JdbcSinks.upsertInto("warehouse", "orders").sink(targetDs));
    // end::writers-at-least-once[]
  }

  void exactlyOnce() {
    // tag::writers-exactly-once[]
    // The position table in the target database: rows and position commit in one transaction.
    JdbcPositionStore store = JdbcPositionStore.builder().dataSource(targetDs).build();
    try (Checkpointer cp = Checkpointer.builder().taskId("orders-copy").store(store).build()) {
      cp.runInTransaction(orders, source,
          JdbcSinks.inTransaction(targetDs, JdbcSinks.insertInto("warehouse", "orders").writer()));
    }
    // end::writers-exactly-once[]
  }

  void options(Connection connection) throws SQLException {
    // tag::writers-options[]
    JdbcSinks.upsertInto(TableRef.of("pg", "warehouse", "orders"));   // schema and table of a TableRef
    JdbcSinks.upsertInto("warehouse", "customers").keys("email");      // default: the primary key
    JdbcSinks.insertInto(null, "orders");                               // the connection's own schema

    // In your own transaction: the writer writes, you commit.
    JdbcSinks.BatchWriter<Row> writer = JdbcSinks.insertInto("warehouse", "orders").writer();
    connection.setAutoCommit(false);
    writer.write(connection, rows);
    connection.commit();
    // end::writers-options[]
  }
}
