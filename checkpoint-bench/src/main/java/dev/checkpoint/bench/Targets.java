package dev.checkpoint.bench;

import java.util.Locale;
import java.util.Optional;

/**
 * The targets, evaluated on one run's results. Nothing is evaluated on numbers from
 * elsewhere.
 */
final class Targets {
  private Targets() {}

  static void evaluate(Results r, BenchOptions o) {
    for (String db :
        r.measured()
            .filter(s -> s.scenario.equals(ThroughputScenario.NAME))
            .map(s -> s.db)
            .distinct()
            .toList()) {
      ratio(
          r,
          ThroughputScenario.NAME,
          db,
          "c",
          "a",
          0.90,
          "(c) KEY + log store, default policy >= 0.90 x raw stream (a)");
      ratio(
          r,
          ThroughputScenario.NAME,
          db,
          "c",
          "b",
          0.98,
          "(c) default policy >= 0.98 x KEY without checkpoints (b)");
      ratio(
          r,
          ThroughputScenario.NAME,
          db,
          "c-async",
          "b",
          0.95,
          "(c) durable position every batch (ASYNC) >= 0.95 x (b)");
      ratio(r, ThroughputScenario.NAME, db, "d", "b", 0.95, "(d) KEY + JDBC store >= 0.95 x (b)");
      ratio(
          r,
          ThroughputScenario.NAME,
          db,
          "e-tx",
          "e",
          0.95,
          "(e) copy with position in the batch's transaction >= 0.95 x without");
      ratio(
          r,
          ThroughputScenario.NAME,
          db,
          "w",
          "w-raw",
          0.90,
          "(w) library copy (KEY + JdbcSinks + log store) >= 0.90 x the fastest copy without it (w-raw)");
      ratio(
          r,
          ThroughputScenario.NAME,
          db,
          "w-tx",
          "w",
          0.95,
          "(w-tx) exactly-once copy >= 0.95 x the at-least-once copy (w)");
      ratio(r, ThroughputScenario.NAME, db, "c", "f", 3.0, "(c) >= 3 x Spring Batch paging (f)");
      ratio(r, ThroughputScenario.NAME, db, "c", "g", 3.0, "(c) >= 3 x Spring Batch cursor (g)");
    }
    for (String db :
        r.measured()
            .filter(s -> s.scenario.equals(MongoScenario.NAME))
            .map(s -> s.db)
            .distinct()
            .toList()) {
      ratio(
          r,
          MongoScenario.NAME,
          db,
          "keyed-log",
          "raw",
          0.90,
          "Mongo keyed (+ log store, default policy) >= 0.90 x raw find");
    }
    for (String db :
        r.measured()
            .filter(s -> s.scenario.equals(ResumeScenario.NAME))
            .map(s -> s.db)
            .distinct()
            .toList()) {
      double worst = Double.NEGATIVE_INFINITY;
      String where = "";
      boolean complete = true;
      for (int p : ResumeScenario.POINTS) {
        Optional<Series> s = r.find(ResumeScenario.NAME, db, "key-" + p);
        if (s.isEmpty() || !s.get().complete()) {
          complete = false;
          continue;
        }
        if (s.get().median() > worst) {
          worst = s.get().median();
          where = p + " %";
        }
      }
      r.check(
          new Check(
              "KEY resume: first row <= 5 ms at 10/50/90 %",
              db,
              complete ? String.format(Locale.ROOT, "%.2f ms", worst) : "-",
              "<= 5 ms",
              complete ? worst <= 5.0 : null,
              complete ? "slowest median, at " + where : "a resume point failed"));
      ratio(
          r,
          ResumeScenario.NAME,
          db,
          "key-90",
          "key-10",
          1.5,
          false,
          "KEY resume flat: 90 % vs 10 %  <= 1.5 x");
    }
    String disk = StoreScenario.DISK;
    r.find(StoreScenario.NAME, disk, "log-never")
        .ifPresent(
            s ->
                max(
                    r,
                    s,
                    5.0,
                    "us",
                    "log store record <= 5 us without fsync (NEVER)",
                    r.find(StoreScenario.NAME, disk, "log-append")
                        .map(
                            a ->
                                "the append alone (compaction off): "
                                    + Report.value(a.median(), a.unit)
                                    + " "
                                    + a.unit)
                        .orElse("")));
    int most = o.storeTables().stream().mapToInt(Integer::intValue).max().orElse(0);
    String atMost = most == 10_000 ? "" : "measured at " + most + " tables, not 10,000";
    r.find(StoreScenario.NAME, disk, "log-load-" + most)
        .ifPresent(s -> max(r, s, 200, "ms", "log store: load of 10,000 tables <= 200 ms", atMost));
    for (int tables : new int[] {10, 1_000}) {
      r.find(StoreScenario.NAME, disk, "longrun-" + tables)
          .ifPresent(
              s ->
                  max(
                      r,
                      s,
                      2.0,
                      "x",
                      "position.log <= 2 x its compacted size (" + tables + " tables)",
                      s.note));
    }
    for (String db :
        r.measured()
            .filter(s -> s.scenario.equals(StoreScenario.NAME) && s.id.startsWith("jdbc-bytes-"))
            .map(s -> s.db)
            .distinct()
            .toList()) {
      r.find(StoreScenario.NAME, db, "jdbc-bytes-" + most)
          .ifPresent(
              s -> {
                double per = s.median() / most;
                r.check(
                    new Check(
                        "JDBC store <= 300 bytes per table",
                        db,
                        String.format(Locale.ROOT, "%.0f bytes", per),
                        "<= 300 bytes",
                        Double.isNaN(per) ? null : per <= 300,
                        (atMost.isEmpty() ? "" : atMost + "; ") + "table + indexes / tables"));
              });
      r.find(StoreScenario.NAME, db, "jdbc-load-" + most)
          .ifPresent(
              s -> max(r, s, 300, "ms", "JDBC store: load of 10,000 tables <= 300 ms", atMost));
    }
    for (Series s : r.measured().toList()) {
      if (s.scenario.equals(MemoryScenario.NAME)) {
        boolean ok = s.complete();
        long rows = o.memoryRows();
        r.check(
            new Check(
                "10M-row KEY copy runs in -Xmx128m",
                s.db,
                ok ? String.format(Locale.ROOT, "peak %.1f MB", s.median()) : "failed",
                "finishes in -Xmx128m",
                ok,
                rows == 10_000_000
                    ? ""
                    : String.format(Locale.ROOT, "measured with %,d rows, not 10M", rows)));
      }
    }
  }

