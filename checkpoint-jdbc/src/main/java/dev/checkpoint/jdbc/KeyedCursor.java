package dev.checkpoint.jdbc;

import dev.checkpoint.Position;
import java.sql.ResultSet;
import java.util.List;

/** KEY: one streaming keyset query per pass, starting at the resume point. */
final class KeyedCursor extends StreamCursor {
  private final KeyPlan plan;
  private KeysetQuery query;
  private boolean started;

  KeyedCursor(ReadSession session, KeyPlan plan, KeyedResume at, int batchSize, int fetchSize) {
    super(session, plan.columns, batchSize, fetchSize);
    this.plan = plan;
    this.query = KeysetQuery.of(plan, at);
  }

  @Override
  ResultSet openNext() {
    if (started) {
      query = query.next().orElse(null);
      if (query == null) {
        return null;
      }
    }
    started = true;
    return session.stream(query.sql(), query.parameters(), query.sqlTypes(), fetchSize);
  }

  @Override
  Position positionAfter(List<Row> rows) {
    return plan.positionOf(RowReader.valuesOf(rows.get(rows.size() - 1)));
  }
}
