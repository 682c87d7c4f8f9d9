package dev.checkpoint.jdbc;

import dev.checkpoint.CheckpointException;
import dev.checkpoint.InvalidPositionException;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a source's strategy into the cursor that reads one relation. */
final class CursorFactory {
  private static final Logger LOG = LoggerFactory.getLogger(CursorFactory.class);

  /** PostgreSQL types without a default btree order; AUTO leaves them out of its ROW_SKIP order. */
  private static final Set<String> UNORDERED =
      Set.of("json", "xml", "point", "line", "lseg", "box", "path", "polygon", "circle");

  private CursorFactory() {}

  /** Whether the column's type has an order the database can sort and compare by. */
  static boolean orderable(Column c, Dialect d) {
    return d != Dialect.POSTGRES || !UNORDERED.contains(c.typeName().toLowerCase(Locale.ROOT));
  }

  static StreamCursor open(JdbcSource src, ReadSession s, Relation rel, ResumeDecision d) {
    switch (src.strategy) {
      case KEY:
        return keyed(src, s, rel, d, src.keys);
      case ROW_SKIP:
        return rowSkip(src, s, rel, d, src.orderBy);
      case NONE:
        return plain(src, s, rel, d);
      case AUTO:
      default:
        return auto(src, s, rel, d);
    }
  }

  private static StreamCursor keyed(
      JdbcSource src, ReadSession s, Relation rel, ResumeDecision d, List<String> keys) {
    KeyPlan plan = KeyPlan.resolve(s.connection(), s.dialect(), rel, keys, d.table());
    return keyed(src, s, plan, d);
  }

  private static StreamCursor keyed(JdbcSource src, ReadSession s, KeyPlan plan, ResumeDecision d) {
    KeyedResume at = KeyedResume.of(plan, d, src.restartOnKeyMismatch);
    return new KeyedCursor(s, plan, at, src.batchSize, src.fetchSize);
  }

  private static StreamCursor auto(JdbcSource src, ReadSession s, Relation rel, ResumeDecision d) {
    TableRef ref = d.table();
    if (!src.keys.isEmpty()) {
      LOG.info("strategy AUTO for {}: KEY on the given key ({})", ref, String.join(", ", src.keys));
      return keyed(src, s, rel, d, src.keys);
    }
    if (!rel.isTable()) {
      if (src.orderBy.isEmpty() && !SqlText.hasTopLevelOrderBy(rel.query(), s.dialect())) {
        throw new CheckpointException(
            "strategy AUTO cannot choose for the query of "
                + ref
                + ": give its unique key with keys(...) for KEY, or its order with orderBy(...)"
                + " (or an ORDER BY) for ROW_SKIP");
      }
      LOG.info("strategy AUTO for {}: ROW_SKIP on the query's order (no key given)", ref);
      return rowSkip(src, s, rel, d, src.orderBy);
    }
    List<Column> columns = rel.columns(s.connection(), s.dialect());
    UniqueKeys uks = UniqueKeys.of(s.connection(), s.dialect(), rel);
    var key = uks.smallestNonNullKey(columns);
    if (key.isPresent()) {
      LOG.info(
          "strategy AUTO for {}: KEY on {} ({})",
          ref,
          key.get().primary() ? "primary key" : "unique key " + key.get().name(),
          String.join(", ", key.get().columns()));
      return keyed(src, s, rel, d, key.get().columns());
    }
    var nullable = uks.smallestNullableKey(columns);
    if (nullable.isPresent()) {
      LOG.info(
          "strategy AUTO for {}: KEY on unique key {} ({}), which may be NULL; rows with a NULL in"
              + " it are read in a pass of their own",
          ref,
          nullable.get().name(),
          String.join(", ", nullable.get().columns()));
      KeyPlan plan =
          KeyPlan.withNullRowsApart(
              s.connection(), s.dialect(), rel, nullable.get().columns(), ref);
      return keyed(src, s, plan, d);
    }
    List<String> order = src.orderBy;
    if (order.isEmpty()) {
      order = new ArrayList<>();
      for (Column c : columns) {
        if (orderable(c, s.dialect())) {
          order.add(c.name());
        }
      }
    }
    LOG.info(
        "strategy AUTO for {}: no primary key or unique key; ROW_SKIP ordered by {}",
        ref,
        String.join(", ", order));
    return rowSkip(src, s, rel, d, order);
  }