  private static void ratio(
      Results r, String scenario, String db, String x, String ref, double min, String text) {
    ratio(r, scenario, db, x, ref, min, true, text);
  }

  /** A ratio target; {@code atLeast} false means the ratio must stay at or below the bound. */
  private static void ratio(
      Results r,
      String scenario,
      String db,
      String x,
      String ref,
      double bound,
      boolean atLeast,
      String text) {
    Optional<Series> a = r.find(scenario, db, x);
    Optional<Series> b = r.find(scenario, db, ref);
    if (a.isEmpty() || b.isEmpty()) {
      return;
    }
    double q = a.get().ratioTo(b.get());
    String required = (atLeast ? ">= " : "<= ") + String.format(Locale.ROOT, "%.2fx", bound);
    Boolean met = Double.isNaN(q) ? null : atLeast ? q >= bound : q <= bound;
    String note =
        String.format(
            Locale.ROOT,
            "%s %s / %s %s",
            x,
            Report.value(a.get().median(), a.get().unit),
            ref,
            Report.value(b.get().median(), b.get().unit));
    r.check(new Check(text, db, String.format(Locale.ROOT, "%.3fx", q), required, met, note));
  }

  private static void max(
      Results r, Series s, double bound, String unit, String text, String note) {
    double v = s.median();
    r.check(
        new Check(
            text,
            s.db,
            Report.value(v, s.unit) + " " + s.unit,
            "<= " + Report.value(bound, s.unit) + " " + s.unit,
            Double.isNaN(v) ? null : v <= bound,
            note));
  }
}
