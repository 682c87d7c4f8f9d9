package dev.checkpoint;

import dev.checkpoint.spi.RecordChange;
import dev.checkpoint.spi.RecordKinds;
import dev.checkpoint.spi.RecordSession;
import dev.checkpoint.spi.StoreRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a task's records mean, in one place: positions, finished marks, table statuses and task
 * state to and from {@link StoreRecord}s. Every store goes through it, so no store keeps a record
 * model of its own.
 *
 * <p>A record's table is read from its data, never parsed out of its key. A table's records are
 * written under {@link PositionKey#of}; records another tool filed under another key (the seeds'
 * system writes {@code a-b-c} for schema {@code a-b}, its older versions {@code schema-tb-col})
 * still count on reading, the canonical one winning, and are removed when the table is next
 * written. A key that another table's record occupies is first freed by moving that record to its
 * own table's key, so no table loses its record.
 *
 * <p>The index of who owns which key is kept up to date by {@link #apply}: the session is the
 * task's only writer.
 */
final class TaskRecords {
  private static final Logger LOG = LoggerFactory.getLogger(TaskRecords.class);

  /** A record the index knows: whose it is and its data. */
  private record Owned(TableRef table, String data) {}

  /** The meaning of a task's records. */
  record Loaded(
      ResumeState state, Map<TableRef, TableStatus> statuses, Optional<String> taskState) {}

  /** Changes to apply together, each with the table it files a record for (null: none). */
  static final class Plan {
    final List<RecordChange> changes = new ArrayList<>(4);
    private final List<TableRef> owners = new ArrayList<>(4);

    private Plan add(RecordChange change, TableRef owner) {
      changes.add(change);
      owners.add(owner);
      return this;
    }

    /** This plan followed by {@code other}'s changes. */
    Plan then(Plan other) {
      changes.addAll(other.changes);
      owners.addAll(other.owners);
      return this;
    }
  }

  private final RecordSession session;
  private Loaded loaded;

  /** kind -> key -> owner, for the kinds filed under a table's key. */
  private final Map<String, Map<String, Owned>> index = new HashMap<>();

  /** Keys the task state is filed under (one, unless another writer used another). */
  private final List<String> stateKeys = new ArrayList<>();

  private TaskRecords(RecordSession session) {
    this.session = session;
  }

  /** Loads the session's records; the returned object writes through the session. */
  static TaskRecords open(RecordSession session) {
    TaskRecords t = new TaskRecords(session);
    t.loaded = t.read(session.load());
    return t;
  }

  /** What the records meant when the session was opened. */
  Loaded loaded() {
    return loaded;
  }

  /** Reads the records again (the store is the truth: a caller may have rolled back). */
  Loaded reload() {
    index.clear();
    stateKeys.clear();
    loaded = read(session.load());
    return loaded;
  }

  /** The meaning of records read without a session. */
  static Loaded meaning(List<StoreRecord> records) {
    return new TaskRecords(null).read(records);
  }

  RecordSession session() {
    return session;
  }

  private Loaded read(List<StoreRecord> records) {
    List<Parsed> other = new ArrayList<>();
    List<Parsed> canonical = new ArrayList<>();
    Map<TableRef, TableStatus> statuses = new LinkedHashMap<>();
    Map<TableRef, TableStatus> canonicalStatuses = new LinkedHashMap<>();
    String state = null;
    boolean canonicalState = false;
    for (StoreRecord r : records) {
      String kind = r.kind();
      if (RecordKinds.TASK_STATE.equals(kind)) {
        stateKeys.add(r.key());
        if (!canonicalState && r.data() != null) {
          state = r.data();
          canonicalState = RecordKinds.STATE_KEY.equals(r.key());
        }
        continue;
      }
      if (RecordKinds.TABLE_STATUS.equals(kind)) {
        TableStatus s = status(r);
        own(kind, r.key(), s.table(), r.data());
        (r.key().equals(PositionKey.of(s.table())) ? canonicalStatuses : statuses)
            .put(s.table(), s);
        continue;
      }
      if (!RecordKinds.POSITION.equals(kind) && !RecordKinds.FINISHED.equals(kind)) {
        LOG.debug("{}: skipping a record of kind {}", origin(r), kind);
        continue;
      }
      Optional<PositionRecord> p = position(r);
      if (p.isEmpty()) {
        continue; // another tool's position type: nothing to resume from
      }
      own(kind, r.key(), p.get().table(), r.data());
      Parsed parsed = new Parsed(kind, p.get(), r.origin());
      (r.key().equals(PositionKey.of(p.get().table())) ? canonical : other).add(parsed);
    }
    ResumeState.Builder b = ResumeState.builder();
    for (List<Parsed> list : List.of(other, canonical)) {
      for (Parsed p : list) {
        if (RecordKinds.FINISHED.equals(p.kind())) {
          b.finished(p.record().table(), p.origin());
        } else {
          b.position(p.record().table(), p.record().position(), p.origin());
        }
      }
    }
    statuses.putAll(canonicalStatuses);
    return new Loaded(b.build(), Map.copyOf(statuses), Optional.ofNullable(state));
  }

  private record Parsed(String kind, PositionRecord record, String origin) {}

  private void own(String kind, String key, TableRef table, String data) {
    index.computeIfAbsent(kind, k -> new HashMap<>()).put(key, new Owned(table, data));
  }

  private static Optional<PositionRecord> position(StoreRecord r) {
    if (r.data() == null) {
      throw new InvalidPositionException(origin(r) + ": position_data is NULL");
    }
    try {
      return PositionJson.read(r.data());
    } catch (InvalidPositionException e) {
      throw new InvalidPositionException(origin(r) + ": " + e.getMessage(), e);
    }
  }

  private static TableStatus status(StoreRecord r) {
    try {
      return StatusJson.read(r.data() == null ? "null" : r.data());
    } catch (InvalidPositionException e) {
      throw new InvalidPositionException(origin(r) + ": " + e.getMessage(), e);
    }
  }

  /** Where a record came from, for messages: its origin, its kind and its key. */
  private static String origin(StoreRecord r) {
    String what = r.kind() + " record " + r.key();
    return r.origin() != null ? r.origin() + ", " + what : what;
  }

  // ---- changes --------------------------------------------------------------------------------

  /** The changes that record a table's position. */
  Plan position(TableRef table, Position position) {
    if (!(position instanceof Position.Keyed || position instanceof Position.RowOffset)) {
      throw new IllegalArgumentException(
          "record takes a keyed or row-offset position, was " + position + "; use finish(table)");
    }
    Plan plan = new Plan();
    upsert(plan, RecordKinds.POSITION, table, PositionJson.write(table, position));
    return plan;
  }

  /** The changes that mark a table finished: the finished record, and its position goes. */
  Plan finished(TableRef table) {
    Plan plan = new Plan();
    upsert(plan, RecordKinds.FINISHED, table, PositionJson.write(table, Position.finished()));
    deleteAll(plan, RecordKinds.POSITION, table);
    return plan;
  }

  /** The changes that forget a table's position, finished mark and status. */
  Plan reset(TableRef table) {
    Plan plan = new Plan();
    for (String kind :
        List.of(RecordKinds.POSITION, RecordKinds.FINISHED, RecordKinds.TABLE_STATUS)) {
      deleteAll(plan, kind, table);
    }
    return plan;
  }

  /** The changes that forget every table of the task and its state. */
  Plan resetAll() {
    Plan plan = new Plan();
    for (Map.Entry<String, Map<String, Owned>> kind : index.entrySet()) {
      for (String key : kind.getValue().keySet()) {
        plan.add(RecordChange.delete(kind.getKey(), key), null);
      }
    }
    for (String key : stateKeys) {
      plan.add(RecordChange.delete(RecordKinds.TASK_STATE, key), null);
    }
    return plan;
  }

  Plan status(TableStatus status) {
    Plan plan = new Plan();
    upsert(plan, RecordKinds.TABLE_STATUS, status.table(), StatusJson.write(status));
    return plan;
  }

  Plan state(String json) {
    Plan plan = new Plan();
    plan.add(RecordChange.upsert(RecordKinds.TASK_STATE, RecordKinds.STATE_KEY, json), null);
    for (String key : stateKeys) {
      if (!key.equals(RecordKinds.STATE_KEY)) {
        plan.add(RecordChange.delete(RecordKinds.TASK_STATE, key), null);
      }
    }
    return plan;
  }

  /**
   * Upserts under the table's key, after moving another table's record out of that key and before
   * dropping the table's records under other keys.
   */
  private void upsert(Plan plan, String kind, TableRef table, String data) {
    String key = PositionKey.of(table);
    Map<String, Owned> keys = index.getOrDefault(kind, Map.of());
    Owned occupant = keys.get(key);
    if (occupant != null && !sameKeyIdentity(occupant.table(), table)) {
      String theirs = PositionKey.of(occupant.table());
      if (!keys.containsKey(theirs)) {
        plan.add(RecordChange.upsert(kind, theirs, occupant.data()), occupant.table());
      }
    }
    plan.add(RecordChange.upsert(kind, key, data), table);
    for (Map.Entry<String, Owned> e : keys.entrySet()) {
      if (!e.getKey().equals(key) && sameKeyIdentity(e.getValue().table(), table)) {
        plan.add(RecordChange.delete(kind, e.getKey()), table);
      }
    }
  }

  private void deleteAll(Plan plan, String kind, TableRef table) {
    String key = PositionKey.of(table);
    Map<String, Owned> keys = index.getOrDefault(kind, Map.of());
    boolean canonicalListed = false;
    for (Map.Entry<String, Owned> e : keys.entrySet()) {
      if (sameKeyIdentity(e.getValue().table(), table)) {
        plan.add(RecordChange.delete(kind, e.getKey()), table);
        canonicalListed |= e.getKey().equals(key);
      }
    }
    if (!canonicalListed && !keys.containsKey(key)) {
      // Not in the index (a store that does not return every record): delete it anyway.
      plan.add(RecordChange.delete(kind, key), table);
    }
  }

  /** The key does not hold the db type: two tables with the same schema and name share one. */
  private static boolean sameKeyIdentity(TableRef a, TableRef b) {
    return a.schema().equals(b.schema()) && a.table().equals(b.table());
  }

  /** Applies the plan through the session and brings the index up to date. */
  void apply(Plan plan) {
    if (plan.changes.isEmpty()) {
      return;
    }
    session.apply(plan.changes);
    noteApplied(plan);
  }

  /** Brings the index up to date after a plan applied elsewhere (the caller's transaction). */
  void noteApplied(Plan plan) {
    for (int i = 0; i < plan.changes.size(); i++) {
      RecordChange c = plan.changes.get(i);
      if (RecordKinds.TASK_STATE.equals(c.kind())) {
        stateKeys.remove(c.key());
        if (!c.isDelete()) {
          stateKeys.add(c.key());
        }
        continue;
      }
      Map<String, Owned> keys = index.computeIfAbsent(c.kind(), k -> new HashMap<>());
      if (c.isDelete()) {
        keys.remove(c.key());
      } else {
        keys.put(c.key(), new Owned(plan.owners.get(i), c.data()));
      }
    }
  }
}
