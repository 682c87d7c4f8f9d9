package dev.checkpoint.logstore;

import dev.checkpoint.Batch;
import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.Position;
import dev.checkpoint.PositionStore;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * A copy of the ids 1..rows of a table, in batches, into a target map keyed by id (an idempotent
 * sink: a batch delivered again lands on itself). It remembers where each run started, so a test
 * can say where a resume began, and how often each id was delivered.
 */
final class CountingCopy {
  final TableRef table;
  final int rows;
  final int batch;

  /** id -> times delivered, over every run. */
  final TreeMap<Integer, Integer> target = new TreeMap<>();

  /** The first id each run read (rows + 1 for a run that read nothing). */
  final List<Integer> starts = new ArrayList<>();

  CountingCopy(TableRef table, int rows, int batch) {
    this.table = table;
    this.rows = rows;
    this.batch = batch;
  }

  /**
   * A run with a position written after every batch. {@code beforeCommit} sees each batch's last id
   * before the batch lands in the target; if it throws, the batch does not land (a failed commit).
   */
  long run(PositionStore store, String task, IntConsumer beforeCommit) {
    try (Checkpointer cp =
        Checkpointer.builder()
            .taskId(task)
            .store(store)
            .policy(CheckpointPolicy.everyBatch())
            .build()) {
      return cp.run(
          table,
          source(),
          ids -> {
            beforeCommit.accept(ids.get(ids.size() - 1));
            ids.forEach(id -> target.merge(id, 1, Integer::sum));
          });
    }
  }

  long run(PositionStore store, String task) {
    return run(store, task, id -> {});
  }

  /** Whether every id 1..rows is in the target. */
  boolean complete() {
    return target.size() == rows && target.firstKey() == 1 && target.lastKey() == rows;
  }

  /** Ids delivered more than once. */
  List<Integer> duplicates() {
    List<Integer> out = new ArrayList<>();
    target.forEach(
        (id, n) -> {
          if (n > 1) {
            out.add(id);
          }
        });
    return out;
  }

  private Source<Integer> source() {
    return (ResumeDecision decision) -> {
      int first =
          decision
              .position()
              .map(p -> Integer.parseInt(((Position.Keyed) p).columns().get(0).value()) + 1)
              .orElse(1);
      starts.add(first);
      return new Source.Cursor<>() {
        int next = first;

        @Override
        public Batch<Integer> next() {
          if (next > rows) {
            return null;
          }
          List<Integer> ids = new ArrayList<>();
          for (int i = 0; i < batch && next <= rows; i++) {
            ids.add(next++);
          }
          return new Batch<>(ids, Position.keyed("id", Integer.toString(next - 1)));
        }

        @Override
        public void close() {}
      };
    };
  }
}
