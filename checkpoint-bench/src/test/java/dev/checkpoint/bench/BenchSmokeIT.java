package dev.checkpoint.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole benchmark on tiny sizes against the real databases, so that the runner cannot rot:
 * every scenario must produce a number for every contender, and the CSV and the chart must be
 * written. Databases are found as the integration tests find theirs (CHECKPOINT_MYSQL_URL /
 * CHECKPOINT_PG_URL, else the local servers); with none, it fails when CI is set and is skipped
 * loudly otherwise. The numbers themselves mean nothing at these sizes and are not checked.
 */
class BenchSmokeIT {
  private static final String SCHEMA = "checkpoint_bench_smoke";

  /** Every contender each scenario must report, per database. */
  private static final List<String> THROUGHPUT =
      List.of(
          "a",
          "b",
          "c",
          "c-async",
          "c-always",
          "d",
          "d-batch",
          "e",
          "e-tx",
          "w-raw",
          "w",
          "w-ahead",
          "w-tx",
          "f",
          "g",
          "h");

  @Test
  void runsEveryScenarioOnTinySizesAndWritesTheTableCsvAndChart(@TempDir Path out)
      throws Exception {
    for (Db.Kind kind : Db.Kind.values()) {
      try (Db db = Db.connect(kind, SCHEMA).orElse(null)) {
        if (db == null) {
          String message = "SKIPPED: no " + kind + " database for the benchmark smoke test";
          System.err.println("\n*** " + message + " ***\n");
          Assumptions.abort(message);
        }
      }
    }
    long t0 = System.nanoTime();
    Results r =
        Bench.run(
            BenchOptions.parse(
                "--rows",
                "2000",
                "--resume-rows",
                "2000",
                "--mongo-docs",
                "2000",
                "--store-tables",
                "10,50",
                "--record-calls",
                "400",
                "--long-run",
                "1500",
                "--rounds",
                "1",
                "--schema",
                SCHEMA,
                "--out",
                out.toString()));
    double seconds = (System.nanoTime() - t0) / 1e9;

    Map<String, Double> csv = seriesMedians(out.resolve("results.csv"));
    List<String> expected = new ArrayList<>();
    for (String db : List.of("MariaDB", "PostgreSQL")) {
      THROUGHPUT.forEach(id -> expected.add("throughput/" + db + "/" + id));
      for (int p : ResumeScenario.POINTS) {
        for (String c : List.of("key", "rowskip", "sb", "offset")) {
          expected.add("resume/" + db + "/" + c + "-" + p);
        }
      }
      expected.add("stores/" + db + "/jdbc-durable");
      expected.add("stores/" + db + "/jdbc-load-50");
      expected.add("stores/" + db + "/jdbc-bytes-50");
      expected.add("memory/" + db + "/copy");
    }
    expected.add("stores/PostgreSQL/jdbc-nofsync");
    for (String id :
        List.of(
            "fsync",
            "log-append",
            "log-never",
            "log-async",
            "log-always",
            "log-load-10",
            "log-load-50",
            "log-bytes-50",
            "longrun-10",
            "longrun-1000")) {
      expected.add("stores/disk/" + id);
    }
    for (String id : List.of("mongo", "mongo-load-50", "mongo-bytes-50")) {
      expected.add("stores/Mongo/" + id);
    }
    for (String id : List.of("raw", "keyed", "keyed-log")) {
      expected.add("mongo/Mongo/" + id);
    }
    assertThat(csv.keySet()).containsAll(expected);
    assertThat(csv.keySet()).as("not in the default run").noneMatch(k -> k.startsWith("workers/"));
    csv.forEach((key, median) -> assertThat(median).as(key).isFinite().isGreaterThanOrEqualTo(0.0));
    expected.stream()
        .filter(k -> !k.contains("-bytes-"))
        .forEach(k -> assertThat(csv.get(k)).as(k).isPositive());
    assertThat(r.checks).isNotEmpty();
    assertThat(r.checks)
        .allSatisfy(c -> assertThat(c.met()).as(c.target() + " " + c.db()).isNotNull());

    BufferedImage chart = ImageIO.read(out.resolve("chart.png").toFile());
    assertThat(chart).isNotNull();
    assertThat(chart.getWidth()).isGreaterThan(800);
    assertThat(seconds).as("smoke run seconds").isLessThan(60);
  }

  @Test
  void copiesTheTableWithOneTwoAndFourWorkersAndReportsTheRatioToOne(@TempDir Path out)
      throws Exception {
    for (Db.Kind kind : Db.Kind.values()) {
      try (Db db = Db.connect(kind, SCHEMA).orElse(null)) {
        if (db == null) {
          String message = "SKIPPED: no " + kind + " database for the benchmark smoke test";
          System.err.println("\n*** " + message + " ***\n");
          Assumptions.abort(message);
        }
      }
    }
    Bench.run(
        BenchOptions.parse(
            "--only",
            "workers",
            "--rows",
            "2000",
            "--rounds",
            "1",
            "--schema",
            SCHEMA,
            "--out",
            out.toString()));

    List<String> lines = Files.readAllLines(out.resolve("results.csv"), StandardCharsets.UTF_8);
    Map<String, List<String>> rows = new HashMap<>();
    for (String line : lines) {
      if (line.startsWith("series,")) {
        List<String> f = parseCsvLine(line);
        rows.put(f.get(1) + "/" + f.get(2) + "/" + f.get(3), f);
      }
    }
    List<String> expected = new ArrayList<>();
    for (String db : List.of("MariaDB", "PostgreSQL")) {
      for (String sink : List.of("up", "tx")) {
        for (int threads : WorkersScenario.THREADS) {
          expected.add("workers/" + db + "/" + sink + "-" + threads);
        }
      }
    }
    assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    for (String key : expected) {
      List<String> f = rows.get(key);
      assertThat(Double.parseDouble(f.get(6))).as(key + " rows/s").isFinite().isPositive();
      String id = f.get(3);
      if (id.endsWith("-1")) {
        assertThat(f.get(11)).as(key + " has no reference").isEmpty();
      } else {
        // the ratio is to the one-worker copy with the same sink
        assertThat(f.get(11)).as(key + " reference").isEqualTo(id.substring(0, 2) + "-1");
        assertThat(Double.parseDouble(f.get(12))).as(key + " ratio").isFinite().isPositive();
      }
    }
  }

  /** scenario/db/id to median, from the CSV's series lines. */
  private static Map<String, Double> seriesMedians(Path file) throws Exception {
    Map<String, Double> out = new HashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.startsWith("series,")) {
        continue;
      }
      List<String> f = parseCsvLine(line);
      out.put(f.get(1) + "/" + f.get(2) + "/" + f.get(3), Double.parseDouble(f.get(6)));
    }
    return out;
  }

  private static List<String> parseCsvLine(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          b.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          b.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(b.toString());
        b.setLength(0);
      } else {
        b.append(c);
      }
    }
    fields.add(b.toString());
    return fields;
  }
}
