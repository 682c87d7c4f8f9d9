package dev.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadAheadTest {
  private static final TableRef T = TableRef.of("mysql", "s", "t");

  /** A cursor of {@code batches} one-row batches that counts its calls and where it closed. */
  private static final class Counting implements Source.Cursor<Integer> {
    final AtomicInteger fetched = new AtomicInteger();
    final int batches;
    final int failAt;
    volatile String closedOn;
    int closes;

    Counting(int batches, int failAt) {
      this.batches = batches;
      this.failAt = failAt;
    }

    @Override
    public Batch<Integer> next() {
      int n = fetched.incrementAndGet();
      if (n == failAt) {
        throw new IllegalStateException("source broke at batch " + n);
      }
      return n > batches
          ? null
          : new Batch<>(List.of(n), Position.keyed("id", Integer.toString(n)));
    }

    @Override
    public void close() {
      closes++;
      closedOn = Thread.currentThread().getName();
    }
  }

  @Test
  void deliversEveryBatchInOrderFetchingAtMostOneAhead() throws Exception {
    Counting source = new Counting(50, -1);
    List<Integer> got = new ArrayList<>();
    int mostAhead = 0;
    try (ReadAhead<Integer> c = new ReadAhead<>(source, T)) {
      Batch<Integer> b;
      while ((b = c.next()) != null) {
        got.addAll(b.rows());
        Thread.sleep(2); // the sink writes; the fetcher may fetch the next batch meanwhile
        mostAhead = Math.max(mostAhead, source.fetched.get() - got.size());
      }
    }
    assertThat(got).hasSize(50).isSorted();
    assertThat(mostAhead).isEqualTo(1);
    assertThat(source.closes).isEqualTo(1);
    assertThat(source.closedOn).isEqualTo(Thread.currentThread().getName());
  }

  @Test
  void aFailureOfTheSourceReachesTheCallerAfterTheBatchesBeforeIt() {
    Counting source = new Counting(50, 4);
    List<Integer> got = new ArrayList<>();
    try (ReadAhead<Integer> c = new ReadAhead<>(source, T)) {
      assertThatThrownBy(
              () -> {
                Batch<Integer> b;
                while ((b = c.next()) != null) {
                  got.addAll(b.rows());
                }
              })
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("source broke at batch 4");
    }
    assertThat(got).containsExactly(1, 2, 3);
  }

  @Test
  void closingMidWayStopsTheFetcherAndClosesTheCursorOnce() {
    Counting source = new Counting(1_000, -1);
    try (ReadAhead<Integer> c = new ReadAhead<>(source, T)) {
      c.next();
      c.next();
    }
    int fetched = source.fetched.get();
    assertThat(fetched).isLessThanOrEqualTo(3);
    assertThat(source.closes).isEqualTo(1);
    assertThat(source.closedOn).isEqualTo(Thread.currentThread().getName());
  }

  @Test
  void aPositionIsTakenOnlyAfterItsSinkReturned() {
    InMemoryStore store = new InMemoryStore();
    List<String> seen = new ArrayList<>();
    try (Checkpointer cp =
        Checkpointer.builder()
            .taskId("t")
            .store(store)
            .policy(CheckpointPolicy.everyBatch())
            .readAhead(true)
            .build()) {
      cp.run(
          T,
          d -> new Counting(5, -1),
          rows -> {
            // While batch n is in the sink, the store holds batch n-1's position, not a later one.
            seen.add(
                rows.get(0) + ":" + store.read("t").position(T).map(Object::toString).orElse("-"));
          });
    }
    assertThat(seen)
        .containsExactly(
            "1:-",
            "2:" + Position.keyed("id", "1"),
            "3:" + Position.keyed("id", "2"),
            "4:" + Position.keyed("id", "3"),
            "5:" + Position.keyed("id", "4"));
  }
}
