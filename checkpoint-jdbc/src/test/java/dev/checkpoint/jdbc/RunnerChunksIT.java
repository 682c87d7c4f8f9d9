package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.BatchSink;
import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.TableRef;
import dev.checkpoint.chunk.ChunkedRun;
import dev.checkpoint.runner.RunResult;
import dev.checkpoint.runner.TableJob;
import dev.checkpoint.runner.TableResult;
import dev.checkpoint.runner.TableRunner;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The multi-table runner splits a table above its threshold into chunks and copies it with worker
 * threads; a failed run leaves the chunks to the next one, which finishes them to an exact target,
 * and a small table of the same run is copied whole.
 */
class RunnerChunksIT {
  @ParameterizedTest
  @EnumSource(Kind.class)
  void aBigTableIsCopiedInChunksAndAFailedRunIsFinishedByTheNext(Kind kind) throws Exception {
    DataSource ds = TestDatabases.dataSource(kind);
    String src = TestDatabases.freshSchema(kind, "rchunk_src");
    String dst = TestDatabases.freshSchema(kind, "rchunk_dst");
    String store = StoreFixtures.freshTable(kind, "rchunk_store");
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      ChunkedWorkersIT.fill(c, kind, src, 60_000);
      ChunkedWorkersIT.createTarget(c, kind, dst, false);
      s.execute(
          kind == Kind.MYSQL
              ? "ANALYZE TABLE " + q(kind, src) + ".t"
              : "ANALYZE " + q(kind, src) + ".t");
    }
    String db = kind == Kind.MYSQL ? "mysql" : "pg";
    TableRef big = TableRef.of(db, src, "t");
    AtomicInteger batches = new AtomicInteger();
    BatchSink<Row> upsert = JdbcSinks.upsertInto(dst, "t").keys("id").sink(ds);
    BatchSink<Row> failing =
        rows -> {
          if (batches.incrementAndGet() == 20) {
            throw new IllegalStateException("the target went away");
          }
          upsert.accept(rows);
        };

    RunResult first = run(ds, store, big, src, failing);
    assertThat(first.failed()).isEqualTo(1);
    try (JdbcPositionStore s =
        JdbcPositionStore.builder().dataSource(ds).tableFullName(store).build()) {
      assertThat(ChunkedRun.builder(s).taskId("runner-chunks").build().planned(big)).isTrue();
    }

    RunResult second = run(ds, store, big, src, upsert);
    assertThat(second.succeeded()).isTrue();
    TableResult t = second.tables().get(0);
    assertThat(t.outcome()).isEqualTo(TableResult.Outcome.COMPLETED);
    assertThat(t.rowsThisRun()).isLessThan(60_000);
    try (Connection c = ds.getConnection()) {
      String target = q(kind, dst) + ".t";
      assertThat(count(c, "SELECT count(*) FROM " + target)).isEqualTo(60_000);
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM "
                      + q(kind, src)
                      + ".t s JOIN "
                      + target
                      + " d ON d.id = s.id AND d.name = s.name"))
          .isEqualTo(60_000);
    }
  }

  private static RunResult run(
      DataSource ds, String store, TableRef table, String src, BatchSink<Row> sink) {
    try (JdbcPositionStore positions =
            JdbcPositionStore.builder().dataSource(ds).tableFullName(store).build();
        Checkpointer cp =
            Checkpointer.builder()
                .taskId("runner-chunks")
                .store(positions)
                .policy(CheckpointPolicy.everyBatch())
                .build()) {
      return TableRunner.builder(cp)
          .job(
              TableJob.of(
                  table, JdbcSources.keyed(ds).table(src, "t").batchSize(1_000).build(), sink))
          .splitAbove(10_000)
          .chunkThreads(3)
          .build()
          .run();
    }
  }

  private static String q(Kind kind, String name) {
    return kind == Kind.MYSQL ? "`" + name + "`" : "\"" + name + "\"";
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
