package dev.checkpoint.bench;

import dev.checkpoint.Batch;
import dev.checkpoint.BatchSink;
import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.PositionStore;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.TransactionalSession;
import dev.checkpoint.jdbc.JdbcPositionStore;
import dev.checkpoint.jdbc.JdbcSinks;
import dev.checkpoint.jdbc.JdbcSource;
import dev.checkpoint.jdbc.JdbcSources;
import dev.checkpoint.jdbc.Row;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Reads through this library's KEY reader: bare, with a checkpointer, and as a copy. */
final class LibraryReads {
  private LibraryReads() {}

  static JdbcSource keyed(Db db, String table, BenchOptions o) {
    return JdbcSources.keyed(db.ds())
        .table(db.schema, table)
        .key("id")
        .batchSize(o.batchSize())
        .fetchSize(o.fetchSize())
        .build();
  }

  /** (b): the reader's batches, from the start, without any checkpointer. */
  static long read(Source<Row> source, TableRef ref) {
    long n = 0;
    try (Source.Cursor<Row> cursor = source.open(ResumeDecision.fromStart(ref))) {
      Batch<Row> b;
      while ((b = cursor.next()) != null) {
        n += b.size();
        Blackhole.rows(b.rows());
      }
    }
    return n;
  }

  /**
   * (c), (d): {@code Checkpointer.run} over the reader with a sink that only looks at the rows. The
   * checkpointer is built (the store opened and its state loaded) before the clock starts: that
   * one-off cost is the store scenario's load time. Closing it (the last write, flush) is timed.
   *
   * @return {rows, nanoseconds}
   */
  static long[] checkpointed(
      Source<Row> source,
      TableRef ref,
      PositionStore store,
      String taskId,
      CheckpointPolicy policy) {
    return checkpointed(source, ref, store, taskId, policy, Blackhole::rows);
  }

  static <T> long[] checkpointed(
      Source<T> source,
      TableRef ref,
      PositionStore store,
      String taskId,
      CheckpointPolicy policy,
      BatchSink<T> sink) {
    return checkpointed(
        source, ref, Checkpointer.builder().taskId(taskId).store(store).policy(policy), sink);
  }

  /** Runs the table through a checkpointer of those settings; returns {rows, nanoseconds}. */
  private static <T> long[] checkpointed(
      Source<T> source, TableRef ref, Checkpointer.Builder settings, BatchSink<T> sink) {
    Checkpointer cp = settings.build();
    long t0 = System.nanoTime();
    long n;
    try {
      n = cp.run(ref, source, sink);
    } finally {
      cp.close();
    }
    return new long[] {n, System.nanoTime() - t0};
  }

  /**
   * (e): copies the table into {@code target} with batched plain INSERTs on a connection of its
   * own, committing each batch. With a session, each batch's position is written by {@code
   * recordIn} in the batch's transaction (and the finished mark in the last one), so data and
   * position commit together.
   */
  static long copy(
      Db db,
      Source<Row> source,
      TableRef ref,
      String target,
      TransactionalSession<Connection> session)
      throws SQLException {
    long n = 0;
    try (Connection tx = db.ds().getConnection();
        Source.Cursor<Row> cursor = source.open(ResumeDecision.fromStart(ref))) {
      tx.setAutoCommit(false);
      try (PreparedStatement ins = tx.prepareStatement(insertSql(db, target))) {
        Batch<Row> b;
        while ((b = cursor.next()) != null) {
          insert(ins, b.rows());
          if (session != null) {
            session.recordIn(tx, ref, b.position());
          }
          tx.commit();
          n += b.size();
        }
        if (session != null) {
          session.finishIn(tx, ref);
          tx.commit();
        }
      } finally {
        tx.rollback();
        tx.setAutoCommit(true);
      }
    }
    return n;
  }

  /**
   * (w): the library's copy as a user writes it: {@code Checkpointer.run} with the log store and
   * the default policy, into {@code JdbcSinks.insertInto(schema, target).sink(ds)}.
   *
   * @return {rows, nanoseconds}
   */
  static long[] writerCopy(
      Db db,
      Source<Row> source,
      TableRef ref,
      String target,
      PositionStore store,
      String taskId,
      boolean readAhead) {
    return checkpointed(
        source,
        ref,
        Checkpointer.builder()
            .taskId(taskId)
            .store(store)
            .policy(CheckpointPolicy.DEFAULT)
            .readAhead(readAhead),
        JdbcSinks.insertInto(db.schema, target).sink(db.ds()));
  }

  /**
   * (w-tx): the exactly-once copy: {@code Checkpointer.runInTransaction} with the JDBC store in the
   * same database and {@code JdbcSinks.inTransaction(ds, insertInto(schema, target).writer())}.
   *
   * @return {rows, nanoseconds}
   */
  static long[] exactlyOnceCopy(
      Db db,
      Source<Row> source,
      TableRef ref,
      String target,
      JdbcPositionStore store,
      String taskId) {
    Checkpointer cp = Checkpointer.builder().taskId(taskId).store(store).build();
    long t0 = System.nanoTime();
    long n;
    try {
      n =
          cp.runInTransaction(
              ref,
              source,
              JdbcSinks.inTransaction(db.ds(), JdbcSinks.insertInto(db.schema, target).writer()));
    } finally {
      cp.close();
    }
    return new long[] {n, System.nanoTime() - t0};
  }

  static String insertSql(Db db, String target) {
    return "INSERT INTO " + db.qualified(target) + " VALUES (?, ?, ?, ?, ?)";
  }

  static void insert(PreparedStatement ins, List<Row> rows) throws SQLException {
    for (Row r : rows) {
      for (int i = 0; i < 5; i++) {
        ins.setObject(i + 1, r.get(i));
      }
      ins.addBatch();
    }
    ins.executeBatch();
  }
}
