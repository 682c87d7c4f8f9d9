package dev.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RunInTransactionTest {
  private static final TableRef T = TableRef.of("pg", "public", "orders");
  private final CountingStore store = new CountingStore();

  /** Batches of 10 ids, keyed on id, from 1 to 95. */
  private static Source<Long> ids() {
    List<Long> all = LongStream.rangeClosed(1, 95).boxed().collect(Collectors.toList());
    return d -> {
      long after =
          d.position().map(p -> Long.parseLong(((Position.Keyed) p).values().get(0))).orElse(0L);
      List<Long> rest = all.stream().filter(i -> i > after).collect(Collectors.toList());
      return new Source.Cursor<>() {
        int i;

        @Override
        public Batch<Long> next() {
          if (i >= rest.size()) {
            return null;
          }
          List<Long> b = rest.subList(i, Math.min(rest.size(), i + 10));
          i += b.size();
          return new Batch<>(
              List.copyOf(b), Position.keyed("id", Long.toString(b.get(b.size() - 1))));
        }

        @Override
        public void close() {}
      };
    };
  }

  @Test
  void theSinkCommitsEachPositionAndTheCheckpointerNeverWritesItAgain() {
    List<Long> target = new ArrayList<>();
    int[] batches = {0};
    // A "transaction": rows and position land together, or (batch 4) neither does.
    TransactionalSink<Long, Void> sink =
        (table, batch, session) -> {
          if (batches[0]++ == 4) {
            throw new IllegalStateException("commit failed");
          }
          target.addAll(batch.rows());
          session.record(table, batch.position());
        };
    try (Checkpointer cp = Checkpointer.builder().taskId("t").store(store).build()) {
      assertThatThrownBy(() -> cp.runInTransaction(T, ids(), sink)).hasMessage("commit failed");
      assertThat(cp.rowsCommitted(T)).isEqualTo(40);
    }
    // Four batches, four positions, all written by the sink: close() wrote nothing more.
    assertThat(store.writes).hasSize(4).allMatch(w -> w.startsWith("record orders"));
    try (Checkpointer cp = Checkpointer.builder().taskId("t").store(store).build()) {
      assertThat(
              cp.runInTransaction(
                  T,
                  ids(),
                  (table, batch, session) -> {
                    target.addAll(batch.rows());
                    session.record(table, batch.position());
                  }))
          .isEqualTo(55);
    }
    assertThat(target)
        .isEqualTo(LongStream.rangeClosed(1, 95).boxed().collect(Collectors.toList()));
    assertThat(store.writes).last().isEqualTo("finish orders");
    assertThat(store.writes.stream().filter(w -> w.startsWith("record")).count()).isEqualTo(10);
  }

  @Test
  void aTrackedTableCountsOnlyCommittedBatchesAcrossAFailedTransaction() {
    InMemoryStore store = new InMemoryStore();
    int[] batches = {0};
    try (Checkpointer cp =
        Checkpointer.builder()
            .taskId("t")
            .store(store)
            .policy(CheckpointPolicy.everyBatch())
            .build()) {
      cp.tableStarted(T);
      assertThatThrownBy(
              () ->
                  cp.runInTransaction(
                      T,
                      ids(),
                      (table, batch, session) -> {
                        if (batches[0]++ == 3) {
                          throw new IllegalStateException("commit failed");
                        }
                        session.record(table, batch.position());
                      }))
          .hasMessage("commit failed");
    }
    try (Checkpointer cp =
        Checkpointer.builder()
            .taskId("t")
            .store(store)
            .policy(CheckpointPolicy.everyBatch())
            .build()) {
      // The status written before the failed batch named a position that never landed: its
      // rows fall back to those of the position the store holds.
      assertThat(cp.tableStarted(T).rows()).isEqualTo(30);
      cp.runInTransaction(
          T, ids(), (table, batch, session) -> session.record(table, batch.position()));
      assertThat(cp.status(T).orElseThrow().state()).isEqualTo(TableStatus.State.COMPLETED);
      assertThat(cp.status(T).orElseThrow().rows()).isEqualTo(95);
    }
  }
}
