package dev.checkpoint.logstore;

import dev.checkpoint.PositionJson;
import dev.checkpoint.StatusJson;
import dev.checkpoint.StoreException;
import dev.checkpoint.TableRef;
import dev.checkpoint.TableStatus;
import dev.checkpoint.spi.RecordChange;
import dev.checkpoint.spi.RecordKinds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one apply of a {@link LogSession} does to each file, worked out before any file is touched:
 * a change the store cannot file fails the apply with nothing written.
 */
final class LogChanges {
  /** position.log lines to append, in one write. */
  final StringBuilder positions = new StringBuilder();

  /** finished.log lines to append, in one write. */
  final StringBuilder finished = new StringBuilder();

  final List<TableStatus> statuses = new ArrayList<>();
  final Set<TableRef> forgetPositions = new LinkedHashSet<>();
  final Set<TableRef> forgetFinished = new LinkedHashSet<>();
  final Set<TableRef> forgetStatuses = new LinkedHashSet<>();

  /** Index updates that hold once the appended lines are written. */
  final List<Runnable> indexed = new ArrayList<>();

  /** Chunk plan and chunk records to change in chunks.json: kind, key, data (null: delete). */
  final List<String[]> chunks = new ArrayList<>();

  /** The new state.json, or null. */
  String state;

  boolean dropState;

  private final PositionIndex index;
  private final Map<String, TableRef> tables;

  private LogChanges(PositionIndex index, Map<String, TableRef> tables) {
    this.index = index;
    this.tables = tables;
  }

  /**
   * @param tables position_key to table, for deletions (which carry only the key); filled with the
   *     tables of new records
   */
  static LogChanges of(
      List<RecordChange> changes,
      PositionIndex index,
      Map<String, TableRef> tables,
      String now,
      Path dir,
      Tag positionTag) {
    LogChanges plan = new LogChanges(index, tables);
    Set<String> finishedHere = new HashSet<>();
    for (RecordChange c : changes) {
      if (RecordKinds.FINISHED.equals(c.kind()) && !c.isDelete()) {
        finishedHere.add(c.key());
      }
    }
    for (RecordChange c : changes) {
      switch (c.kind()) {
        case RecordKinds.POSITION -> {
          if (c.isDelete()) {
            TableRef t = plan.tables.get(c.key());
            if (t != null && !finishedHere.contains(c.key()) && plan.index.hasPosition(t)) {
              plan.forgetPositions.add(t);
            }
          } else {
            TableRef t = plan.table(c);
            String line = now + " | " + positionTag.text() + " | " + c.data();
            plan.positions.append(line).append('\n');
            plan.indexed.add(() -> plan.index.add(positionTag, t, line));
          }
        }
        case RecordKinds.FINISHED -> {
          if (c.isDelete()) {
            TableRef t = plan.tables.get(c.key());
            if (t != null && plan.index.isFinished(t)) {
              plan.forgetFinished.add(t);
            }
          } else {
            TableRef t = plan.table(c);
            if (!plan.index.isFinished(t)) { // one line per table in finished.log
              plan.finished.append(now).append(" | ").append(c.data()).append('\n');
              plan.indexed.add(() -> plan.index.finish(t));
            }
          }
        }
        case RecordKinds.TABLE_STATUS -> {
          if (c.isDelete()) {
            TableRef t = plan.tables.get(c.key());
            if (t != null) {
              plan.forgetStatuses.add(t);
            }
          } else {
            TableStatus st = StatusJson.read(c.data());
            plan.tables.put(c.key(), st.table());
            plan.statuses.add(st);
          }
        }
        case RecordKinds.TASK_STATE -> {
          if (c.isDelete()) {
            plan.dropState = plan.state == null;
          } else {
            plan.state = c.data();
            plan.dropState = false;
          }
        }
        case RecordKinds.CHUNK_PLAN, RecordKinds.CHUNK ->
            plan.chunks.add(new String[] {c.kind(), c.key(), c.isDelete() ? null : c.data()});
        default ->
            throw new StoreException(
                "the log store in "
                    + dir
                    + " keeps positions, finished marks, statuses, chunks and the task state; it has"
                    + " no file"
                    + " for records of kind "
                    + c.kind());
      }
    }
    return plan;
  }

  /** The table a record's data names; the key to table map spares a parse per checkpoint. */
  private TableRef table(RecordChange c) {
    TableRef t = tables.get(c.key());
    if (t == null) {
      t =
          PositionJson.read(c.data())
              .map(r -> r.table())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "not a position this store can file: " + c.data()));
      tables.put(c.key(), t);
    }
    return t;
  }
}
