package dev.checkpoint.bench;

import com.mongodb.client.MongoCollection;
import com.zaxxer.hikari.HikariDataSource;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.Position;
import dev.checkpoint.PositionStore;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskSession;
import dev.checkpoint.jdbc.JdbcPositionStore;
import dev.checkpoint.logstore.FsyncPolicy;
import dev.checkpoint.logstore.LogStore;
import dev.checkpoint.mongo.MongoPositionStore;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.bson.RawBsonDocument;

/**
 * Scenario 3: what a store costs. The time of one {@code record} call (with and without an fsync
 * per call), the time to load a task's state when a job restarts (building a {@link Checkpointer}:
 * open the task, take its lock, load positions, statuses and state) and the bytes the state takes,
 * for a few table counts.
 *
 * <p>Over 350 lines: one contender per store and fsync policy, each described where it is measured.
 */
final class StoreScenario {
  static final String NAME = "stores";
  static final String DISK = "disk";

  /** Tables the record calls cycle over. */
  static final int RECORD_TABLES = 10;

  private StoreScenario() {}

  /** Which part of the scenario a series belongs to: record, load or longrun. */
  static String part(String id) {
    if (id.startsWith("longrun")) {
      return "longrun";
    }
    return id.contains("-load-") || id.contains("-bytes-") ? "load" : "record";
  }

  static TableRef table(int i) {
    return TableRef.of("mysql", "shop", String.format("orders_%05d", i));
  }

  static Position position(long i) {
    return Position.keyed("id", String.valueOf(1_000_000 + i));
  }

  static void record(Results results, List<Db> dbs, MongoEnv mongo, BenchOptions o, Path work) {
    results.section(
        NAME,
        "record",
        String.format(
            "3a. Store record cost: µs per record() call, cycling over %d tables, median of %d rounds"
                + " (%,d calls a round without fsync, fewer with one)",
            RECORD_TABLES, o.rounds(), o.recordCalls()));
    List<Contender> cs = new ArrayList<>();
    int fast = o.recordCalls();
    int slow = Math.max(50, fast / 40);
    cs.add(fsyncReference(results, slow, work));
    cs.add(
        logRecord(
            results,
            "log-never",
            "log store, fsync NEVER (no fsync)",
            FsyncPolicy.NEVER,
            fast,
            work));
    cs.add(
        sessionRecord(
            results.series(
                NAME,
                DISK,
                "log-append",
                "log store, NEVER, compaction off: the append alone",
                "µs"),
            () ->
                LogStore.builder()
                    .dir(Files2.freshDir(work.resolve("record-append")))
                    .fsync(FsyncPolicy.NEVER)
                    .compactAt(Integer.MAX_VALUE)
                    .build()
                    .open("record"),
            fast));
    cs.add(
        logRecord(
            results,
            "log-async",
            "log store, fsync ASYNC (background group fsync)",
            FsyncPolicy.ASYNC,
            fast,
            work));
    cs.add(
        logRecord(
            results,
            "log-always",
            "log store, fsync ALWAYS (fsync in the call)",
            FsyncPolicy.ALWAYS,
            slow,
            work));
    List<AutoCloseable> toClose = new ArrayList<>();
    for (Db db : dbs) {
      JdbcPositionStore durable = jdbcStore(db, db.ds(), "positions_rec");
      toClose.add(durable);
      cs.add(
          sessionRecord(
              results.series(
                  NAME, db.label(), "jdbc-durable", "JDBC store, durable commit per call", "µs"),
              () -> durable.open("rec-" + UUID.randomUUID()),
              slow));
      if (db.kind == Db.Kind.PG) {
        HikariDataSource async =
            Db.pool(db.kind, db.url, db.schema, 2, "SET synchronous_commit TO off");
        toClose.add(async);
        JdbcPositionStore noFsync = jdbcStore(db, async, "positions_rec");
        toClose.add(noFsync);
        cs.add(
            sessionRecord(
                results.series(
                    NAME,
                    db.label(),
                    "jdbc-nofsync",
                    "JDBC store, synchronous_commit off (no fsync)",
                    "µs"),
                () -> noFsync.open("rec-" + UUID.randomUUID()),
                slow));
      }
    }
    if (mongo != null) {
      MongoPositionStore store =
          MongoPositionStore.builder()
              .client(mongo.client)
              .collection("checkpoint_bench", "positions_rec")
              .build();
      toClose.add(store);
      cs.add(
          sessionRecord(
              results.series(
                  NAME,
                  mongo.db(),
                  "mongo",
                  "Mongo store on " + mongo.label + ", majority+journal",
                  "µs"),
              () -> store.open("rec-" + UUID.randomUUID()),
              slow));
    }
    try {
      Rounds.run("record", cs, o.rounds());
    } finally {
      closeAll(toClose);
    }
  }

