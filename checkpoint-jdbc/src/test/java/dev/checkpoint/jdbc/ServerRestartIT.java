package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.checkpoint.Batch;
import dev.checkpoint.BatchSink;
import dev.checkpoint.CheckpointException;
import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskLockedException;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The database that holds the target and the positions restarts in the middle of a copy (a server
 * of its own: {@link ThrowawayServer}; MariaDB is killed, PostgreSQL stopped in fast mode). The run
 * either survives the restart or fails with an exception that says what failed where; a failed run
 * is resumed. Either way the target ends equal to the source row for row, with no duplicate in the
 * exactly-once mode (plain INSERTs into a target without a key), and the task is never held by two
 * processes: a second opener after the restart is refused while the first still runs, or the first
 * run fails.
 */
class ServerRestartIT {
  private static final int ROWS = 4000;
  private static final int BATCH = 25;
  private static final int RESTART_AT_BATCH = 20;

  enum Mode {
    /** {@code JdbcSinks.upsertInto(...).sink(target)}: a lost connection fails the batch. */
    AT_LEAST_ONCE,
    /** The same upsert, retried for up to 10 s, as a sink that rides out a restart would. */
    AT_LEAST_ONCE_RETRYING_SINK,
    /** {@code runInTransaction} with {@code JdbcSinks.inTransaction} and plain INSERTs. */
    EXACTLY_ONCE
  }

