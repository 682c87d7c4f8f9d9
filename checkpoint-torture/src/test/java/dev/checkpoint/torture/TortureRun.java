package dev.checkpoint.torture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.testkit.ChildJvm;
import dev.checkpoint.torture.KillPoint.Where;
import dev.checkpoint.torture.TortureData.Comparison;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One mode on one database, tortured: rounds of a fresh target and a fresh task, each copied by
 * child JVMs that are killed with SIGKILL (at a random moment, or parked at a chosen kill point, or
 * while position.log.tmp exists) and started again until a run ends by itself; then the target is
 * compared with the source. Rounds go on until the mode's kill budget is spent.
 */
final class TortureRun {
  /** Children are killed long before the top compiler would pay off; they start faster without. */
  private static final List<String> JVM =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Xshare:auto");

  private static final long RANDOM_KILL_MAX_MILLIS = 800;

  private final Mode mode;
  private final Side side;
  private final Path dir;
  private final String classpath;
  private final int budget;
  private final Figures.Line line;
  private final Random random;
  private final List<Process> started = new ArrayList<>();
  private int runs;

  /** A child and the file its output goes to. */
  private record Child(Process process, Path output) {}

  TortureRun(
      Mode mode, Side side, Path dir, String classpath, int budget, Figures.Line line, long seed) {
    this.mode = mode;
    this.side = side;
    this.dir = dir;
    this.classpath = classpath;
    this.budget = budget;
    this.line = line;
    this.random = new Random(seed);
  }