  private static StreamCursor rowSkip(
      JdbcSource src, ReadSession s, Relation rel, ResumeDecision d, List<String> orderBy) {
    Dialect dialect = s.dialect();
    TableRef ref = d.table();
    Position.RowOffset at = rowOffset(d, ref);
    List<Column> columns = rel.columns(s.connection(), dialect);
    String sql;
    List<Object> params = new ArrayList<>();
    boolean serverSkip;
    if (!orderBy.isEmpty()) {
      List<Column> order = ColumnNames.findAll(columns, orderBy, "order column", ref, rel, dialect);
      if (rel.isTable()) {
        order = withTieBreaker(s, rel, ref, columns, order);
      }
      StringBuilder b =
          new StringBuilder("SELECT * FROM ").append(rel.from(dialect)).append(" ORDER BY ");
      for (int i = 0; i < order.size(); i++) {
        b.append(i == 0 ? "" : ", ").append(dialect.quote(order.get(i).name()));
      }
      if (at != null && at.rows() > 0) {
        // The row before the first one to deliver is read too: its fingerprint is checked.
        b.append(dialect.offsetClause());
        params.add(at.rows() - 1);
      }
      sql = b.toString();
      serverSkip = true;
    } else if (!rel.isTable() && SqlText.hasTopLevelOrderBy(rel.query(), dialect)) {
      // Wrapping would lose the order (MariaDB drops ORDER BY in derived tables), and appending
      // OFFSET could clash with the query's own LIMIT: run it as written, skip client-side.
      sql = rel.query();
      serverSkip = false;
    } else {
      throw new CheckpointException(
          "ROW_SKIP needs a deterministic order for "
              + ref
              + ": give it with orderBy(...)"
              + (rel.isTable() ? "" : " or end the query with an ORDER BY")
              + ", including a unique column");
    }
    return new RowSkipCursor(
        s, columns, sql, params, serverSkip, at, KeyedResume.from(d), src.batchSize, src.fetchSize);
  }

  static List<Column> withTieBreaker(
      ReadSession s, Relation rel, TableRef ref, List<Column> columns, List<Column> order) {
    UniqueKeys uks = UniqueKeys.of(s.connection(), s.dialect(), rel);
    List<String> names = order.stream().map(Column::name).toList();
    if (uks.coveredBy(names, columns) || uks.primaryKey().isEmpty()) {
      return order;
    }
    List<Column> out = new ArrayList<>(order);
    List<String> added = new ArrayList<>();
    for (String n : uks.primaryKey().get().columns()) {
      Column c = ColumnNames.find(columns, n, "primary key column", ref, rel, s.dialect());
      if (!out.contains(c)) {
        out.add(c);
        added.add(n);
      }
    }
    LOG.info(
        "order ({}) of {} is not unique; appending primary key ({}) as a tie-breaker",
        String.join(", ", names),
        ref,
        String.join(", ", added));
    return out;
  }

  static Position.RowOffset rowOffset(ResumeDecision d, TableRef ref) {
    if (!d.resumes()) {
      return null;
    }
    Position p = d.position().get();
    if (p instanceof Position.RowOffset r) {
      return r;
    }
    if (p instanceof Position.Keyed k) {
      throw new InvalidPositionException(
          "position of "
              + ref
              + " from "
              + KeyedResume.from(d)
              + " is keyed on ("
              + String.join(", ", k.names())
              + ") but this source reads with ROW_SKIP: reset the table or read it with KEY");
    }
    return null;
  }

  private static StreamCursor plain(JdbcSource src, ReadSession s, Relation rel, ResumeDecision d) {
    if (d.resumes()) {
      LOG.info(
          "strategy NONE for {}: reading from the beginning, not from the position from {}",
          d.table(),
          KeyedResume.from(d));
    }
    List<Column> columns = rel.columns(s.connection(), s.dialect());
    String sql = rel.isTable() ? "SELECT * FROM " + rel.from(s.dialect()) : rel.query();
    return new PlainCursor(s, columns, sql, src.batchSize, src.fetchSize);
  }
}
