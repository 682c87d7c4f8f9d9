package dev.checkpoint.jdbc;

import dev.checkpoint.Position;
import java.sql.ResultSet;
import java.util.List;

/**
 * KEY inside one chunk: one streaming keyset query per pass of the key that the chunk has rows in,
 * each restricted to the chunk's range. The first pass starts after the resume point.
 */
final class ChunkKeyedCursor extends StreamCursor {
  private final KeyPlan plan;
  private final ChunkRange range;
  private final List<Integer> passes;
  private final Object[] after;
  private int next;

  /**
   * @param passes the passes to read, in order, the first one being the pass to resume in
   * @param after the values to read the first pass after, or null for its start
   */
  ChunkKeyedCursor(
      ReadSession session,
      KeyPlan plan,
      ChunkRange range,
      List<Integer> passes,
      Object[] after,
      int batchSize,
      int fetchSize) {
    super(session, plan.columns, batchSize, fetchSize);
    this.plan = plan;
    this.range = range;
    this.passes = List.copyOf(passes);
    this.after = after;
  }

  @Override
  ResultSet openNext() {
    if (next >= passes.size()) {
      return null;
    }
    KeyedResume at = new KeyedResume(passes.get(next), next == 0 ? after : null);
    next++;
    KeysetQuery q = KeysetQuery.within(plan, at, range);
    return session.stream(q.sql(), q.parameters(), q.sqlTypes(), fetchSize);
  }

  @Override
  Position positionAfter(List<Row> rows) {
    return plan.positionOf(RowReader.valuesOf(rows.get(rows.size() - 1)));
  }
}
