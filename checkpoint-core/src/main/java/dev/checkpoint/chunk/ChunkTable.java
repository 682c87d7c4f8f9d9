package dev.checkpoint.chunk;

import dev.checkpoint.CheckpointException;
import dev.checkpoint.KeyColumn;
import dev.checkpoint.Position;
import dev.checkpoint.PositionJson;
import dev.checkpoint.PositionKey;
import dev.checkpoint.PositionRecord;
import dev.checkpoint.TableRef;
import dev.checkpoint.spi.RecordKinds;
import dev.checkpoint.spi.SharedRecordStore;
import dev.checkpoint.spi.StoreRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One table of a chunked run as the shared store holds it: its plan (made once, by whichever worker
 * gets there first), its chunks' states, and the table-level records other tools read — the
 * position ape-dts's chunk mode writes (the partition column at the highest bound below which every
 * chunk is finished) and the finished mark.
 */
final class ChunkTable {
  private static final Logger LOG = LoggerFactory.getLogger(ChunkTable.class);

  /** How often a conditional write of a table-level record is retried after losing a race. */
  private static final int RACES = 20;

  /** Chunks found finished by the last {@link #advance}: for progress lines. */
  private volatile int finishedChunks;

  private final SharedRecordStore store;
  private final String taskId;
  private final TableRef table;

  ChunkTable(SharedRecordStore store, String taskId, TableRef table) {
    this.store = store;
    this.taskId = taskId;
    this.table = table;
  }

  /** What the store holds for the table at one moment. */
  record Snapshot(
      String finished, String position, String plan, Map<Integer, StoreRecord> chunks) {}

  Snapshot read() {
    String key = PositionKey.of(table);
    String prefix = ChunkRecords.chunkKey(table, 0);
    prefix = prefix.substring(0, prefix.length() - 1);
    String finished = null;
    String position = null;
    String plan = null;
    Map<Integer, StoreRecord> chunks = new HashMap<>();
    for (StoreRecord r : store.readRecords(taskId)) {
      switch (r.kind()) {
        case RecordKinds.FINISHED -> finished = key.equals(r.key()) ? r.data() : finished;
        case RecordKinds.POSITION -> position = key.equals(r.key()) ? r.data() : position;
        case RecordKinds.CHUNK_PLAN -> plan = key.equals(r.key()) ? r.data() : plan;
        case RecordKinds.CHUNK -> {
          if (r.key().startsWith(prefix)) {
            String id = r.key().substring(prefix.length());
            if (!id.isEmpty() && id.chars().allMatch(Character::isDigit)) {
              chunks.put(Integer.parseInt(id), r);
            }
          }
        }
        default -> {}
      }
    }
    return new Snapshot(finished, position, plan, chunks);
  }

  /**
   * The table's plan: the one kept in the store, else a new one from the source, kept by a
   * conditional write so that concurrent workers all end up with the same plan. Empty when the
   * table is finished.
   */
  <T> Optional<ChunkPlan> plan(ChunkedSource<T> source, int chunkRows) {
    for (int race = 0; race < RACES; race++) {
      Snapshot s = read();
      if (s.finished() != null) {
        return Optional.empty();
      }
      if (s.plan() != null) {
        return Optional.of(ChunkRecords.readPlan(table, s.plan(), "of " + table));
      }
      Position.Keyed from = startingPosition(s.position());
      ChunkPlan plan =
          source.plan(table, chunkRows, from == null ? null : from.columns().get(0).value());
      if (from != null && !from.names().get(0).equals(plan.column())) {
        throw new CheckpointException(
            table
                + " has a position on column "
                + from.names().get(0)
                + " but would be split on "
                + plan.column()
                + ": name that partition column, or reset the table to copy it again");
      }
      if (store.compareAndSet(
          taskId,
          RecordKinds.CHUNK_PLAN,
          ChunkRecords.planKey(table),
          null,
          ChunkRecords.writePlan(plan))) {
        LOG.info(
            "{}: split into {} chunks on column {}{}",
            table,
            plan.chunks().size(),
            plan.column(),
            from == null ? "" : ", after " + from.columns().get(0).value() + " (a kept position)");
        return Optional.of(plan);
      }
    }
    throw new CheckpointException("could not read or keep the chunk plan of " + table);
  }

  /**
   * A table-level position written before the plan existed (by ape-dts in chunk mode, or by a keyed
   * run on one column): the plan starts after it. Other positions cannot start a plan.
   */
  private Position.Keyed startingPosition(String data) {
    if (data == null) {
      return null;
    }
    Optional<PositionRecord> p = PositionJson.read(data);
    if (p.isEmpty()) {
      return null;
    }
    if (p.get().position() instanceof Position.Keyed k && !k.isComposite()) {
      return k;
    }
    throw new CheckpointException(
        table
            + " has a position a chunked run cannot continue ("
            + data
            + "): only a position on one column starts a plan; reset the table or run it"
            + " unchunked");
  }

  /**
   * After a chunk finished: moves the table-level position up to the highest bound below which
   * every chunk is finished, or marks the table finished when every chunk is. Each write is
   * conditional on the position read with the chunk states, so the position never moves back.
   *
   * @return whether the table is finished
   */
  boolean advance(ChunkPlan plan) {
    List<Chunk> chunks = plan.chunks();
    for (int race = 0; race < RACES; race++) {
      Snapshot s = read();
      if (s.finished() != null) {
        return true;
      }
      finishedChunks = (int) chunks.stream().filter(c -> isFinished(s, c.id())).count();
      int prefix = 0;
      while (prefix < chunks.size() && isFinished(s, chunks.get(prefix).id())) {
        prefix++;
      }
      if (prefix == chunks.size()) {
        String done = PositionJson.write(table, Position.finished());
        if (store.compareAndSet(taskId, RecordKinds.FINISHED, PositionKey.of(table), null, done)) {
          dropPosition();
          LOG.info("{}: every chunk finished; table finished", table);
          return true;
        }
        continue;
      }
      Chunk last = prefix == 0 ? null : chunks.get(prefix - 1);
      if (last == null || last.nulls() || last.hi() == null) {
        return false;
      }
      String data =
          PositionJson.write(
              table, new Position.Keyed(List.of(new KeyColumn(plan.column(), last.hi()))));
      if (data.equals(s.position())) {
        return false;
      }
      if (store.compareAndSet(
          taskId, RecordKinds.POSITION, PositionKey.of(table), s.position(), data)) {
        // The last chunk may have finished meanwhile, its worker already past this check: a
        // finished table keeps no position.
        if (read().finished() != null) {
          dropPosition();
          return true;
        }
        return false;
      }
    }
    throw new CheckpointException("could not move the position of " + table + " forward");
  }

  /** Removes the table's position, whoever wrote it last; for a table marked finished. */
  private void dropPosition() {
    for (int race = 0; race < RACES; race++) {
      String position = read().position();
      if (position == null
          || store.compareAndSet(
              taskId, RecordKinds.POSITION, PositionKey.of(table), position, null)) {
        return;
      }
    }
  }

  int finishedChunks() {
    return finishedChunks;
  }

  private static boolean isFinished(Snapshot s, int id) {
    StoreRecord r = s.chunks().get(id);
    return r != null && ChunkRecords.readState(r.data(), r.origin()).finished();
  }
}
