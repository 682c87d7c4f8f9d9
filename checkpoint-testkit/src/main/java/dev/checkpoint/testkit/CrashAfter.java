package dev.checkpoint.testkit;

import dev.checkpoint.Batch;
import dev.checkpoint.BatchSink;
import dev.checkpoint.Source;

/**
 * A crash after batch {@code k}, for tests of resuming: a source that throws when asked for batch
 * {@code k + 1}, or a sink that throws when handed batch {@code k + 1}, before writing it. Batches
 * 1..k were delivered (and, with {@code CheckpointPolicy.everyBatch()}, committed), nothing after.
 * With {@code k} equal to the number of batches the source crashes after the last batch, before the
 * table is marked finished; the sink then never crashes.
 *
 * <pre>{@code
 * CrashAfter crash = CrashAfter.batches(3);
 * assertThatThrownBy(() -> cp.run(table, crash.source(source), sink)).isSameAs(crash.exception());
 * }</pre>
 */
public final class CrashAfter {
  /** What a crash throws; a type of its own so that no real failure is taken for it. */
  public static final class SimulatedCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param k the number of batches delivered before the crash
     */
    public SimulatedCrash(int k) {
      super("simulated crash after batch " + k);
    }
  }

  private final int k;
  private final SimulatedCrash crash;

  private CrashAfter(int k) {
    this.k = k;
    this.crash = new SimulatedCrash(k);
  }

  /**
   * A crash after {@code k} batches (0: before the first).
   *
   * @param k the number of batches delivered before the crash
   * @return the crash, whose wrappers are {@link #source} and {@link #sink}
   * @throws IllegalArgumentException if {@code k < 0}
   */
  public static CrashAfter batches(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0, was " + k);
    }
    return new CrashAfter(k);
  }

  /**
   * The exception every wrapper of this crash throws, for {@code isSameAs}.
   *
   * @return the one exception instance of this crash
   */
  public SimulatedCrash exception() {
    return crash;
  }

  /**
   * The source, except that each cursor it opens throws when asked for batch {@code k + 1}.
   *
   * @param <T> the row type
   * @param inner the source to wrap
   * @return a source that crashes after batch {@code k}
   */
  public <T> Source<T> source(Source<T> inner) {
    return decision -> {
      Source.Cursor<T> cursor = inner.open(decision);
      return new Source.Cursor<>() {
        int delivered;

        @Override
        public Batch<T> next() {
          if (delivered == k) {
            throw crash;
          }
          Batch<T> b = cursor.next();
          delivered++;
          return b;
        }

        @Override
        public void close() {
          cursor.close();
        }
      };
    };
  }

  /**
   * The sink, except that it throws when handed batch {@code k + 1}, before passing it on.
   *
   * @param <T> the row type
   * @param inner the sink to wrap
   * @return a sink that crashes when handed batch {@code k + 1}
   */
  public <T> BatchSink<T> sink(BatchSink<T> inner) {
    int[] handed = {0};
    return rows -> {
      if (handed[0]++ == k) {
        throw crash;
      }
      inner.accept(rows);
    };
  }
}
