package dev.checkpoint.testkit.pipeline;

import dev.checkpoint.Batch;
import dev.checkpoint.BatchSink;
import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.Position;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pipelines over in-memory lists, written as a user would, for the kit's unit tests: one that
 * resumes, and ones that do not.
 */
final class ListPipelines {
  static final TableRef EVENTS = TableRef.of("app", "shop", "events");
  static final int BATCH = 5;

  /** A row: a unique id and a sort column with ties of four. */
  record Event(int id, int group) {}

  static List<Event> events(int n) {
    List<Event> events = new ArrayList<>();
    for (int id = 0; id < n; id++) {
      events.add(new Event(id, id / 4));
    }
    return events;
  }

  /** Opens of {@link #rowSkipWithTies} sources: the "database"'s executions of the query. */
  private static final AtomicInteger OPENS = new AtomicInteger();

  private ListPipelines() {}

  /** Runs {@code source} into {@code sink} with a checkpoint after every batch. */
  static <T> void copy(CrashingRun run, Source<T> source, BatchSink<T> sink) {
    try (Checkpointer cp =
        Checkpointer.builder()
            .taskId("events")
            .store(run.store())
            .policy(CheckpointPolicy.everyBatch())
            .build()) {
      cp.run(EVENTS, run.source(source), run.sink(sink));
    }
  }

  /** Keyed on the unique id: resumes right after the last committed id. */
  static Source<Event> keyedById(List<Event> events) {
    return decision -> {
      int after =
          decision
              .position()
              .map(p -> Integer.parseInt(((Position.Keyed) p).values().get(0)))
              .orElse(-1);
      List<Event> rest = events.stream().filter(e -> e.id() > after).toList();
      return batches(rest, (last, read) -> Position.keyed("id", Integer.toString(last.id())));
    };
  }

  /**
   * ROW_SKIP over an ORDER BY group that leaves ties in no particular order: skips as many rows as
   * were committed. A real database returns tied rows in whatever order its plan and heap give,
   * which changes between executions (after an UPDATE moved a row, a VACUUM, a parallel scan); this
   * source rotates each group of ties by the number of the open, so that the order differs on every
   * open and the test is deterministic. It checks no fingerprint of the last committed row, as a
   * hand-written skip loop would not.
   */
  static Source<Event> rowSkipWithTies(List<Event> events) {
    return decision -> {
      int open = OPENS.incrementAndGet(); // over the JVM: the "database" outlives the process
      List<Event> ordered = new ArrayList<>();
      for (int from = 0; from < events.size(); from += 4) {
        List<Event> ties = events.subList(from, Math.min(from + 4, events.size()));
        for (int i = 0; i < ties.size(); i++) {
          ordered.add(ties.get((i + open) % ties.size()));
        }
      }
      int skip = decision.position().map(p -> (int) ((Position.RowOffset) p).rows()).orElse(0);
      return batches(
          ordered.subList(skip, ordered.size()),
          (last, read) -> Position.rowOffset(skip + read, "event " + last.id()));
    };
  }

  /** Where a batch leaves the read: from its last row and the rows read so far in this open. */
  @FunctionalInterface
  interface PositionAfter<T> {
    Position of(T last, int read);
  }

  /** A cursor over {@code rows} in batches of {@link #BATCH}. */
  static <T> Source.Cursor<T> batches(List<T> rows, PositionAfter<T> position) {
    return new Source.Cursor<>() {
      int next;

      @Override
      public Batch<T> next() {
        if (next >= rows.size()) {
          return null;
        }
        List<T> batch = List.copyOf(rows.subList(next, Math.min(next + BATCH, rows.size())));
        next += batch.size();
        return new Batch<>(batch, position.of(batch.get(batch.size() - 1), next));
      }

      @Override
      public void close() {}
    };
  }
}
