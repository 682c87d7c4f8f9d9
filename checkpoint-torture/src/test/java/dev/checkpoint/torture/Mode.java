package dev.checkpoint.torture;

import dev.checkpoint.torture.KillPoint.Where;
import java.util.List;

/**
 * What a torture run copies and how: the reader, the store, the guarantee, the threads and
 * processes, and the moments it is killed at besides random ones.
 */
enum Mode {
  KEY_LOG(
      "KEY, one key column",
      "log",
      false,
      1,
      1,
      "t",
      "t",
      Where.AFTER_COMMIT,
      Where.AFTER_POSITION),
  KEY_COMPOSITE_JDBC(
      "KEY, composite key",
      "JDBC",
      false,
      1,
      1,
      "c",
      "c",
      Where.AFTER_COMMIT,
      Where.AFTER_POSITION),
  KEY_NULLS_TX(
      "KEY, non-unique key with NULLs",
      "same transaction",
      true,
      1,
      1,
      "t",
      "t",
      Where.BEFORE_COMMIT,
      Where.AFTER_COMMIT),
  ROW_SKIP_JOIN_TX(
      "ROW_SKIP over a join",
      "same transaction",
      true,
      1,
      1,
      "j",
      "j",
      Where.BEFORE_COMMIT,
      Where.AFTER_COMMIT),
  AUTO_TX(
      "AUTO (unique key, no primary key)",
      "same transaction",
      true,
      1,
      1,
      "u",
      "u",
      Where.BEFORE_COMMIT,
      Where.AFTER_COMMIT),
  CHUNKED_LOG(
      "chunked, 3 threads",
      "log",
      false,
      3,
      1,
      "t",
      "t",
      Where.AFTER_CHUNK_RECORD,
      Where.AFTER_COMMIT),
  CHUNKED_TX(
      "chunked, 3 threads",
      "JDBC, same transaction",
      true,
      3,
      1,
      "t",
      "t",
      Where.AFTER_CHUNK_RECORD,
      Where.BEFORE_COMMIT,
      Where.AFTER_COMMIT),
  WORKERS_TX(
      "3 worker processes",
      "JDBC, same transaction",
      true,
      1,
      3,
      "t",
      "t",
      Where.AFTER_CHUNK_RECORD,
      Where.BEFORE_COMMIT),
  /**
   * Not a mode of the library: a pipeline that loses rows (its sink commits each batch one call
   * late, after the batch's position was taken), which the torture must catch. TortureIT's own
   * check that it can fail.
   */
  BROKEN_LATE_COMMIT(
      "KEY, a sink that commits one batch late",
      "log",
      false,
      1,
      1,
      "t",
      "t",
      Where.AFTER_POSITION),
  MONGO_KEY_LOG(
      "Mongo keyed",
      "log",
      false,
      1,
      1,
      "orders",
      "orders",
      Where.AFTER_COMMIT,
      Where.AFTER_POSITION),
  MONGO_CHUNKED(
      "Mongo chunked, 2 threads",
      "Mongo",
      false,
      2,
      1,
      "orders",
      "orders",
      Where.AFTER_CHUNK_RECORD,
      Where.AFTER_COMMIT);

  /** Rows (documents) a batch holds in every mode. */
  static final int BATCH = 200;

  final String reader;
  final String store;
  final boolean exactlyOnce;
  final int threads;
  final int processes;

  /** The source table (or the name the query is known by) and the target table. */
  final String source;

  final String target;
  final List<Where> chosen;

  Mode(
      String reader,
      String store,
      boolean exactlyOnce,
      int threads,
      int processes,
      String source,
      String target,
      Where... chosen) {
    this.reader = reader;
    this.store = store;
    this.exactlyOnce = exactlyOnce;
    this.threads = threads;
    this.processes = processes;
    this.source = source;
    this.target = target;
    this.chosen = List.of(chosen);
  }

  /** The deliberately broken pipeline, run only to show that the torture catches it. */
  boolean broken() {
    return name().startsWith("BROKEN");
  }

  boolean mongo() {
    return name().startsWith("MONGO");
  }

  boolean chunked() {
    return name().startsWith("CHUNKED") || name().startsWith("WORKERS") || this == MONGO_CHUNKED;
  }

  /** Whether positions go to a log directory (else a table or collection). */
  boolean logStore() {
    return store.equals("log");
  }

  /**
   * At least once: how many rows one kill may deliver again, the batches committed after the last
   * recorded position (one per thread, each position written right after its batch).
   */
  long redeliveryBoundPerKill() {
    return exactlyOnce ? 0 : (long) BATCH * threads;
  }
}
