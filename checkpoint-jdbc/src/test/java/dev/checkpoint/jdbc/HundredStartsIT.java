package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.PositionStore;
import dev.checkpoint.testkit.ChildJvm;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many processes started on one task at the same moment (log store, JDBC store on MariaDB and
 * PostgreSQL). While a holder copies, every one is refused with a {@code TaskLockedException} and
 * exits with its own code; with no holder, exactly one gets the task and copies and the others are
 * refused. The target ends equal to the source, every id once.
 *
 * <p>How many: {@code -Dcheckpoint.torture.starts} (default 20; the {@code torture} profile sets
 * 100). Measured on two cores, light JVMs (C1 only, 64 MB heap): 100 at once take 6 s on the log
 * store, 55 s on PostgreSQL and 65 s on MariaDB per test (the whole class 253 s); 20 take 1 s and
 * about 8 s (the class 36 s).
 */
class HundredStartsIT {
  private static final int STARTS = Integer.getInteger("checkpoint.torture.starts", 20);
  private static final List<String> LIGHT_JVM =
      List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xmx64m", "-XX:+UseSerialGC");

  @TempDir static Path shared;
  private static String classpath;

  @TempDir Path dir;

  @BeforeAll
  static void snapshotClasspath() throws IOException {
    classpath = ChildJvm.snapshotClasspath(shared.resolve("classpath"));
  }

  /** The server of a JDBC test, closed after it. */
  private ThrowawayServer server;

  @AfterEach
  void stopServer() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  /**
   * {@code log:DIR}, or a JDBC store on a fresh table (made here, so no child races to make it), on
   * a server of the test's own: 100 processes with two connections each are more than the shared
   * servers' default limits allow (PostgreSQL 100, MariaDB 151), and a process the server turns
   * away never reaches the task's lock.
   */
  private String storeSpec(String kind) throws IOException {
    if (kind.equals("LOG")) {
      return "log:" + dir.resolve("logs");
    }
    Kind k = Kind.valueOf(kind);
    server = ThrowawayServer.start(k);
    server.exec(k == Kind.MYSQL ? "CREATE DATABASE ckpt" : "CREATE SCHEMA ckpt");
    String spec = k + ":" + server.url() + "|ckpt.cp_starts";
    try (PositionStore made = TaskStarter.store(spec)) {
      return spec;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"LOG", "MYSQL", "POSTGRES"})
  void everyProcessStartedWhileTheTaskIsHeldIsRefusedAndTheHolderFinishesExact(String kind)
      throws Exception {
    String spec = storeSpec(kind);
    String task = "starts-" + UUID.randomUUID();
    Path target = dir.resolve("target.txt");
    Path release = dir.resolve("release");
    CompletableFuture<Integer> holder;
    try (PositionStore store = TaskStarter.store(spec)) {
      holder = CompletableFuture.supplyAsync(() -> TaskStarter.copy(store, task, target, release));
      awaitLines(target, TaskStarter.ROWS / 2);
      long t0 = System.nanoTime();
      List<Child> children = startAll(spec, task, target, release);
      for (Child c : children) {
        assertThat(c.exit())
            .as("child %d; its output:%n%s", c.n, c.output())
            .isEqualTo(TaskStarter.REFUSED);
        assertThat(c.output())
            .contains("REFUSED (TaskLockedException): ")
            .contains("held by another live writer");
      }
      System.out.printf(
          "%s: %d processes started on a held task, all refused, in %.1f s%n",
          kind, STARTS, (System.nanoTime() - t0) / 1e9);
      assertThat(holder).isNotDone();
      Files.createFile(release);
      assertThat(holder.get(120, TimeUnit.SECONDS)).isZero();
    }
    assertThat(Files.readAllLines(target)).isEqualTo(ids());
  }

  @ParameterizedTest
  @ValueSource(strings = {"LOG", "MYSQL", "POSTGRES"})
  void ofProcessesStartedTogetherOnAFreshTaskExactlyOneCopiesAndTheOthersAreRefused(String kind)
      throws Exception {
    String spec = storeSpec(kind);
    String task = "starts-" + UUID.randomUUID();
    Path target = dir.resolve("target.txt");
    Path release = dir.resolve("release");
    long t0 = System.nanoTime();
    List<Child> children = startAll(spec, task, target, release);
    // The winner holds the task at half the rows until the release: every other process must have
    // ended, refused, before it.
    List<Child> refused = new ArrayList<>();
    Child winner = null;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (refused.size() + (winner == null ? 0 : 1) < STARTS && System.nanoTime() < deadline) {
      for (Child c : children) {
        if (refused.contains(c) || c == winner) {
          continue;
        }
        if (!c.process.isAlive()) {
          assertThat(c.process.exitValue())
              .as("child %d; its output:%n%s", c.n, c.output())
              .isEqualTo(TaskStarter.REFUSED);
          assertThat(c.output()).contains("REFUSED (TaskLockedException): ");
          refused.add(c);
        } else if (c.output().contains("GOT THE TASK")) {
          assertThat(winner).as("a second process got the task: %s", c.output()).isNull();
          winner = c;
        }
      }
      Thread.sleep(20);
    }
    assertThat(winner).as("one process got the task").isNotNull();
    assertThat(refused).hasSize(STARTS - 1);
    System.out.printf(
        "%s: %d processes started on a fresh task, one copies, %d refused, in %.1f s%n",
        kind, STARTS, refused.size(), (System.nanoTime() - t0) / 1e9);
    Files.createFile(release);
    assertThat(winner.exit()).as("the winner; its output:%n%s", winner.output()).isZero();
    assertThat(Files.readAllLines(target)).isEqualTo(ids());
  }

  private List<Child> startAll(String spec, String task, Path target, Path release)
      throws IOException {
    List<Child> children = new ArrayList<>();
    for (int n = 0; n < STARTS; n++) {
      Path out = dir.resolve("child-" + n + ".out");
      children.add(
          new Child(
              n,
              out,
              ChildJvm.start(
                  classpath,
                  LIGHT_JVM,
                  TaskStarter.class,
                  out,
                  spec,
                  task,
                  target.toString(),
                  release.toString())));
    }
    return children;
  }

  private static List<String> ids() {
    return IntStream.rangeClosed(1, TaskStarter.ROWS).mapToObj(Integer::toString).toList();
  }

  private static void awaitLines(Path file, int lines) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(file) || Files.readAllLines(file).size() < lines) {
      assertThat(System.nanoTime()).as("%d lines in %s", lines, file).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private record Child(int n, Path out, Process process) {
    int exit() throws Exception {
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("child " + n + " did not end within 5 minutes:\n" + output());
      }
      return process.exitValue();
    }

    String output() {
      try {
        return Files.readString(out);
      } catch (IOException e) {
        return "(no output: " + e + ")";
      }
    }
  }
}
