package dev.checkpoint.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.Batch;
import dev.checkpoint.BatchSink;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrashAfterTest {
  private static final TableRef T = TableRef.of("mysql", "db", "t");

  /** Batches [1], [2], [3]; then the end. */
  private static Source<Integer> threeBatches(List<String> closed) {
    return decision ->
        new Source.Cursor<>() {
          int next = 1;

          @Override
          public Batch<Integer> next() {
            if (next > 3) {
              return null;
            }
            int i = next++;
            return new Batch<>(List.of(i), Position.keyed("id", Integer.toString(i)));
          }

          @Override
          public void close() {
            closed.add("closed");
          }
        };
  }

  @Test
  void aSourceHandsOutKBatchesThenThrowsAndStillClosesItsCursor() {
    List<String> closed = new ArrayList<>();
    CrashAfter crash = CrashAfter.batches(2);
    List<Integer> read = new ArrayList<>();
    try (Source.Cursor<Integer> c =
        crash.source(threeBatches(closed)).open(ResumeDecision.fromStart(T))) {
      read.addAll(c.next().rows());
      read.addAll(c.next().rows());
      assertThatThrownBy(c::next)
          .isSameAs(crash.exception())
          .hasMessage("simulated crash after batch 2");
    }
    assertThat(read).containsExactly(1, 2);
    assertThat(closed).containsExactly("closed");
  }

  @Test
  void aSourceCrashingAfterItsLastBatchThrowsInsteadOfEnding() {
    CrashAfter crash = CrashAfter.batches(3);
    try (Source.Cursor<Integer> c =
        crash.source(threeBatches(new ArrayList<>())).open(ResumeDecision.fromStart(T))) {
      for (int i = 0; i < 3; i++) {
        assertThat(c.next()).isNotNull();
      }
      assertThatThrownBy(c::next).isSameAs(crash.exception());
    }
  }

  @Test
  void aSinkPassesOnKBatchesAndThrowsAtTheNextBeforePassingItOn() throws Exception {
    CrashAfter crash = CrashAfter.batches(1);
    List<Integer> written = new ArrayList<>();
    BatchSink<Integer> sink = crash.sink(written::addAll);
    sink.accept(List.of(1));
    assertThatThrownBy(() -> sink.accept(List.of(2))).isSameAs(crash.exception());
    assertThat(written).containsExactly(1);
  }

  @Test
  void zeroCrashesAtTheFirstBatchAndANegativeKIsRefused() {
    List<Integer> written = new ArrayList<>();
    BatchSink<Integer> sink = CrashAfter.batches(0).sink(written::addAll);
    assertThatThrownBy(() -> sink.accept(List.of(1))).isInstanceOf(CrashAfter.SimulatedCrash.class);
    assertThat(written).isEmpty();
    assertThatThrownBy(() -> CrashAfter.batches(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("k must be >= 0, was -1");
  }
}
