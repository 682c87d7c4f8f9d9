package dev.checkpoint.cli;

import dev.checkpoint.BatchSink;
import dev.checkpoint.Strategy;
import dev.checkpoint.jdbc.Dialect;
import dev.checkpoint.jdbc.JdbcSinks;
import dev.checkpoint.jdbc.JdbcSource;
import dev.checkpoint.jdbc.JdbcSources;
import dev.checkpoint.jdbc.Row;
import dev.checkpoint.runner.TableJob;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * How one table is read and written. A target with a primary key is upserted by it, so the table
 * resumes mid-way (KEY, or ROW_SKIP for a source without a key) and a batch delivered twice after a
 * crash changes nothing. A target without one gets plain inserts, and the table is read whole
 * (strategy NONE): an interrupted table is emptied and read again, so no row is written twice.
 */
final class TableCopy {
  private TableCopy() {}

  static boolean resumesMidway(CopyPlan.Table t) {
    return !t.targetKey().isEmpty();
  }

  static JdbcSource source(
      DataSource source, CopyPlan.Table t, CopyConfig config, boolean chunked) {
    JdbcSource.Builder b =
        JdbcSources.of(source, resumesMidway(t) || chunked ? Strategy.AUTO : Strategy.NONE)
            .table(t.source())
            .batchSize(config.readBatch);
    String col = config.partitionCols.get(List.of(t.source().schema(), t.source().table()));
    if (col != null && chunked) {
      b.partitionColumn(col);
    }
    return b.build();
  }

  static JdbcSinks.BatchWriter<Row> writer(CopyPlan.Table t) {
    return resumesMidway(t)
        ? JdbcSinks.upsertInto(t.targetSchema(), t.targetTable()).writer()
        : JdbcSinks.insertInto(t.targetSchema(), t.targetTable()).writer();
  }

  /**
   * Writes a batch in statements of at most {@code [sinker] batch_size} rows, all in one
   * transaction, committed before the batch's position is recorded.
   */
  static BatchSink<Row> sink(DataSource target, CopyPlan.Table t, int writeBatch) {
    JdbcSinks.BatchWriter<Row> writer = writer(t);
    return rows -> {
      if (rows.isEmpty()) {
        return;
      }
      try (Connection c = target.getConnection()) {
        c.setAutoCommit(false);
        try {
          for (int i = 0; i < rows.size(); i += writeBatch) {
            writer.write(c, rows.subList(i, Math.min(rows.size(), i + writeBatch)));
          }
          c.commit();
        } catch (Exception | Error e) {
          try {
            c.rollback();
          } catch (SQLException suppressed) {
            e.addSuppressed(suppressed);
          }
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      }
    };
  }

  static void truncate(DataSource target, CopyPlan.Table t) throws SQLException {
    try (Connection c = target.getConnection();
        Statement s = c.createStatement()) {
      s.execute("TRUNCATE TABLE " + Dialect.detect(c).qualified(t.targetSchema(), t.targetTable()));
    }
  }

  static TableJob<Row> job(
      DataSource source, DataSource target, CopyPlan.Table t, CopyConfig config) {
    return TableJob.<Row>builder(t.source())
        .source(source(source, t, config, false))
        .sink(sink(target, t, config.writeBatch))
        .strategy(resumesMidway(t) ? Strategy.AUTO : Strategy.NONE)
        .truncate(ref -> truncate(target, t))
        .build();
  }
}
