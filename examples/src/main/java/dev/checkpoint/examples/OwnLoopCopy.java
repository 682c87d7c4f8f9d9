package dev.checkpoint.examples;

import dev.checkpoint.Checkpointer;
import dev.checkpoint.PositionStore;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.TableRef;
import dev.checkpoint.jdbc.KeysetQuery;
import dev.checkpoint.logstore.LogStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Example 2: your own {@code while (rs.next())} loop, made resumable. {@link KeysetQuery} turns the
 * checkpointer's resume decision into {@code SELECT * ... WHERE id > ? ORDER BY id}; the loop hands
 * the checkpointer a position after every commit. PostgreSQL (the upsert is its {@code ON
 * CONFLICT}).
 *
 * <p>{@code own-loop [JDBC_URL [SCHEMA]]}: without a URL, on an embedded PostgreSQL; schema {@code
 * shop}.
 */
public final class OwnLoopCopy {
  private OwnLoopCopy() {}

  public static void main(String[] args) throws Exception {
    String schema = args.length > 1 ? args[1] : "shop";
    boolean same;
    try (ExampleDatabase db = ExampleDatabase.open(args.length > 0 ? args[0] : null, System.out)) {
      OrderTables.create(db.dataSource(), schema, 10_000);
      Path logs = Files.createTempDirectory("checkpoint-own-loop-");
      long rows = copy(db.dataSource(), schema, LogStore.in(logs));
      System.out.printf("copied %,d rows; positions in %s%n", rows, logs);
      same = OrderTables.report(db.dataSource(), schema, System.out);
    }
    System.exit(same ? 0 : 1);
  }

  static long copy(DataSource db, String schema, PositionStore store) throws SQLException {
    TableRef orders = TableRef.of("pg", schema, "orders");
    String upsert =
        "INSERT INTO "
            + schema
            + ".orders_copy (id, customer, amount) VALUES (?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET customer = EXCLUDED.customer, amount = EXCLUDED.amount";
    // tag::own-loop[]
    try (Checkpointer cp = Checkpointer.builder().taskId("own-loop").store(store).build();
        Connection in = db.getConnection();
        Connection out = db.getConnection();
        PreparedStatement write = out.prepareStatement(upsert)) {
      ResumeDecision d = cp.resume(orders); // finished, after a position, or from the start
      if (d.finished()) {
        return 0;
      }
      in.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
      out.setAutoCommit(false);
      KeysetQuery q = KeysetQuery.forTable(in, d, "id"); // SELECT * ... WHERE id > ? ORDER BY id
      long rows = 0;
      try (PreparedStatement read = q.prepare(in)) {
        read.setFetchSize(1_000); // MySQL: Integer.MIN_VALUE
        try (ResultSet rs = read.executeQuery()) {
          while (rs.next()) { // your loop, as it was
            write.setLong(1, rs.getLong("id"));
            write.setString(2, rs.getString("customer"));
            write.setBigDecimal(3, rs.getBigDecimal("amount"));
            write.addBatch();
            if (++rows % 1_000 == 0) {
              write.executeBatch();
              out.commit();
              cp.committed(orders, q.positionOf(rs), 1_000); // after the commit, never before
            }
          }
        }
      }
      write.executeBatch();
      out.commit();
      cp.finish(orders); // a later run skips the table
      return rows;
    }
    // end::own-loop[]
  }
}
