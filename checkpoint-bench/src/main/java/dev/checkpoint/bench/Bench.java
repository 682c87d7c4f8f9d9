package dev.checkpoint.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Runs the scenarios the options ask for, then prints the tables and writes the CSV and chart. */
final class Bench {
  private Bench() {}

  @FunctionalInterface
  private interface Part {
    void run() throws Exception;
  }

  private static void timed(String name, Part part) throws Exception {
    System.out.println("\n== " + name + " (load " + Machine.load() + ")");
    long t0 = System.nanoTime();
    part.run();
    System.out.printf("  %s took %.0f s%n", name, (System.nanoTime() - t0) / 1e9);
  }

  static Results run(BenchOptions o) throws Exception {
    long t0 = System.nanoTime();
    Files.createDirectories(o.out());
    Path work = Files2.freshDir(o.out().resolve("work"));
    String started = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"));
    String loadBefore = Machine.load();
    Results r = new Results();
    Rounds.only = o.ids();
    List<Db> dbs = new ArrayList<>();
    MongoEnv mongo = null;
    try {
      for (String id : o.databases()) {
        Db.connect(Db.Kind.of(id), o.schema()).ifPresent(dbs::add);
      }
      System.out.println("Checkpoint benchmark, " + started);
      System.out.println("machine: " + Machine.describe() + "; load " + loadBefore);
      for (Db db : dbs) {
        System.out.println("database: " + db + " (" + db.kind.id + ", " + db.schema + ")");
      }
      if (o.runs("stores") || o.runs("mongo")) {
        mongo = MongoEnv.start();
        System.out.println("mongo: " + mongo.label);
      }
      MongoEnv m = mongo;
      for (Db db : dbs) {
        if (o.runs("throughput")) {
          timed("throughput, " + db, () -> ThroughputScenario.run(db, o, r, work));
        }
        if (o.runs("resume")) {
          timed("resume, " + db, () -> ResumeScenario.run(db, o, r));
        }
      }
      if (o.runs("stores")) {
        timed("stores: record", () -> StoreScenario.record(r, dbs, m, o, work));
        timed("stores: load", () -> StoreScenario.load(r, dbs, m, o, work));
        timed("stores: long run", () -> StoreScenario.longRun(r, o, work));
      }
      if (o.runs("mongo")) {
        timed("mongo", () -> MongoScenario.run(m, o, r, work));
      }
      if (o.runs("workers")) {
        for (Db db : dbs) {
          timed("workers, " + db, () -> WorkersScenario.run(db, o, r));
        }
      }
      if (o.runs("memory")) {
        for (Db db : dbs) {
          timed("memory, " + db, () -> MemoryScenario.run(db, o, r, work));
        }
      }
    } finally {
      if (mongo != null) {
        mongo.close();
      }
      for (Db db : dbs) {
        db.close();
      }
      Files2.delete(work);
    }
    Targets.evaluate(r, o);
    double minutes = (System.nanoTime() - t0) / 60e9;
    String machine = Machine.describe();
    StringBuilder dbText = new StringBuilder();
    for (Db db : dbs) {
      dbText.append(dbText.length() == 0 ? "" : ", ").append(db);
    }
    String header =
        String.format(
            "Run %s, %.1f min; %s; databases %s; load average %s at start, %s at end",
            started, minutes, machine, dbText, loadBefore, Machine.load());
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.println();
    out.println("# Results");
    out.println(header);
    Report.print(r, out);
    Report.writeCsv(r, o.out().resolve("results.csv"));
    Chart.write(r, header, o.out().resolve("chart.png"));
    out.println();
    out.println("wrote " + o.out().resolve("results.csv") + " and " + o.out().resolve("chart.png"));
    return r;
  }
}
