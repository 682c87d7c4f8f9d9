package dev.checkpoint.bench;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs contenders interleaved, a, b, c, ..., a, b, c, ...: every round measures each contender
 * once, so that drift of a shared machine (another process, a warm cache, a checkpoint of the
 * database) falls on all of them alike, and a ratio taken within one round compares like with like.
 * A first round warms up (JIT, buffer pools, connections) and is not kept.
 */
final class Rounds {
  private Rounds() {}

  /** Ids to keep (empty: all), set once from the options. */
  static Set<String> only = Set.of();

  static void run(String title, List<Contender> all, int rounds) {
    run(title, all, 1, List.of(), rounds);
  }

  /**
   * Each round runs the quick contenders {@code repeats} times, interleaved (a, b, c, a, b, c,
   * ...), and keeps each one's median as its value for the round; then the slow ones once each.
   * Quick contenders are those whose ratios to each other must be precise to a percent or two:
   * repeating them inside the round narrows their spread without leaving the round.
   */
  static void run(
      String title, List<Contender> quick, int repeats, List<Contender> slow, int rounds) {
    List<Contender> q = kept(quick);
    List<Contender> s = kept(slow);
    if (q.isEmpty() && s.isEmpty()) {
      return;
    }
    for (int round = 0; round <= rounds; round++) {
      StringBuilder line = new StringBuilder();
      line.append(
          round == 0 ? "  warm-up  " : String.format(Locale.ROOT, "  round %d/%d", round, rounds));
      double[][] reps = new double[q.size()][repeats];
      for (int r = 0; r < repeats; r++) {
        for (int i = 0; i < q.size(); i++) {
          reps[i][r] = once(q.get(i));
        }
      }
      for (int i = 0; i < q.size(); i++) {
        keep(q.get(i), Series.median(reps[i]), round, line);
      }
      for (Contender c : s) {
        keep(c, once(c), round, line);
      }
      System.out.println(line);
    }
    Blackhole.publish();
  }

  private static List<Contender> kept(List<Contender> cs) {
    return only.isEmpty() ? cs : cs.stream().filter(c -> only.contains(c.series().id)).toList();
  }

  private static void keep(Contender c, double v, int round, StringBuilder line) {
    if (round > 0) {
      c.series().add(v);
    }
    line.append("  ").append(c.series().id).append(' ').append(Report.compact(v));
  }

  /** The contender's value, or {@code NaN} with the error noted when it fails. */
  private static double once(Contender c) {
    try {
      c.prepare();
      return c.measure();
    } catch (Exception e) {
      String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
      if (!c.series().note.contains(msg)) {
        c.series().note =
            (c.series().note.isEmpty() ? "" : c.series().note + "; ") + "failed: " + msg;
      }
      System.err.println("  " + c.series().id + " failed: " + msg);
      e.printStackTrace();
      return Double.NaN;
    }
  }
}
