package dev.checkpoint.bench;

import dev.checkpoint.jdbc.Row;
import java.util.List;

/** Keeps the JIT from dropping reads whose values nobody uses. */
final class Blackhole {
  private static long sink;
  static volatile long published;

  private Blackhole() {}

  static void consume(long v) {
    sink ^= v;
  }

  static void consume(Object o) {
    sink ^= System.identityHashCode(o);
  }

  /** Touches the first value of each row, as a sink that looks at every row would. */
  static void rows(List<Row> rows) {
    long s = 0;
    for (Row r : rows) {
      s ^= ((Number) r.get(0)).longValue();
    }
    sink ^= s;
  }

  static void publish() {
    published = sink;
  }
}