  /**
   * What the disk charges for one durable append, measured in the same rounds: a 160-byte line
   * appended to a file and forced, with no library code. The fsync contenders compare to it.
   */
  private static Contender fsyncReference(Results results, int calls, Path work) {
    Path file = work.resolve("fsync-reference.log");
    byte[] line = ("x".repeat(159) + "\n").getBytes(StandardCharsets.US_ASCII);
    return Contender.of(
        results.series(
            NAME, DISK, "fsync", "reference: append a line + FileChannel.force, no library", "µs"),
        () -> Files2.delete(file),
        () -> {
          try (FileChannel ch =
              FileChannel.open(
                  file,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE,
                  StandardOpenOption.APPEND)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
              ch.write(ByteBuffer.wrap(line));
              ch.force(false);
            }
            return (System.nanoTime() - t0) / 1e3 / calls;
          }
        });
  }

  private static JdbcPositionStore jdbcStore(Db db, DataSource ds, String table) {
    return JdbcPositionStore.builder()
        .dataSource(ds)
        .tableFullName(db.schema + "." + table)
        .build();
  }

  private static Contender logRecord(
      Results results, String id, String label, FsyncPolicy fsync, int calls, Path work) {
    Path dir = work.resolve("record-" + id);
    return sessionRecord(
        results.series(NAME, DISK, id, label, "µs"),
        () -> LogStore.builder().dir(Files2.freshDir(dir)).fsync(fsync).build().open("record"),
        calls);
  }

  /** Opens a session (untimed), times {@code calls} records, closes it (untimed). */
  private static Contender sessionRecord(Series series, Supplier<TaskSession> open, int calls) {
    TaskSession[] s = {null};
    return Contender.of(
        series,
        () -> s[0] = open.get(),
        () -> {
          try (TaskSession session = s[0]) {
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
              session.record(table(i % RECORD_TABLES), position(i));
            }
            return (System.nanoTime() - t0) / 1e3 / calls;
          }
        });
  }

  /** Load time and bytes for each table count, per store. */
  static void load(Results results, List<Db> dbs, MongoEnv mongo, BenchOptions o, Path work) {
    results.section(
        NAME,
        "load",
        String.format(
            "3b. Resume-state load: ms to build a Checkpointer on a task holding N in-progress"
                + " positions (open, lock, load), median of %d rounds; bytes of that state",
            o.rounds()));
    List<Contender> cs = new ArrayList<>();
    List<AutoCloseable> toClose = new ArrayList<>();
    for (int n : o.storeTables()) {
      Path dir = Files2.freshDir(work.resolve("load-" + n));
      fill(LogStore.builder().dir(dir).fsync(FsyncPolicy.NEVER).build(), "load", n);
      long bytes =
          Files2.size(dir.resolve("position.log")) + Files2.size(dir.resolve("finished.log"));
      results
              .series(
                  NAME,
                  DISK,
                  "log-bytes-" + n,
                  "log store: position.log + finished.log, " + n + " tables",
                  "bytes")
              .add(bytes)
              .note =
          String.format("%.0f bytes per table", bytes / (double) n);
      cs.add(
          loadTime(
              results.series(NAME, DISK, "log-load-" + n, "log store: load " + n + " tables", "ms"),
              () -> LogStore.in(dir),
              "load",
              n));
      for (Db db : dbs) {
        String table = "positions_n" + n;
        db.exec("DROP TABLE IF EXISTS " + db.qualified(table));
        JdbcPositionStore store = jdbcStore(db, db.ds(), table);
        toClose.add(store);
        long empty = TableSize.of(db, table);
        fill(store, "load", n);
        long size = TableSize.of(db, table) - empty;
        results
                .series(
                    NAME,
                    db.label(),
                    "jdbc-bytes-" + n,
                    "JDBC store: table + indexes, " + n + " tables",
                    "bytes")
                .add(size)
                .note =
            String.format(
                "%.0f bytes per table (after %s; %s)",
                size / (double) n,
                db.kind == Db.Kind.MYSQL ? "OPTIMIZE TABLE" : "VACUUM FULL",
                "pages of 8-16 KB: meaningful per table only for many tables");
        cs.add(
            loadTime(
                results.series(
                    NAME, db.label(), "jdbc-load-" + n, "JDBC store: load " + n + " tables", "ms"),
                () -> store,
                "load",
                n));
      }
      if (mongo != null
          && (n <= o.mongoStoreMax() || !o.storeTables().contains(o.mongoStoreMax()))) {
        int m = Math.min(n, o.mongoStoreMax());
        String coll = "positions_n" + m + "_" + UUID.randomUUID().toString().substring(0, 8);
        MongoPositionStore store =
            MongoPositionStore.builder()
                .client(mongo.client)
                .collection("checkpoint_bench", coll)
                .build();
        toClose.add(store);
        fill(store, "load", m);
        long bytes2 = 0;
        MongoCollection<RawBsonDocument> c =
            mongo.client.getDatabase("checkpoint_bench").getCollection(coll, RawBsonDocument.class);
        for (RawBsonDocument d : c.find()) {
          bytes2 += d.getByteBuffer().remaining();
        }
        results
                .series(
                    NAME,
                    mongo.db(),
                    "mongo-bytes-" + m,
                    "Mongo store: BSON of its documents, " + m + " tables",
                    "bytes")
                .add(bytes2)
                .note =
            String.format("%.0f bytes per table (documents only, no index)", bytes2 / (double) m);
        cs.add(
            loadTime(
                results.series(
                    NAME,
                    mongo.db(),
                    "mongo-load-" + m,
                    "Mongo store: load " + m + " tables",
                    "ms"),
                () -> store,
                "load",
                m));
      }
    }
    try {
      Rounds.run("load", cs, o.rounds());
    } finally {
      closeAll(toClose);
    }
  }

  private static void fill(PositionStore store, String taskId, int n) {
    try (TaskSession s = store.open(taskId)) {
      s.resetAll();
      for (int i = 0; i < n; i++) {
        s.record(table(i), position(i));
      }
    }
  }

  private static Contender loadTime(
      Series series, Supplier<PositionStore> store, String taskId, int expected) {
    return Contender.of(
        series,
        () -> {
          long t0 = System.nanoTime();
          Checkpointer cp = Checkpointer.builder().taskId(taskId).store(store.get()).build();
          long nanos = System.nanoTime() - t0;
          int tables = cp.initialState().tables().size();
          cp.close();
          if (tables != expected) {
            throw new IllegalStateException("loaded " + tables + " tables, expected " + expected);
          }
          return nanos / 1e6;
        });
  }

  /**
   * position.log over a long run: {@code records} positions recorded round-robin over each table
   * count, fsync NEVER, the store compacting as it goes. The file's size is taken after every call;
   * the result is its largest size over the compacted size (the latest line per table).
   */
  static void longRun(Results results, BenchOptions o, Path work) throws Exception {
    results.section(
        NAME,
        "longrun",
        String.format(
            "3c. position.log over a long run: %,d records round-robin, compaction on (default"
                + " compactAt 100); largest size / compacted size",
            o.longRunRecords()));
    for (int tables : new int[] {10, 1_000}) {
      Path dir = Files2.freshDir(work.resolve("longrun-" + tables));
      Path log = dir.resolve("position.log");
      long largest = 0;
      try (TaskSession s =
          LogStore.builder().dir(dir).fsync(FsyncPolicy.NEVER).build().open("long")) {
        for (int i = 0; i < o.longRunRecords(); i++) {
          s.record(table(i % tables), position(i));
          largest = Math.max(largest, Files.size(log));
        }
      }
      long end = Files2.size(log);
      long compacted = CompactedSize.of(log);
      Series series =
          results.series(
              NAME,
              DISK,
              "longrun-" + tables,
              "position.log, " + tables + " tables: largest / compacted",
              "x");
      series.add(largest / (double) compacted);
      series.note =
          String.format(
              "largest %,d bytes, at the end %,d, compacted %,d (%d tables)",
              largest, end, compacted, tables);
    }
  }

  private static void closeAll(List<AutoCloseable> list) {
    for (AutoCloseable c : list) {
      try {
        c.close();
      } catch (Exception e) {
        System.err.println("closing " + c + ": " + e);
      }
    }
  }
}