  void run() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10 + budget);
    try {
      while (line.rounds == 0 || line.kills < budget) {
        round();
        assertThat(System.nanoTime()).as("%s: time left for the kills", mode).isLessThan(deadline);
      }
    } finally {
      for (Process p : started) {
        p.destroyForcibly();
      }
    }
  }

  private void round() throws Exception {
    int round = ++line.rounds;
    side.freshTarget(mode);
    String task = mode.name().toLowerCase(Locale.ROOT) + "-" + round;
    String store = side.store(mode, round, dir);
    int before = line.kills;
    if (mode.processes == 1) {
      oneProcess(task, store);
    } else {
      workers(task, store);
    }
    int kills = line.kills - before;
    Comparison c = side.compare(mode);
    line.rowsCopied += TortureData.ROWS;
    line.missing += c.missing();
    line.extra += c.extra();
    line.delivered += c.duplicated();
    line.bound += kills * mode.redeliveryBoundPerKill();
    String what = mode + " on " + line.db + ", round " + round + " (" + kills + " kills)";
    System.out.printf("%s: %s%n", what, c);
    assertThat(c.missing()).as("%s: source rows missing from the target", what).isZero();
    assertThat(c.extra()).as("%s: target rows that are not in the source", what).isZero();
    if (mode.exactlyOnce) {
      assertThat(c.duplicated()).as("%s: rows delivered twice, exactly-once", what).isZero();
    } else {
      assertThat(c.duplicated())
          .as("%s: rows delivered again, at most the batches after the last position", what)
          .isLessThanOrEqualTo(kills * mode.redeliveryBoundPerKill());
    }
  }

  /** Kills one child after another until one ends by itself (or the budget is spent). */
  private void oneProcess(String task, String store) throws Exception {
    while (true) {
      if (line.kills >= budget) {
        endsCleanly(start(task, store, "none", "w0"));
        return;
      }
      // The broken pipeline is killed at its kill point only: where it loses a batch every time.
      boolean compaction =
          mode.logStore() && !mode.chunked() && !mode.broken() && random.nextInt(4) == 0;
      boolean chosen = mode.broken() || (!compaction && random.nextBoolean());
      Where where = mode.chosen.get(random.nextInt(mode.chosen.size()));
      // From the 2nd write on, the broken pipeline holds a batch whose position landed.
      int nth = (mode.broken() ? 2 : 1) + random.nextInt(8);
      String spec = chosen ? where.arg() + ":" + nth : "none";
      Child child = start(task, store, spec, "w0");
      boolean killed =
          compaction
              ? killInCompaction(child, Path.of(store))
              : chosen ? killAtMarker(child, where) : killRandomly(child);
      if (!killed) {
        endsCleanly(child);
        return;
      }
    }
  }

  /**
   * The worker processes of a chunked task, one killed at a time and started again (half the time
   * with a kill point armed, which is then killed there), until the budget is spent; then all run
   * to the end.
   */
  private void workers(String task, String store) throws Exception {
    Child[] workers = new Child[mode.processes];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = start(task, store, "none", "w" + i);
    }
    awaitStarted(workers[0]);
    while (line.kills < budget) {
      int i = random.nextInt(workers.length);
      if (!workers[i].process().isAlive()) {
        endsCleanly(workers[i]); // a worker ends once every chunk is finished: the round is done
        break;
      }
      Thread.sleep(random.nextLong(RANDOM_KILL_MAX_MILLIS));
      if (!kill(workers[i])) {
        endsCleanly(workers[i]);
        break;
      }
      line.randomKills++;
      if (random.nextBoolean()) {
        Where where = mode.chosen.get(random.nextInt(mode.chosen.size()));
        workers[i] = start(task, store, where.arg() + ":" + (1 + random.nextInt(8)), "w" + i);
        if (!killAtMarker(workers[i], where)) {
          endsCleanly(workers[i]);
          break;
        }
      }
      workers[i] = start(task, store, "none", "w" + i);
    }
    // Every killed worker was started again: each one left ends by itself.
    for (Child w : workers) {
      endsCleanly(w);
    }
  }

  private boolean killRandomly(Child child) throws Exception {
    if (!awaitStarted(child)) {
      return false;
    }
    Thread.sleep(random.nextLong(RANDOM_KILL_MAX_MILLIS));
    if (!kill(child)) {
      return false;
    }
    line.randomKills++;
    return true;
  }

  /** Waits for the child to park at its kill point, then kills it there. */
  private boolean killAtMarker(Child child, Where where) throws Exception {
    long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!output(child).contains("KILLPOINT")) {
      if (!child.process().isAlive()) {
        return false;
      }
      assertThat(System.nanoTime()).as("%s: kill point %s reached", mode, where).isLessThan(until);
      Thread.sleep(5);
    }
    assertThat(kill(child)).as("a parked child is alive").isTrue();
    line.chosen(where);
    return true;
  }

  /** Kills the child the moment position.log.tmp appears (a compaction under way), or at 5 s. */
  private boolean killInCompaction(Child child, Path log) throws Exception {
    if (!awaitStarted(child)) {
      return false;
    }
    Path tmp = log.resolve("position.log.tmp");
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!Files.exists(tmp) && System.nanoTime() < until && child.process().isAlive()) {
      Thread.onSpinWait();
    }
    if (!kill(child)) {
      return false;
    }
    if (Files.exists(tmp)) {
      line.compactionKills++;
    } else {
      line.randomKills++;
    }
    return true;
  }

  /** SIGKILL; false if the child had already ended by itself. */
  private boolean kill(Child child) throws InterruptedException {
    Process p = child.process();
    if (!p.isAlive()) {
      return false;
    }
    p.destroyForcibly();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("a killed child ends").isTrue();
    line.kills++;
    return true;
  }

  private boolean awaitStarted(Child child) throws Exception {
    long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (!output(child).contains("TORTURE STARTED")) {
      if (!child.process().isAlive()) {
        return false;
      }
      assertThat(System.nanoTime()).as("%s: a child starts", mode).isLessThan(until);
      Thread.sleep(5);
    }
    return true;
  }

  private void endsCleanly(Child child) throws Exception {
    Process p = child.process();
    boolean ended = p.waitFor(5, TimeUnit.MINUTES);
    if (!ended) {
      p.destroyForcibly();
    }
    assertThat(ended && p.exitValue() == 0)
        .as("%s on %s: a run ended by itself, exit 0; its output:%n%s", mode, line.db, tail(child))
        .isTrue();
  }

  private Child start(String task, String store, String killPoint, String worker)
      throws IOException {
    Path out = dir.resolve("run-" + ++runs + ".txt");
    Process p =
        ChildJvm.start(
            classpath,
            JVM,
            TortureCopy.class,
            out,
            mode.name(),
            side.url(),
            side.src(),
            side.dst(),
            store,
            task,
            killPoint,
            worker);
    started.add(p);
    return new Child(p, out);
  }

  private static String output(Child child) throws IOException {
    return Files.exists(child.output())
        ? Files.readString(child.output(), StandardCharsets.UTF_8)
        : "";
  }

  private static String tail(Child child) throws IOException {
    String all = output(child);
    return all.length() > 4_000 ? "..." + all.substring(all.length() - 4_000) : all;
  }
}
