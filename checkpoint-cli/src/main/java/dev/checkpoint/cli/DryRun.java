package dev.checkpoint.cli;

import dev.checkpoint.Position;
import dev.checkpoint.PositionStore;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.ResumeSource;
import dev.checkpoint.ResumeState;
import dev.checkpoint.TableState;
import dev.checkpoint.TableStatus;
import dev.checkpoint.jdbc.Dialect;
import dev.checkpoint.jdbc.KeysetQuery;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code copy --dry-run}: per table, what a run would decide (skip, resume, start over, empty the
 * target first) and the SQL it would run, read from the store without taking the task.
 */
final class DryRun {
  private final CopyRun run;
  private final List<CopyPlan.Table> plan;
  private final PositionStore store;

  DryRun(CopyRun run, List<CopyPlan.Table> plan, PositionStore store) {
    this.run = run;
    this.plan = plan;
    this.store = store;
  }

  int print() {
    String task = run.config.task.taskIdOrDerived();
    ResumeState state = store.read(task);
    for (ResumeSource s : run.resumeSources()) {
      state = state.over(s.read());
    }
    Map<dev.checkpoint.TableRef, TableStatus> statuses = store.readStatuses(task);
    boolean chunked = run.config.parallelType == CopyConfig.ParallelType.CHUNK;
    run.out.println(
        "Dry run of task "
            + task
            + ": "
            + plan.size()
            + " tables, "
            + run.config.parallelSize
            + (chunked ? " chunks" : " tables")
            + " at once; nothing is written.");
    int start = startIndex();
    for (int i = 0; i < plan.size(); i++) {
      CopyPlan.Table t = plan.get(i);
      String head =
          "[" + (i + 1) + "/" + plan.size() + "] " + t.sourceName() + " -> " + t.targetName();
      if (i < start) {
        run.out.println(head + ": skip (before the start-from table)");
        continue;
      }
      Optional<TableState> ts = state.table(t.source());
      if (ts.isPresent() && ts.get().finished()) {
        run.out.println(
            head + ": skip, finished (" + ts.get().finishedSource().orElse("store") + ")");
        continue;
      }
      Optional<Position> position = ts.flatMap(TableState::position);
      TableStatus status = statuses.get(t.source());
      boolean started =
          status != null
              && (status.state() == TableStatus.State.IN_PROGRESS
                  || status.state() == TableStatus.State.FAILED);
      boolean partial =
          !chunked
              && (TableCopy.resumesMidway(t)
                  ? started && position.isEmpty()
                  : started || position.isPresent());
      ResumeDecision decision;
      if (partial) {
        boolean truncate = !run.args.has("no-truncate");
        run.out.println(
            head
                + ": partial (started before"
                + (TableCopy.resumesMidway(t) ? ", no position" : ", target has no primary key")
                + "): "
                + (truncate
                    ? "empty the target, then copy from the start"
                    : "copy from the start over what the target holds (--no-truncate)"));
        if (truncate) {
          run.out.println("    TRUNCATE TABLE " + qualified(t));
        }
        decision = ResumeDecision.fromStart(t.source());
      } else if (position.isPresent() && (TableCopy.resumesMidway(t) || chunked)) {
        run.out.println(
            head
                + ": resume after "
                + describe(position.get())
                + " ("
                + ts.get().positionSource().orElse("store")
                + ")");
        decision = new ResumeDecision(t.source(), false, position, ts.get().positionSource());
      } else {
        run.out.println(head + ": copy from the start");
        decision = ResumeDecision.fromStart(t.source());
      }
      run.out.println("    read:  " + readSql(t, decision));
      run.out.println("    write: " + writeSql(t));
    }
    return Main.OK;
  }

  private int startIndex() {
    Optional<String> from = run.args.get("start-from-table");
    if (from.isEmpty()) {
      return 0;
    }
    for (int i = 0; i < plan.size(); i++) {
      CopyPlan.Table t = plan.get(i);
      if (t.source().table().equals(from.get()) || t.sourceName().equals(from.get())) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "--start-from-table " + from.get() + " is not a table of this copy");
  }

