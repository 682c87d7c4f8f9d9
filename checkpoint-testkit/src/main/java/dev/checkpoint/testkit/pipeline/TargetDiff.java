package dev.checkpoint.testkit.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows one target holds and another does not, counted as a multiset (exactly once: a row
 * written twice is an extra row) or as a set (at least once: duplicates are allowed).
 */
record TargetDiff(List<Object> missing, List<Object> extra) {
  /** How many rows of each kind the report lists. */
  static final int SHOWN = 10;

  static TargetDiff of(Collection<?> expected, Collection<?> actual, boolean multiset) {
    Map<Object, Integer> want = counts(expected, multiset);
    Map<Object, Integer> got = counts(actual, multiset);
    return new TargetDiff(minus(want, got), minus(got, want));
  }

  boolean same() {
    return missing.isEmpty() && extra.isEmpty();
  }

  /** Both lists, each bounded to {@link #SHOWN} rows, in words. */
  String describe() {
    StringBuilder out = new StringBuilder();
    list(out, "missing", "in the uninterrupted run's target, not in this one", missing);
    list(out, "extra", "in this target, not in the uninterrupted run's", extra);
    return out.toString();
  }

  private static void list(StringBuilder out, String name, String meaning, List<Object> rows) {
    out.append("  ").append(name).append(" (").append(rows.size());
    out.append(rows.size() == 1 ? " row " : " rows ");
    out.append(meaning).append(')').append(rows.isEmpty() ? ": none" : ":").append('\n');
    rows.stream()
        .map(TargetDiff::text)
        .sorted()
        .limit(SHOWN)
        .forEach(r -> out.append("    ").append(r).append('\n'));
    if (rows.size() > SHOWN) {
      out.append("    ... and ").append(rows.size() - SHOWN).append(" more\n");
    }
  }

  static String text(Object row) {
    if (row instanceof Object[] array) {
      return Arrays.deepToString(array);
    }
    return String.valueOf(row);
  }

  private static Map<Object, Integer> counts(Collection<?> rows, boolean multiset) {
    Map<Object, Integer> counts = new LinkedHashMap<>();
    for (Object row : rows) {
      Object key = row instanceof Object[] array ? Arrays.asList(array) : row;
      counts.merge(key, 1, multiset ? Integer::sum : (a, b) -> 1);
    }
    return counts;
  }

  private static List<Object> minus(Map<Object, Integer> a, Map<Object, Integer> b) {
    List<Object> out = new ArrayList<>();
    a.forEach(
        (row, n) -> {
          for (int i = b.getOrDefault(row, 0); i < n; i++) {
            out.add(row);
          }
        });
    return out;
  }
}
