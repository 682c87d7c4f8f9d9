package dev.checkpoint.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One contender's measurements in one scenario on one database: a value per measured round, in
 * round order, so that ratios can be taken within a round. A failed round holds {@code NaN} and the
 * error in {@link #note}.
 */
final class Series {
  final String scenario;
  final String db;
  final String id;
  final String label;
  final String unit;
  final List<Double> values = new ArrayList<>();
  String note = "";

  Series(String scenario, String db, String id, String label, String unit) {
    this.scenario = scenario;
    this.db = db;
    this.id = id;
    this.label = label;
    this.unit = unit;
  }

  Series add(double value) {
    values.add(value);
    return this;
  }

  double median() {
    return median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  double min() {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  double max() {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /** Whether every round produced a finite number. */
  boolean complete() {
    return !values.isEmpty() && values.stream().allMatch(v -> Double.isFinite(v));
  }

  /** The median of this series over the reference's, taken round by round. */
  double ratioTo(Series reference) {
    int n = Math.min(values.size(), reference.values.size());
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      r[i] = values.get(i) / reference.values.get(i);
    }
    return median(r);
  }

  /** The median; {@code NaN} if any value is {@code NaN} (a failed round is not hidden). */
  static double median(double[] v) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double[] s = v.clone();
    for (double d : s) {
      if (Double.isNaN(d)) {
        return Double.NaN;
      }
    }
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }
}
