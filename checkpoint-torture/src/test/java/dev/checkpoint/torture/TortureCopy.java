package dev.checkpoint.torture;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.checkpoint.BatchSink;
import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.Position;
import dev.checkpoint.TableRef;
import dev.checkpoint.TransactionalSink;
import dev.checkpoint.chunk.ChunkedResult;
import dev.checkpoint.chunk.ChunkedRun;
import dev.checkpoint.jdbc.JdbcPositionStore;
import dev.checkpoint.jdbc.JdbcSinks;
import dev.checkpoint.jdbc.JdbcSource;
import dev.checkpoint.jdbc.JdbcSources;
import dev.checkpoint.jdbc.Row;
import dev.checkpoint.logstore.FsyncPolicy;
import dev.checkpoint.logstore.LogStore;
import dev.checkpoint.torture.KillPoint.Where;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;

/**
 * One run of a torture copy, in a child JVM the test kills: copies a JDBC source into its target
 * until done (exit 0), resuming from wherever the last killed run left its positions. Says {@code
 * TORTURE STARTED} once its store is open, so that random kills land in the copy, not in JVM start.
 *
 * <p>Arguments: {@code mode url srcSchema dstSchema store taskId killPoint workerId}; {@code store}
 * is a log directory or a position table's full name, {@code killPoint} {@code none} or {@code
 * where:n} ({@link KillPoint}).
 */
public final class TortureCopy {
  static final Duration LEASE = Duration.ofMillis(1_500);

  private TortureCopy() {}

  public static void main(String[] args) throws Exception {
    Mode mode = Mode.valueOf(args[0]);
    KillPoint.arm(args[6]);
    long rows =
        mode.mongo()
            ? MongoTortureCopy.copy(mode, args[1], args[2], args[3], args[4], args[5])
            : new TortureCopy.Jdbc(mode, args).copy();
    System.out.println("TORTURE DONE " + rows + " rows");
    System.out.flush();
    System.exit(0);
  }

  static void started() {
    System.out.println("TORTURE STARTED");
    System.out.flush();
  }

  /** The JDBC modes: source and target schemas in one database, which also holds the store. */
  private static final class Jdbc {
    private final Mode mode;
    private final String url;
    private final String src;
    private final String dst;
    private final String store;
    private final String task;
    private final String worker;

    Jdbc(Mode mode, String[] args) {
      this.mode = mode;
      this.url = args[1];
      this.src = args[2];
      this.dst = args[3];
      this.store = args[4];
      this.task = args[5];
      this.worker = args[7];
    }

    long copy() throws Exception {
      HikariConfig cfg = new HikariConfig();
      cfg.setJdbcUrl(url);
      cfg.setMaximumPoolSize(2 + 2 * mode.threads);
      try (HikariDataSource ds = new HikariDataSource(cfg)) {
        TableRef table =
            TableRef.of(url.startsWith("jdbc:postgresql") ? "pg" : "mysql", src, mode.source);
        JdbcSource source = source(ds);
        if (mode.chunked()) {
          return chunked(ds, table, source);
        }
        try (AutoCloseable closeStore = logOrTable(ds);
            Checkpointer cp =
                Checkpointer.builder()
                    .taskId(task)
                    .store(
                        mode.exactlyOnce
                            ? (JdbcPositionStore) closeStore
                            : HookedStores.positions((dev.checkpoint.PositionStore) closeStore))
                    .policy(CheckpointPolicy.everyBatch())
                    .build()) {
          started();
          if (mode.broken()) {
            LateSink late = new LateSink(JdbcSinks.insertInto(dst, mode.target).sink(ds));
            long rows = cp.run(table, source, late);
            late.flush();
            return rows;
          }
          return mode.exactlyOnce
              ? cp.runInTransaction(table, source, inTransaction(ds))
              : cp.run(table, source, committing(JdbcSinks.insertInto(dst, mode.target).sink(ds)));
        }
      }
    }

    private long chunked(HikariDataSource ds, TableRef table, JdbcSource source) throws Exception {
      try (AutoCloseable closeStore = logOrTable(ds)) {
        ChunkedRun.Builder run =
            mode.exactlyOnce
                ? ChunkedRun.builder(HookedStores.transactional((JdbcPositionStore) closeStore))
                : ChunkedRun.builder(HookedStores.shared((LogStore) closeStore));
        ChunkedRun chunked =
            run.taskId(task)
                .workerId(worker)
                .threads(mode.threads)
                .chunkRows(TortureData.ROWS / 8)
                .lease(LEASE)
                .build();
        started();
        ChunkedResult r =
            mode.exactlyOnce
                ? chunked.runInTransaction(table, source, inTransaction(ds))
                : chunked.run(
                    table, source, committing(JdbcSinks.insertInto(dst, mode.target).sink(ds)));
        if (!r.finished()) {
          throw new IllegalStateException("the chunked run ended unfinished: " + r);
        }
        return r.rows();
      }
    }

    private JdbcSource source(HikariDataSource ds) {
      return switch (mode) {
        case KEY_NULLS_TX ->
            JdbcSources.keyed(ds).table(src, "t").key("k").batchSize(Mode.BATCH).build();
        case ROW_SKIP_JOIN_TX ->
            JdbcSources.rowSkip(ds).query(TortureData.joinQuery(src)).batchSize(Mode.BATCH).build();
        case AUTO_TX -> JdbcSources.auto(ds).table(src, "u").batchSize(Mode.BATCH).build();
        default -> JdbcSources.keyed(ds).table(src, mode.source).batchSize(Mode.BATCH).build();
      };
    }

    private AutoCloseable logOrTable(HikariDataSource ds) {
      return mode.logStore()
          ? LogStore.builder().dir(Path.of(store)).compactAt(4).fsync(FsyncPolicy.ALWAYS).build()
          : JdbcPositionStore.builder().dataSource(ds).tableFullName(store).build();
    }

    /** Plain INSERTs (the target has no unique key) that pass the kill point after each commit. */
    private static BatchSink<Row> committing(BatchSink<Row> insert) {
      return rows -> {
        insert.accept(rows);
        KillPoint.passed(Where.AFTER_COMMIT);
      };
    }

    /**
     * The broken pipeline of {@link Mode#BROKEN_LATE_COMMIT}: writes each batch on the next call
     * (and the last one at the end), so a batch's position is taken before its rows are committed.
     */
    private static final class LateSink implements BatchSink<Row> {
      private final BatchSink<Row> insert;
      private List<Row> held = List.of();

      LateSink(BatchSink<Row> insert) {
        this.insert = insert;
      }

      @Override
      public void accept(List<Row> rows) throws Exception {
        flush();
        held = List.copyOf(rows);
      }

      void flush() throws Exception {
        if (!held.isEmpty()) {
          insert.accept(held);
        }
        held = List.of();
      }
    }

    /** The batch's rows and position in one transaction, with kill points on both sides of it. */
    private TransactionalSink<Row, Connection> inTransaction(HikariDataSource ds) {
      JdbcSinks.BatchWriter<Row> writer = JdbcSinks.insertInto(dst, mode.target).writer();
      return (t, batch, session) -> {
        try (Connection c = ds.getConnection()) {
          c.setAutoCommit(false);
          try {
            writer.write(c, batch.rows());
            if (!(batch.position() instanceof Position.None)) {
              session.recordIn(c, t, batch.position());
            }
            KillPoint.passed(Where.BEFORE_COMMIT);
            c.commit();
          } catch (Exception e) {
            c.rollback();
            throw e;
          }
        }
        KillPoint.passed(Where.AFTER_COMMIT);
      };
    }
  }
}