  static Stream<Arguments> cases() {
    return Stream.of(Kind.values())
        .flatMap(k -> Stream.of(Mode.values()).map(m -> Arguments.of(k, m)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void aServerRestartMidRunEndsWithTheTargetEqualToTheSourceAndTheTaskNeverHeldTwice(
      Kind kind, Mode mode) throws Exception {
    String schema = TestDatabases.freshSchema(kind, "cp_restart");
    TableRef src = TableRef.of("jdbc", schema, "src");
    fillSource(kind, schema);
    String task = "restart-" + UUID.randomUUID();
    try (ThrowawayServer server = ThrowawayServer.start(kind);
        HikariDataSource target = pool(server.url())) {
      server.exec(kind == Kind.MYSQL ? "CREATE DATABASE ckpt" : "CREATE SCHEMA ckpt");
      server.exec(
          "CREATE TABLE ckpt.dst (id bigint"
              + (mode != Mode.EXACTLY_ONCE ? " PRIMARY KEY" : "")
              + ", v varchar(40))");

      CountDownLatch atRestartPoint = new CountDownLatch(1);
      AtomicInteger batches = new AtomicInteger();
      CompletableFuture<Throwable> first =
          CompletableFuture.supplyAsync(
              () -> copy(kind, mode, target, src, task, batches, atRestartPoint));
      assertThat(atRestartPoint.await(60, TimeUnit.SECONDS))
          .as("the copy reached batch 20")
          .isTrue();
      assertThat(first).as("the copy still runs when the server stops").isNotDone();
      server.stop();
      Thread.sleep(1000);
      server.start();
      // A few rounds of the store's watchdog, which takes the task's lock again.
      Thread.sleep(1500);
      boolean firstRunning = !first.isDone();
      boolean secondGotTheTask;
      try (JdbcPositionStore second =
          JdbcPositionStore.builder().url(server.url()).tableFullName("ckpt.positions").build()) {
        second.open(task).close();
        secondGotTheTask = true;
      } catch (TaskLockedException refused) {
        secondGotTheTask = false;
      }
      Throwable failure = first.get(120, TimeUnit.SECONDS);
      int batchesOfFirst = batches.get();
      System.out.printf(
          "%s %s: first run %s after %d batches (running at the second open: %s); second opener"
              + " %s%n",
          kind,
          mode,
          failure == null ? "survived the restart" : "failed: " + failure,
          batchesOfFirst,
          firstRunning,
          secondGotTheTask ? "got the task" : "was refused");
      if (mode == Mode.AT_LEAST_ONCE_RETRYING_SINK) {
        // The sink waits the restart out, so the run is in the store's hands: its watchdog takes
        // the task's lock again on the restarted server and its writes reconnect.
        assertThat(failure).as("the run with a retrying sink survives the restart").isNull();
        assertThat(firstRunning).isTrue();
        assertThat(secondGotTheTask).as("a second opener while the first still runs").isFalse();
      }
      if (secondGotTheTask) {
        assertThat(failure)
            .as("the second opener got the task, so the first must not finish")
            .isNotNull();
      }
      if (failure != null) {
        assertThat(failure).isInstanceOf(CheckpointException.class);
        // It names what failed where: the position table or the target (ckpt.…), or the source.
        assertThat(failure.getMessage()).containsAnyOf("ckpt", schema);
        Throwable again = copy(kind, mode, target, src, task, new AtomicInteger(), null);
        assertThat(again).as("the rerun after the failure").isNull();
      } else {
        assertThat(firstRunning || !secondGotTheTask).isTrue();
      }
      assertThat(batchesOfFirst).isGreaterThanOrEqualTo(RESTART_AT_BATCH);
      assertThat(rows(target, "ckpt.dst"))
          .isEqualTo(rows(TestDatabases.dataSource(kind), schema + ".src"));
    }
  }

  /** One run; null if it finished, else what it threw. Slowed down so the restart lands mid-run. */
  private static Throwable copy(
      Kind kind,
      Mode mode,
      DataSource target,
      TableRef src,
      String task,
      AtomicInteger batches,
      CountDownLatch atRestartPoint) {
    try (JdbcPositionStore store =
            JdbcPositionStore.builder().dataSource(target).tableFullName("ckpt.positions").build();
        Checkpointer cp =
            Checkpointer.builder()
                .taskId(task)
                .store(store)
                .policy(CheckpointPolicy.everyBatch())
                .build()) {
      JdbcSource reader =
          JdbcSources.keyed(TestDatabases.dataSource(kind))
              .table(src)
              .key("id")
              .batchSize(BATCH)
              .build();
      Source<Row> source =
          atRestartPoint == null ? reader : throttled(reader, batches, atRestartPoint);
      BatchSink<Row> upsert = JdbcSinks.upsertInto("ckpt", "dst").sink(target);
      if (mode == Mode.AT_LEAST_ONCE) {
        cp.run(src, source, upsert);
      } else if (mode == Mode.AT_LEAST_ONCE_RETRYING_SINK) {
        cp.run(src, source, rows -> retried(upsert, rows));
      } else {
        cp.runInTransaction(
            src,
            source,
            JdbcSinks.inTransaction(target, JdbcSinks.insertInto("ckpt", "dst").writer()));
      }
      return null;
    } catch (Throwable e) {
      return e;
    }
  }

  private static void retried(BatchSink<Row> sink, List<Row> rows) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        sink.accept(rows);
        return;
      } catch (Exception e) {
        if (attempt == 50) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  /** 40 ms per batch: 160 batches take over 6 s, the restart about 3 s. */
  private static Source<Row> throttled(
      Source<Row> inner, AtomicInteger batches, CountDownLatch atRestartPoint) {
    return decision -> {
      Source.Cursor<Row> c = inner.open(decision);
      return new Source.Cursor<>() {
        @Override
        public Batch<Row> next() {
          StoreFixtures.sleep(40);
          if (batches.incrementAndGet() == RESTART_AT_BATCH) {
            atRestartPoint.countDown();
          }
          return c.next();
        }

        @Override
        public void close() {
          c.close();
        }
      };
    };
  }

  private static void fillSource(Kind kind, String schema) throws SQLException {
    String table = kind == Kind.MYSQL ? "`" + schema + "`.src" : "\"" + schema + "\".src";
    try (Connection c = TestDatabases.dataSource(kind).getConnection()) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, v varchar(40))");
      }
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
        for (int i = 1; i <= ROWS; i++) {
          ps.setLong(1, i);
          ps.setString(2, "row " + i);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
      c.setAutoCommit(true);
    }
  }

  private static List<String> rows(DataSource ds, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, v FROM " + table + " ORDER BY id, v")) {
      while (rs.next()) {
        out.add(rs.getLong(1) + "|" + rs.getString(2));
      }
    }
    return out;
  }

  private static HikariDataSource pool(String url) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url);
    cfg.setMaximumPoolSize(4);
    // Long enough to wait out the restart: a batch that needs a connection meanwhile waits.
    cfg.setConnectionTimeout(20_000);
    cfg.setPoolName("throwaway");
    return new HikariDataSource(cfg);
  }
}
