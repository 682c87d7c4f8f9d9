package dev.checkpoint.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs {@link GeneratedRecordsCopy} as a real child process, kills it with SIGKILL part-way, starts
 * it again, and checks that every record landed exactly once.
 */
public final class CrashResumeDemo {
  private CrashResumeDemo() {}

  /** {@code CrashResumeDemo [WORK_DIR] [TOTAL]}; exits 0 when the check passes, 1 otherwise. */
  public static void main(String[] args) throws Exception {
    Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("checkpoint-demo-");
    long total = args.length > 1 ? Long.parseLong(args[1]) : 200_000;
    System.exit(run(work, total) ? 0 : 1);
  }

  static boolean run(Path work, long total) throws Exception {
    int batchSize = 1_000;
    System.out.println(
        "Copying " + total + " generated records in batches of " + batchSize + " into " + work);
    Process first = start(work, total, batchSize, 5);
    Path positionLog = work.resolve("logs/position.log");
    long killAt = total / 3;
    long seen = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (seen < killAt && first.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
      seen = lastRecordedId(positionLog);
    }
    if (!first.isAlive()) {
      System.out.println(
          "FAILED: the first run ended before it could be killed (exit " + first.exitValue() + ")");
      return false;
    }
    first.destroyForcibly(); // SIGKILL: no shutdown hooks, no final flush
    first.waitFor();
    long atKill = lastRecordedId(positionLog);
    System.out.println("Killed the copy (SIGKILL) after record " + atKill + " was checkpointed.");
    System.out.println("Starting it again: it resumes after the last checkpointed record.");
    Process second = start(work, total, batchSize, 0);
    if (!second.waitFor(300, TimeUnit.SECONDS) || second.exitValue() != 0) {
      System.out.println("FAILED: the resumed run did not finish cleanly");
      return false;
    }
    return verify(work, total);
  }

  private static Process start(Path work, long total, int batchSize, long pause)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(GeneratedRecordsCopy.class.getName());
    cmd.add(work.toString());
    cmd.add(Long.toString(total));
    cmd.add(Integer.toString(batchSize));
    cmd.add(Long.toString(pause));
    return new ProcessBuilder(cmd).inheritIO().start();
  }

  /** The id in the last complete line of position.log, 0 if none yet. */
  static long lastRecordedId(Path positionLog) throws IOException {
    if (!Files.exists(positionLog)) {
      return 0;
    }
    String text = Files.readString(positionLog, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    if (end < 0) {
      return 0;
    }
    int start = text.lastIndexOf('\n', end - 1) + 1;
    String line = text.substring(start, end);
    int v = line.lastIndexOf("\"value\":\"");
    return v < 0 ? 0 : Long.parseLong(line.substring(v + 9, line.indexOf('"', v + 9)));
  }

  /** Every id 1..total exactly once across the target files, and nothing else. */
  static boolean verify(Path work, long total) throws IOException {
    BitSet seen = new BitSet();
    long rows = 0;
    long duplicates = 0;
    long foreign = 0;
    try (Stream<Path> files = Files.list(work.resolve("target"))) {
      for (Path f : (Iterable<Path>) files.sorted()::iterator) {
        if (!f.getFileName().toString().endsWith(".csv")) {
          continue;
        }
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
          String line;
          while ((line = r.readLine()) != null) {
            rows++;
            long id = Long.parseLong(line.substring(0, line.indexOf(',')));
            String expected = id + "," + Long.toHexString(id * 0x9E3779B97F4A7C15L);
            if (id < 1 || id > total || !line.equals(expected)) {
              foreign++;
            } else if (seen.get((int) id)) {
              duplicates++;
            } else {
              seen.set((int) id);
            }
          }
        }
      }
    }
    long missing = total - seen.cardinality();
    System.out.printf(
        "Verification: source %d records, target %d rows, missing %d, repeated %d, wrong %d%n",
        total, rows, missing, duplicates, foreign);
    System.out.println("Position files: " + work.resolve("logs"));
    boolean ok = missing == 0 && duplicates == 0 && foreign == 0 && rows == total;
    System.out.println(
        ok ? "OK: nothing lost, nothing repeated." : "FAILED: target differs from source.");
    return ok;
  }
}
