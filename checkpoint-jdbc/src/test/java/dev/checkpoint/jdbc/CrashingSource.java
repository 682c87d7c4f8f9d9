package dev.checkpoint.jdbc;

import dev.checkpoint.Batch;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;

/**
 * Delegates to a source and "crashes" when asked for batch {@code k + 1}: batches 1..k were
 * delivered and committed, nothing after. With {@code k} equal to the number of batches the crash
 * comes after the last batch, before the table is marked finished.
 */
final class CrashingSource<T> implements Source<T> {
  static final class SimulatedCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SimulatedCrash(int k) {
      super("simulated crash after batch " + k);
    }
  }

  private final Source<T> inner;
  private final int k;

  CrashingSource(Source<T> inner, int k) {
    this.inner = inner;
    this.k = k;
  }

  @Override
  public Cursor<T> open(ResumeDecision decision) {
    Cursor<T> c = inner.open(decision);
    return new Cursor<>() {
      int delivered;

      @Override
      public Batch<T> next() {
        if (delivered == k) {
          throw new SimulatedCrash(k);
        }
        Batch<T> b = c.next();
        delivered++;
        return b;
      }

      @Override
      public void close() {
        c.close();
      }
    };
  }
}
