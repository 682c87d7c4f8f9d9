package dev.checkpoint.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 4: a KEY copy of the whole resume table in a child JVM limited to {@code -Xmx128m}
 * ({@link MemoryChild}); reports its peak heap, and whether it finished.
 */
final class MemoryScenario {
  static final String NAME = "memory";
  static final String HEAP = "-Xmx128m";
  static final String TARGET = "tgt_mem";

  private MemoryScenario() {}

  static void run(Db db, BenchOptions o, Results results, Path work) throws Exception {
    long rows = o.memoryRows();
    String table = DataGen.ensureSource(db, rows);
    results.section(
        NAME,
        db.label(),
        String.format(
            "4. Memory: %s, KEY copy of %,d rows (%s) into a table, Checkpointer + log store, in a"
                + " child JVM with %s; peak heap used (sampled every 5 ms)",
            db, rows, table, HEAP));
    DataGen.recreateTarget(db, TARGET);
    Path dir = Files2.freshDir(work.resolve("memory-" + db.kind.id));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                HEAP,
                "-cp",
                System.getProperty("java.class.path"),
                MemoryChild.class.getName(),
                "--db",
                db.kind.id,
                "--url",
                db.url,
                "--schema",
                db.schema,
                "--source",
                table,
                "--rows",
                String.valueOf(rows),
                "--target",
                TARGET,
                "--dir",
                dir.toString(),
                "--batch",
                String.valueOf(o.batchSize()),
                "--fetch",
                String.valueOf(o.fetchSize())));
    Series s =
        results.series(
            NAME,
            db.label(),
            "copy",
            "KEY copy of " + String.format("%,d", rows) + " rows in " + HEAP,
            "MB");
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<String> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        out.add(line);
      }
    }
    long limit = 120 + rows / 10_000;
    if (!p.waitFor(limit, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      s.add(Double.NaN).note = "did not finish in " + limit + " s";
      return;
    }
    String result = out.stream().filter(l -> l.startsWith("RESULT ")).findFirst().orElse(null);
    if (p.exitValue() != 0 || result == null) {
      s.add(Double.NaN).note = "FAILED (exit " + p.exitValue() + "): " + String.join(" | ", out);
      System.out.println("  memory copy failed: exit " + p.exitValue() + " " + out);
      return;
    }
    Map<String, String> v = new HashMap<>();
    for (String kv : result.substring(7).split(" ")) {
      String[] parts = kv.split("=", 2);
      v.put(parts[0], parts[1]);
    }
    double mb = 1024 * 1024;
    double seconds = Double.parseDouble(v.get("seconds"));
    s.add(Long.parseLong(v.get("sampledPeak")) / mb);
    s.note =
        String.format(
            "finished: %,d rows in %.1f s (%,.0f rows/s); heap limit %.0f MB; largest live heap after a GC %.1f MB; %s GCs",
            Long.parseLong(v.get("rows")),
            seconds,
            Long.parseLong(v.get("rows")) / seconds,
            Long.parseLong(v.get("maxHeap")) / mb,
            Long.parseLong(v.get("liveAfterGc")) / mb,
            v.get("gcs"));
    System.out.println("  " + s.note);
    db.exec("DROP TABLE IF EXISTS " + db.qualified(TARGET));
    Files2.delete(dir);
  }
}
