package dev.checkpoint.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Everything one run measured, in the order it was measured, and the targets evaluated on it. */
final class Results {
  final List<Series> series = new ArrayList<>();
  final List<Check> checks = new ArrayList<>();

  /** Scenario titles with their settings, in run order, for the printed table. */
  final List<String[]> sections = new ArrayList<>();

  Series series(String scenario, String db, String id, String label, String unit) {
    Series s = new Series(scenario, db, id, label, unit);
    series.add(s);
    return s;
  }

  void section(String scenario, String db, String title) {
    sections.add(new String[] {scenario, db, title});
  }

  /** A measured series (one left out by {@code --ids} is not found). */
  Optional<Series> find(String scenario, String db, String id) {
    return measured()
        .filter(s -> s.scenario.equals(scenario) && s.db.equals(db) && s.id.equals(id))
        .findFirst();
  }

  List<Series> of(String scenario, String db) {
    return measured().filter(s -> s.scenario.equals(scenario) && s.db.equals(db)).toList();
  }

  /** The series that hold at least one round: all of them unless {@code --ids} left some out. */
  java.util.stream.Stream<Series> measured() {
    return series.stream().filter(s -> !s.values.isEmpty());
  }

  void check(Check c) {
    checks.add(c);
  }
}
