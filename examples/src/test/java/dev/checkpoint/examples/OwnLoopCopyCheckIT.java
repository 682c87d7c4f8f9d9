package dev.checkpoint.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.testkit.pipeline.Crashes;
import dev.checkpoint.testkit.pipeline.PgSchema;
import dev.checkpoint.testkit.pipeline.PipelineCheck;
import dev.checkpoint.testkit.pipeline.PipelineFixtures;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Testing your pipeline with the test kit ({@code docs/testing-your-pipeline.md}): it proves that
 * example 2's own JDBC loop ({@link OwnLoopCopy}) resumes. It runs the loop once, then again with a
 * crash at each sink commit (before and after it lands) and after each position write, restarts it
 * on the same store, and compares orders_copy with the uninterrupted run's. PostgreSQL comes from
 * {@link PipelineFixtures}: a fresh schema on an embedded server, or on the one {@code
 * CHECKPOINT_PG_URL} names.
 */
@ExtendWith(PipelineFixtures.class)
class OwnLoopCopyCheckIT {
  // tag::pipeline-check[]
  @Test
  void resumesToTheSameTargetAfterAnyCrash(PgSchema pg) throws Exception {
    DataSource db = pg.dataSource(); // a fresh schema, dropped after the test
    OrderTables.create(db, pg.schema(), 3_000); // orders, and an empty orders_copy

    int tried =
        PipelineCheck.of(
                run -> OwnLoopCopy.copy(run.dataSource(db, "orders_copy"), pg.schema(), run.store()))
            .freshTarget(() -> execute(db, "TRUNCATE orders_copy"))
            .target(() -> rows(db, "SELECT id, customer, amount FROM orders_copy"))
            .crashes(Crashes.upTo(20))
            .verify(); // throws an AssertionError naming the first crash that loses or adds rows

    // 4 sink commits (3 full batches and the last, empty one), each crashed before and after it
    // lands; 1 store write (the finished mark: the loop keeps the default 10 s checkpoint policy)
    assertThat(tried).isEqualTo(4 + 4 + 1);
  }
  // end::pipeline-check[]

  static void execute(DataSource db, String sql) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static List<List<Object>> rows(DataSource db, String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Object[] row = new Object[columns];
        for (int i = 0; i < columns; i++) {
          row[i] = rs.getObject(i + 1);
        }
        rows.add(Arrays.asList(row));
      }
    }
    return rows;
  }
}
