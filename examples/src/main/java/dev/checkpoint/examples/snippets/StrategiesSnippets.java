package dev.checkpoint.examples.snippets;

import dev.checkpoint.Checkpointer;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.jdbc.JdbcSources;
import dev.checkpoint.jdbc.KeysetQuery;
import dev.checkpoint.jdbc.Row;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The code of docs/strategies.md, compiled; DocsCodeBlocksTest checks the page quotes it verbatim.
 */
@SuppressWarnings("unused")
abstract class StrategiesSnippets {
  interface Target {
    void upsert(List<Row> rows) throws SQLException;
  }

  DataSource dataSource;
  Checkpointer checkpointer;
  Target target;
  Connection conn;
  TableRef orders;
  long n;

  abstract void write(ResultSet rs) throws SQLException;

  abstract void commit() throws SQLException;

  void keyed() {
    // tag::strategies-keyed[]
    TableRef orders = TableRef.of("mysql", "shop", "orders");
    Source<Row> source = JdbcSources.keyed(dataSource).table(orders).key("id").build();
    checkpointer.run(orders, source, rows -> target.upsert(rows));   // rows: List<Row>
    // end::strategies-keyed[]
  }

  void ownLoop() throws SQLException {
    // tag::strategies-own-loop[]
    ResumeDecision d = checkpointer.resume(orders);
    if (!d.finished()) {
      for (KeysetQuery q = KeysetQuery.forTable(conn, d, "id"); q != null; q = q.next().orElse(null)) {
        try (PreparedStatement ps = q.prepare(conn); ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            write(rs);
            if (++n % 1000 == 0) { commit(); checkpointer.committed(orders, q.positionOf(rs), 1000); }
          }
        }
      }
      commit();
      checkpointer.finish(orders);
    }
    // end::strategies-own-loop[]
  }
}
