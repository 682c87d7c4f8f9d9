package dev.checkpoint.jdbc;

import dev.checkpoint.InvalidPositionException;
import dev.checkpoint.KeyColumn;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeDecision;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a keyed read resumes: the pass, and the values of that pass's order columns to read after.
 * Parsed from a decision's position against the plan's key, with errors that name the column, the
 * value, its type, the table and where the position came from.
 *
 * @param pass the pass to resume in
 * @param after the decoded values of {@link KeyPlan#orderIn(int) orderIn(pass)}, or null to read
 *     the pass from its start
 */
record KeyedResume(int pass, Object[] after) {
  private static final Logger LOG = LoggerFactory.getLogger(KeyedResume.class);

  static final KeyedResume START = new KeyedResume(0, null);

  static KeyedResume of(KeyPlan plan, ResumeDecision decision) {
    return of(plan, decision, false);
  }

  /**
   * @param restartOnKeyMismatch whether a position on another key restarts the table from its first
   *     row with a WARN (ape-dts restarts such a table too), instead of failing
   */
  static KeyedResume of(KeyPlan plan, ResumeDecision decision, boolean restartOnKeyMismatch) {
    if (!decision.resumes()) {
      return START;
    }
    Position p = decision.position().get();
    String from = from(decision);
    if (p instanceof Position.RowOffset r) {
      throw new InvalidPositionException(
          "position of "
              + plan.ref
              + " from "
              + from
              + " is a row offset ("
              + r.rows()
              + " rows, written by ROW_SKIP) but this source reads by key ("
              + String.join(", ", plan.keyNames())
              + "): reset the table or read it with ROW_SKIP");
    }
    if (!(p instanceof Position.Keyed k)) {
      return START;
    }
    if (!k.names().equals(plan.keyNames()) && restartOnKeyMismatch) {
      LOG.warn(
          "position of {} from {} has key ({}) but the table's key is ({}): restarting the table"
              + " from its first row (restartOnKeyMismatch); rows already copied are delivered"
              + " again",
          plan.ref,
          from,
          String.join(", ", k.names()),
          String.join(", ", plan.keyNames()));
      return START;
    }
    if (!k.names().equals(plan.keyNames())) {
      String why =
          plan.tieBreaker.isEmpty()
              ? ""
              : " ("
                  + ColumnNames.names(plan.tieBreaker)
                  + " appended as a tie-breaker because the key is not unique)";
      throw new InvalidPositionException(
          "position of "
              + plan.ref
              + " from "
              + from
              + " has key ("
              + String.join(", ", k.names())
              + ") but the reader's key is ("
              + String.join(", ", plan.keyNames())
              + ")"
              + why);
    }
    List<KeyColumn> cols = k.columns();
    boolean[] isNull = new boolean[cols.size()];
    Object[] values = new Object[cols.size()];
    for (int i = 0; i < cols.size(); i++) {
      Column c = plan.key.get(i);
      String text = cols.get(i).value();
      if (text == null) {
        if (!c.nullable()) {
          throw invalid(plan, c, null, from, "the column is NOT NULL");
        }
        isNull[i] = true;
        continue;
      }
      try {
        values[i] = c.type().decode(text, plan.dialect);
      } catch (IllegalArgumentException e) {
        throw invalid(plan, c, text, from, e.getMessage());
      }
    }
    int pass = plan.passOf(isNull);
    if (plan.nullRowsApart && pass > 0) {
      LOG.info(
          "position of {} from {} is in the pass of rows with a NULL in the key ({}): the key does"
              + " not order them uniquely, so that pass is read again from its start",
          plan.ref,
          from,
          String.join(", ", plan.keyNames()));
      return new KeyedResume(pass, null);
    }
    List<Column> order = plan.orderIn(pass);
    Object[] after = new Object[order.size()];
    for (int i = 0; i < order.size(); i++) {
      after[i] = values[plan.key.indexOf(order.get(i))];
    }
    return new KeyedResume(pass, after);
  }

  static String from(ResumeDecision decision) {
    return decision.source().orElse("the resume decision");
  }

  private static InvalidPositionException invalid(
      KeyPlan plan, Column c, String value, String from, String why) {
    return new InvalidPositionException(
        "Invalid checkpoint value "
            + (value == null ? "null" : "\"" + value + "\"")
            + " for column "
            + c.describe()
            + " of "
            + plan.ref
            + " from "
            + from
            + ": "
            + why);
  }
}
