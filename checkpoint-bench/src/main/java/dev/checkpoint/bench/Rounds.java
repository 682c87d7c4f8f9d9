package dev.checkpoint.bench;

import java.util.List;
import java.util.Locale;

/**
 * Runs contenders interleaved, a, b, c, ..., a, b, c, ...: every round measures each contender
 * once, so that drift of a shared machine (another process, a warm cache, a checkpoint of the
 * database) falls on all of them alike, and a ratio taken within one round compares like with
 * like. A first round warms up (JIT, buffer pools, connections) and is not kept.
 */
final class Rounds {
  private Rounds() {}

  /** Ids to keep (empty: all), set once from the options. */
  static java.util.Set<String> only = java.util.Set.of();

  static void run(String title, List<Contender> all, int rounds) {
    List<Contender> contenders =
        only.isEmpty() ? all : all.stream().filter(c -> only.contains(c.series().id)).toList();
    for (int round = 0; round <= rounds; round++) {
      StringBuilder line = new StringBuilder();
      line.append(round == 0 ? "  warm-up  " : String.format(Locale.ROOT, "  round %d/%d", round, rounds));
      for (Contender c : contenders) {
        double v = once(c);
        if (round > 0) {
          c.series().add(v);
        }
        line.append("  ").append(c.series().id).append(' ').append(Report.compact(v));
      }
      System.out.println(line);
    }
    Blackhole.publish();
  }

  /** The contender's value, or {@code NaN} with the error noted when it fails. */
  private static double once(Contender c) {
    try {
      c.prepare();
      return c.measure();
    } catch (Exception e) {
      String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
      if (!c.series().note.contains(msg)) {
        c.series().note = (c.series().note.isEmpty() ? "" : c.series().note + "; ") + "failed: " + msg;
      }
      System.err.println("  " + c.series().id + " failed: " + msg);
      e.printStackTrace();
      return Double.NaN;
    }
  }
}
