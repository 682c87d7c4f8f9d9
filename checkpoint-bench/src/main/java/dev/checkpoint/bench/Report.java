package dev.checkpoint.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The printed tables and results.csv. */
final class Report {
  /** Per scenario, the contenders every other one is shown as a ratio of. */
  private static final Map<String, List<String>> REFERENCES =
      Map.of(ThroughputScenario.NAME, List.of("a", "b"), MongoScenario.NAME, List.of("raw"));

  private Report() {}

  /** A short form for progress lines: 1.62M, 845k, 2.31. */
  static String compact(double v) {
    if (Double.isNaN(v)) {
      return "FAILED";
    }
    double a = Math.abs(v);
    if (a >= 1e6) {
      return String.format(Locale.ROOT, "%.2fM", v / 1e6);
    }
    if (a >= 1e4) {
      return String.format(Locale.ROOT, "%.0fk", v / 1e3);
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** A value in its unit's usual precision. */
  static String value(double v, String unit) {
    if (Double.isNaN(v)) {
      return "FAILED";
    }
    switch (unit) {
      case "rows/s":
      case "docs/s":
      case "bytes":
        return String.format(Locale.ROOT, "%,.0f", v);
      case "MB":
        return String.format(Locale.ROOT, "%.1f", v);
      case "x":
        return String.format(Locale.ROOT, "%.2f", v);
      default:
        return v >= 100
            ? String.format(Locale.ROOT, "%,.0f", v)
            : String.format(Locale.ROOT, "%.2f", v);
    }
  }

  static String ratio(double r) {
    return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.2fx", r);
  }

  static void print(Results results, PrintStream out) {
    for (String[] section : results.sections) {
      String scenario = section[0];
      String db = section[1];
      List<Series> rows = rowsOf(results, scenario, db);
      if (rows.isEmpty()) {
        continue;
      }
      out.println();
      out.println("## " + section[2]);
      List<String> refs = REFERENCES.getOrDefault(scenario, List.of());
      boolean workers = scenario.equals(WorkersScenario.NAME);
      List<String> header =
          new ArrayList<>(List.of("id", "contender", "median", "unit", "min-max"));
      for (String r : refs) {
        header.add("x (" + r + ")");
      }
      if (workers) {
        header.add("x (1 worker)");
      }
      header.add("note");
      List<List<String>> table = new ArrayList<>();
      table.add(header);
      for (Series s : rows) {
        List<String> row = new ArrayList<>();
        row.add(s.id);
        row.add(scenario.equals(StoreScenario.NAME) ? s.db + ": " + s.label : s.label);
        row.add(value(s.median(), s.unit));
        row.add(s.unit);
        row.add(s.values.size() > 1 ? value(s.min(), s.unit) + " - " + value(s.max(), s.unit) : "");
        for (String r : refs) {
          row.add(results.find(scenario, s.db, r).map(ref -> ratio(s.ratioTo(ref))).orElse("-"));
        }
        if (workers) {
          row.add(
              results
                  .find(scenario, s.db, WorkersScenario.reference(s.id))
                  .map(ref -> ratio(s.ratioTo(ref)))
                  .orElse("-"));
        }
        row.add(s.note.length() > 160 ? s.note.substring(0, 157) + "..." : s.note);
        table.add(row);
      }
      printTable(table, out);
    }
    out.println();
    out.println("## Targets (ratios are medians of per-round ratios)");
    List<List<String>> table = new ArrayList<>();
    table.add(List.of("target", "db", "measured", "required", "result", "note"));
    for (Check c : results.checks) {
      table.add(List.of(c.target(), c.db(), c.measured(), c.required(), c.verdict(), c.note()));
    }
    printTable(table, out);
  }

  /**
   * The series of a section: a database's own, or for the store sections every series whose id
   * belongs to that part (record, load, long run), whatever the database.
   */
  static List<Series> rowsOf(Results results, String scenario, String db) {
    if (!scenario.equals(StoreScenario.NAME)) {
      return results.of(scenario, db);
    }
    return results
        .measured()
        .filter(s -> s.scenario.equals(scenario) && StoreScenario.part(s.id).equals(db))
        .collect(Collectors.toList());
  }

  /** A Markdown table, columns padded so it also reads as plain text. */
  static void printTable(List<List<String>> rows, PrintStream out) {
    int cols = rows.get(0).size();
    int[] w = new int[cols];
    for (List<String> r : rows) {
      for (int i = 0; i < cols; i++) {
        w[i] = Math.max(w[i], r.get(i).length());
      }
    }
    for (int n = 0; n < rows.size(); n++) {
      List<String> r = rows.get(n);
      StringBuilder b = new StringBuilder("|");
      for (int i = 0; i < cols; i++) {
        b.append(' ').append(pad(r.get(i), w[i])).append(" |");
      }
      out.println(b.toString().stripTrailing());
      if (n == 0) {
        StringBuilder sep = new StringBuilder("|");
        for (int i = 0; i < cols; i++) {
          sep.append(' ').append("-".repeat(Math.max(3, w[i]))).append(" |");
        }
        out.println(sep);
      }
    }
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(Math.max(0, w - s.length()));
  }

  /** Every series (one line each, with its rounds) and every target, as CSV. */
  static void writeCsv(Results results, Path file) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append(
        "kind,scenario,db,id,label,unit,median,min,max,rounds,values,ratio_to,ratio,required,result,note\n");
    for (Series s : results.measured().toList()) {
      List<String> refs = REFERENCES.getOrDefault(s.scenario, List.of());
      String refId =
          s.scenario.equals(WorkersScenario.NAME)
              ? WorkersScenario.reference(s.id)
              : refs.isEmpty() || refs.get(0).equals(s.id) ? "" : refs.get(0);
      refId = refId.equals(s.id) ? "" : refId;
      String ratio =
          refId.isEmpty()
              ? ""
              : results.find(s.scenario, s.db, refId).map(r -> num(s.ratioTo(r))).orElse("");
      b.append(
          String.join(
              ",",
              "series",
              s.scenario,
              csv(s.db),
              csv(s.id),
              csv(s.label),
              csv(s.unit),
              num(s.median()),
              num(s.min()),
              num(s.max()),
              String.valueOf(s.values.size()),
              csv(s.values.stream().map(Report::num).collect(Collectors.joining(";"))),
              refId,
              ratio,
              "",
              "",
              csv(s.note)));
      b.append('\n');
    }
    for (Check c : results.checks) {
      b.append(
          String.join(
              ",",
              "target",
              "",
              csv(c.db()),
              "",
              csv(c.target()),
              "",
              "",
              "",
              "",
              "",
              "",
              "",
              csv(c.measured()),
              csv(c.required()),
              csv(c.verdict()),
              csv(c.note())));
      b.append('\n');
    }
    Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.6g", v);
  }

  private static String csv(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