  static String describe(Position p) {
    if (p instanceof Position.Keyed k) {
      return "(" + String.join(", ", k.names()) + ") = (" + String.join(", ", k.values()) + ")";
    }
    if (p instanceof Position.RowOffset r) {
      return r.rows() + " rows";
    }
    return p.toString();
  }

  private String readSql(CopyPlan.Table t, ResumeDecision decision) {
    try (Connection c = run.source.getConnection()) {
      Dialect d = Dialect.detect(c);
      String from = d.qualified(t.source().schema(), t.source().table());
      if (run.config.parallelType == CopyConfig.ParallelType.CHUNK) {
        return "SELECT * FROM "
            + from
            + " WHERE <partition column in the chunk's range> AND <after the chunk's position> ORDER BY <partition column, key>, one query per chunk";
      }
      if (!TableCopy.resumesMidway(t)) {
        return "SELECT * FROM " + from + " (the whole table, in one read)";
      }
      try {
        KeysetQuery q = KeysetQuery.forTable(c, decision);
        return q.sql() + (decision.resumes() ? "   -- bound after the position above" : "");
      } catch (RuntimeException noKey) {
        long skip =
            decision
                .position()
                .filter(p -> p instanceof Position.RowOffset)
                .map(p -> ((Position.RowOffset) p).rows())
                .orElse(0L);
        return "SELECT * FROM "
            + from
            + " ORDER BY <every column>"
            + (skip > 0
                ? ", skipping the first " + skip + " rows (ROW_SKIP: the source has no key)"
                : " (ROW_SKIP: the source has no key)");
      }
    } catch (SQLException e) {
      return "(cannot read the source: " + e.getMessage() + ")";
    }
  }

  private String writeSql(CopyPlan.Table t) {
    try (Connection c = run.target.getConnection()) {
      Dialect d = Dialect.detect(c);
      List<String> cols = columns(c, d, t);
      String target = d.qualified(t.targetSchema(), t.targetTable());
      String list = String.join(", ", cols.stream().map(d::quote).toList());
      List<String> update = new ArrayList<>();
      for (String col : cols) {
        if (!t.targetKey().contains(col)) {
          update.add(col);
        }
      }
      int rows = run.config.writeBatch;
      if (d == Dialect.MYSQL) {
        String base =
            "INSERT INTO " + target + " (" + list + ") VALUES (?, ...) x " + rows + " rows";
        if (!TableCopy.resumesMidway(t)) {
          return base;
        }
        return base
            + " ON DUPLICATE KEY UPDATE "
            + String.join(
                ", ",
                update.stream()
                    .map(col -> d.quote(col) + " = VALUES(" + d.quote(col) + ")")
                    .toList());
      }
      if (!TableCopy.resumesMidway(t)) {
        return "COPY " + target + " (" + list + ") FROM STDIN, " + rows + " rows a statement";
      }
      return "COPY <temporary table> FROM STDIN, then INSERT INTO "
          + target
          + " ("
          + list
          + ") SELECT ... ON CONFLICT ("
          + String.join(", ", t.targetKey().stream().map(d::quote).toList())
          + ") DO UPDATE SET "
          + String.join(
              ", ",
              update.stream().map(col -> d.quote(col) + " = EXCLUDED." + d.quote(col)).toList())
          + ", "
          + rows
          + " rows a statement";
    } catch (SQLException e) {
      return "(cannot read the target: " + e.getMessage() + ")";
    }
  }

  /** The source's columns: the rows carry them, and the writer names them. */
  private List<String> columns(Connection targetConnection, Dialect d, CopyPlan.Table t)
      throws SQLException {
    try (Connection c = run.source.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT * FROM "
                    + Dialect.detect(c).qualified(t.source().schema(), t.source().table())
                    + " WHERE 1 = 0")) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> out = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        out.add(md.getColumnLabel(i));
      }
      return out;
    }
  }

  private String qualified(CopyPlan.Table t) {
    try (Connection c = run.target.getConnection()) {
      return Dialect.detect(c).qualified(t.targetSchema(), t.targetTable());
    } catch (SQLException e) {
      return t.targetName();
    }
  }
}
