package dev.checkpoint.examples;

import dev.checkpoint.BatchSink;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.jdbc.JdbcSinks;
import dev.checkpoint.jdbc.JdbcSources;
import dev.checkpoint.jdbc.Row;
import dev.checkpoint.logstore.LogStore;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;

/**
 * The README's quick start: one table copied by key with positions in a log directory. {@code
 * QuickStartIT} runs it on the PostgreSQL test database.
 */
public final class QuickStart {
  private QuickStart() {}

  /** Where the rows go; yours is a database, a file, a queue. */
  interface Target {
    void upsert(List<Row> rows) throws Exception;
  }

  static void copy(DataSource dataSource, String schema, Target target, Path logDir) {
    // tag::quick-start[]
    TableRef orders = TableRef.of("pg", schema, "orders");
    Source<Row> source = JdbcSources.keyed(dataSource).table(orders).key("id").build();
    try (Checkpointer cp = Checkpointer.builder()
        .taskId("orders-copy")
        .store(LogStore.in(logDir))                          // position.log and finished.log
        .build()) {
      cp.run(orders, source, rows -> target.upsert(rows));   // the position is recorded after this returns
    }
    // end::quick-start[]
  }

  /** An upsert into {@code schema.orders_copy}, committed before it returns. */
  static Target ordersCopy(DataSource dataSource, String schema) {
    BatchSink<Row> upsert = JdbcSinks.upsertInto(schema, "orders_copy").sink(dataSource);
    return upsert::accept;
  }
}
