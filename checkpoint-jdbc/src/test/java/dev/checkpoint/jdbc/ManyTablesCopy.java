package dev.checkpoint.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.checkpoint.BatchSink;
import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.Strategy;
import dev.checkpoint.TableRef;
import dev.checkpoint.runner.ConsoleReporter;
import dev.checkpoint.runner.RunResult;
import dev.checkpoint.runner.TableJob;
import dev.checkpoint.runner.TableRunner;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link ManyTablesIT}: copies every table of the source schema (found by
 * {@link JdbcTables}) into the target schema with a {@link TableRunner}, 4 at a time, positions and
 * statuses in a {@link JdbcPositionStore} written after every batch. Exit code 0 when the run
 * succeeded, 1 when not. The test kills it with SIGKILL at chosen moments.
 *
 * <p>Arguments: {@code MYSQL|POSTGRES jdbcUrl sourceSchema targetSchema storeTableFullName}.
 */
public final class ManyTablesCopy {
  private ManyTablesCopy() {}

  public static void main(String[] args) throws Exception {
    Kind kind = Kind.valueOf(args[0]);
    String url = args[1];
    String src = args[2];
    String dst = args[3];
    String storeTable = args[4];
    RunResult result;
    try (HikariDataSource ds = pool(url);
        JdbcPositionStore store =
            JdbcPositionStore.builder().url(url).tableFullName(storeTable).build();
        Checkpointer cp =
            Checkpointer.builder()
                .taskId(ManyTables.TASK)
                .store(store)
                .policy(CheckpointPolicy.everyBatch())
                .build()) {
      List<TableJob<Row>> jobs = new ArrayList<>();
      for (TableRef t : JdbcTables.discover(ds, src).list()) {
        jobs.add(job(kind, ds, t, dst));
      }
      result =
          TableRunner.builder(cp)
              .jobs(jobs)
              .parallelism(4)
              .listener(
                  ConsoleReporter.builder()
                      .live(false)
                      .progressInterval(Duration.ofSeconds(1))
                      .build())
              .build()
              .run();
    }
    System.out.flush();
    System.exit(result.succeeded() ? 0 : 1);
  }

  private static TableJob<Row> job(Kind kind, HikariDataSource ds, TableRef t, String dst) {
    Strategy strategy = ManyTables.strategy(ManyTables.index(t.table()));
    String target = Tables.dialect(kind).qualified(dst, t.table());
    JdbcSource.Builder source = JdbcSources.of(ds, strategy).batchSize(ManyTables.BATCH);
    if (strategy == Strategy.ROW_SKIP) {
      source.orderBy("id");
    }
    String head = "INSERT INTO " + target + " (id, grp, name, amount) VALUES ";
    String tail = strategy == Strategy.NONE ? "" : ManyTables.upsertTail(kind);
    BatchSink<Row> sink =
        rows -> {
          try (Connection c = ds.getConnection()) {
            ManyTables.insert(c, head, tail, rows.stream().map(r -> r.values().toArray()).toList());
          }
        };
    return TableJob.<Row>builder(t)
        .source(source.build())
        .sink(sink)
        .strategy(strategy)
        .truncate(
            table -> {
              try (Connection c = ds.getConnection();
                  Statement s = c.createStatement()) {
                s.execute("TRUNCATE TABLE " + target);
              } catch (SQLException e) {
                throw new IllegalStateException(
                    "cannot truncate " + target + ": " + e.getMessage(), e);
              }
            })
        .build();
  }

  private static HikariDataSource pool(String url) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url);
    cfg.setMaximumPoolSize(10);
    cfg.setPoolName("many-tables-copy");
    return new HikariDataSource(cfg);
  }
}
