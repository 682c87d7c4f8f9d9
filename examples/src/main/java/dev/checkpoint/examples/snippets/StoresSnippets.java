package dev.checkpoint.examples.snippets;

import dev.checkpoint.Batch;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.ResumeState;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskConfig;
import dev.checkpoint.TaskSession;
import dev.checkpoint.TransactionalSession;
import dev.checkpoint.jdbc.JdbcPositionStore;
import dev.checkpoint.jdbc.JdbcSinks;
import dev.checkpoint.jdbc.JdbcSources;
import dev.checkpoint.jdbc.Row;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The code of docs/stores.md, compiled; DocsCodeBlocksTest checks the page quotes it verbatim. */
@SuppressWarnings("unused")
abstract class StoresSnippets {
  interface Target {
    void upsert(List<Row> rows) throws SQLException;
  }

  DataSource sourceDs;
  DataSource targetDs;
  TableRef orders;
  Source<Row> source;
  Target target;

  abstract void insertRows(Connection connection, List<Row> rows) throws SQLException;

  void quickStart() {
    // tag::stores-quick-start[]
    // from_target: the positions live in the target database, on the target's own pool.
    try (JdbcPositionStore store = JdbcPositionStore.builder().dataSource(targetDs).build();
         Checkpointer cp = Checkpointer.builder().taskId("orders-sync").store(store).build()) {
      cp.run(orders, source, batch -> target.upsert(batch));
    }

    // from_db: a separate database; the store makes its own HikariCP pool (1 connection).
    JdbcPositionStore fromDb = JdbcPositionStore.builder()
        .url("mysql://ckpt:secret@10.0.0.5:3306")          // or a jdbc: URL
        .tableFullName("apecloud_resumer_test.ape_task_position")
        .build();

    // From the seeds' INI file ([resumer] resume_type=from_target or from_db):
    TaskConfig cfg = TaskConfig.parse(Path.of("task.ini"));
    JdbcPositionStore fromIni = JdbcPositionStore.fromConfig(cfg, targetDs);   // targetDs: from_target only
    TaskSession session = fromIni.open(cfg.taskIdOrDerived());
    // end::stores-quick-start[]
  }

  void runInTransaction() {
    // tag::stores-run-in-transaction[]
    JdbcPositionStore store = JdbcPositionStore.builder().dataSource(targetDs).build(); // from_target
    try (Checkpointer cp = Checkpointer.builder().taskId("orders-sync").store(store).build()) {
      cp.runInTransaction(
          orders,
          JdbcSources.keyed(sourceDs).table(orders).key("id").build(),
          JdbcSinks.inTransaction(targetDs, (connection, rows) -> insertRows(connection, rows)));
    }
    // end::stores-run-in-transaction[]
  }

  void ownLoopInTransaction() throws SQLException {
    // tag::stores-own-transaction[]
    JdbcPositionStore store = JdbcPositionStore.builder().dataSource(targetDs).build();
    try (TransactionalSession<Connection> session = store.open("orders-sync");
         Connection tx = targetDs.getConnection()) {
      tx.setAutoCommit(false);
      ResumeState state = session.load();
      ResumeDecision from = new ResumeDecision(
          orders, state.isFinished(orders), state.position(orders), Optional.empty());
      try (Source.Cursor<Row> cursor = source.open(from)) {   // your reader, after the position
        for (Batch<Row> batch = cursor.next(); batch != null; batch = cursor.next()) {
          insertRows(tx, batch.rows());                      // plain INSERTs
          session.recordIn(tx, orders, batch.position());    // same transaction, not committed
          tx.commit();                                       // data and position together
        }
      }
      session.finishIn(tx, orders);                          // and at the end
      tx.commit();
    }
    // end::stores-own-transaction[]
  }
}
