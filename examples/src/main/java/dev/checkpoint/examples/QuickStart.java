package dev.checkpoint.examples;

import dev.checkpoint.Checkpointer;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.jdbc.JdbcSources;
import dev.checkpoint.jdbc.Row;
import dev.checkpoint.logstore.LogStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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

  /** An upsert into {@code schema.orders_copy} (PostgreSQL), committed before it returns. */
  static Target ordersCopy(DataSource dataSource, String schema) {
    String sql = "INSERT INTO " + schema + ".orders_copy (id, customer, amount) VALUES (?, ?, ?)"
        + " ON CONFLICT (id) DO UPDATE SET customer = EXCLUDED.customer, amount = EXCLUDED.amount";
    return rows -> {
      try (Connection c = dataSource.getConnection();
          PreparedStatement ps = c.prepareStatement(sql)) {
        for (Row r : rows) {
          ps.setObject(1, r.get("id"));
          ps.setObject(2, r.get("customer"));
          ps.setObject(3, r.get("amount"));
          ps.addBatch();
        }
        ps.executeBatch(); // autocommit: committed when this returns
      } catch (SQLException e) {
        throw new IllegalStateException("cannot write to " + schema + ".orders_copy: " + e.getMessage(), e);
      }
    };
  }
}
