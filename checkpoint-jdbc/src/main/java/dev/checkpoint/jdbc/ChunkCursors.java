package dev.checkpoint.jdbc;

import dev.checkpoint.CheckpointException;
import dev.checkpoint.InvalidPositionException;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.SourceChangedException;
import dev.checkpoint.Strategy;
import dev.checkpoint.TableRef;
import dev.checkpoint.chunk.Chunk;
import java.sql.Connection;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The cursor that reads one chunk: keyed by the table's key inside the chunk when the table has
 * one, else ROW_SKIP inside the chunk.
 */
final class ChunkCursors {
  private ChunkCursors() {}

  static StreamCursor open(
      JdbcSource src, ReadSession s, Relation rel, Chunk chunk, ResumeDecision within) {
    Dialect d = s.dialect();
    Connection c = s.connection();
    List<Column> columns = rel.columns(c, d);
    Column col =
        ColumnNames.find(columns, chunk.column(), "partition column", chunk.table(), rel, d);
    ChunkRange range = ChunkRange.of(chunk, col, d);
    boolean keyed =
        src.strategy == Strategy.KEY
            || src.strategy == Strategy.AUTO
                && (!src.keys.isEmpty()
                    || UniqueKeys.of(c, d, rel).smallestNonNullKey(columns).isPresent());
    return keyed
        ? keyed(src, s, rel, chunk, columns, col, range, within)
        : rowSkip(src, s, rel, chunk, columns, col, range, within);
  }

  /**
   * Ordered by the partition column, then the table's key (the given keys, else the primary key,
   * else the smallest NOT NULL unique key) as the tie-breaker: the order of an index on the
   * partition column, and each batch's position is a keyed one on those columns.
   */
  private static StreamCursor keyed(
      JdbcSource src,
      ReadSession s,
      Relation rel,
      Chunk chunk,
      List<Column> columns,
      Column col,
      ChunkRange range,
      ResumeDecision within) {
    Dialect d = s.dialect();
    TableRef ref = chunk.table();
    List<String> requested = new ArrayList<>();
    requested.add(col.name());
    for (String k : src.keys) {
      Column kc = ColumnNames.find(columns, k, "key column", ref, rel, d);
      if (!kc.equals(col)) {
        requested.add(kc.name());
      }
    }
    KeyPlan plan = KeyPlan.resolve(s.connection(), d, rel, requested, ref);
    KeyedResume at = KeyedResume.of(plan, within, src.restartOnKeyMismatch);
    // The passes of the key whose rows the chunk holds: a range chunk has none where the partition
    // column is NULL, the NULL chunk only those.
    int j = plan.nullable.indexOf(col);
    List<Integer> passes = new ArrayList<>();
    for (int p = 0; p < plan.passCount(); p++) {
      if (j < 0 || plan.isNullIn(p, j) == chunk.nulls()) {
        passes.add(p);
      }
    }
    int first = at.after() == null && at.pass() == 0 ? 0 : passes.indexOf(at.pass());
    if (first < 0) {
      throw new InvalidPositionException(
          "position of "
              + ref
              + " from "
              + KeyedResume.from(within)
              + " is in the rows where "
              + col.name()
              + (chunk.nulls() ? " is not NULL" : " is NULL")
              + ", outside "
              + chunk.describe());
    }
    return new ChunkKeyedCursor(
        s,
        plan,
        range,
        passes.subList(first, passes.size()),
        first == 0 && at.after() == null ? null : at.after(),
        src.batchSize,
        src.fetchSize);
  }

  /**
   * A table without a unique key: ordered by the partition column, then the order given or every
   * other column, and resumed by skipping the rows of this chunk already committed (the position
   * counts the chunk's rows, and the last one's fingerprint is checked).
   */
  private static StreamCursor rowSkip(
      JdbcSource src,
      ReadSession s,
      Relation rel,
      Chunk chunk,
      List<Column> columns,
      Column col,
      ChunkRange range,
      ResumeDecision within) {
    Dialect d = s.dialect();
    TableRef ref = chunk.table();
    Position.RowOffset at = CursorFactory.rowOffset(within, ref);
    List<Column> order = new ArrayList<>();
    order.add(col);
    if (!src.orderBy.isEmpty()) {
      for (Column o : ColumnNames.findAll(columns, src.orderBy, "order column", ref, rel, d)) {
        if (!order.contains(o)) {
          order.add(o);
        }
      }
      order = CursorFactory.withTieBreaker(s, rel, ref, columns, order);
    } else {
      for (Column o : columns) {
        if (!o.equals(col) && CursorFactory.orderable(o, d)) {
          order.add(o);
        }
      }
    }
    StringBuilder sql =
        new StringBuilder("SELECT * FROM ")
            .append(rel.from(d))
            .append(" WHERE ")
            .append(range.condition())
            .append(" ORDER BY ");
    for (int i = 0; i < order.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(d.quote(order.get(i).name()));
    }
    List<Object> params = new ArrayList<>(range.values());
    List<Integer> types = new ArrayList<>(range.sqlTypes());
    if (at != null && at.rows() > 0) {
      // The row before the first one to deliver is read too: its fingerprint is checked.
      sql.append(d.offsetClause());
      params.add(at.rows() - 1);
      types.add(Types.NULL);
    }
    return new RowSkipCursor(
        s,
        columns,
        sql.toString(),
        params,
        types.stream().mapToInt(Integer::intValue).toArray(),
        true,
        at,
        KeyedResume.from(within),
        src.batchSize,
        src.fetchSize);
  }

  /** The error, naming the chunk if it does not already; of the same kind. */
  static CheckpointException naming(Chunk chunk, CheckpointException e) {
    String what = chunk.describe();
    if (e.getMessage() != null && e.getMessage().contains(what)) {
      return e;
    }
    String m = "cannot read " + what + ": " + e.getMessage();
    if (e instanceof InvalidPositionException) {
      return new InvalidPositionException(m, e);
    }
    if (e instanceof SourceChangedException) {
      return new SourceChangedException(m, e);
    }
    return new CheckpointException(m, e);
  }
}
