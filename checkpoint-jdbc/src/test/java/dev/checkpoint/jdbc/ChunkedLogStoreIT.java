package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.TableRef;
import dev.checkpoint.chunk.ChunkedResult;
import dev.checkpoint.chunk.ChunkedRun;
import dev.checkpoint.logstore.LogStore;
import dev.checkpoint.testkit.ChildJvm;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Chunked runs on a log directory: the worker threads of one process share it, a table resumes from
 * the {@code checkpoint_position} line ape-dts's chunk mode writes, the run writes its own table
 * position as such a line, and a killed process resumes its chunks.
 */
class ChunkedLogStoreIT {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aTableResumesFromAnApeDtsChunkModeCheckpointPositionLine(Kind kind) throws Exception {
    String src = TestDatabases.freshSchema(kind, "clog_src");
    String dst = TestDatabases.freshSchema(kind, "clog_dst");
    DataSource ds = TestDatabases.dataSource(kind);
    try (Connection c = ds.getConnection()) {
      ChunkedWorkersIT.fill(c, kind, src, 10_000);
      ChunkedWorkersIT.createTarget(c, kind, dst, false);
    }
    String db = kind == Kind.MYSQL ? "mysql" : "pg";
    Path logs = dir.resolve("logs");
    Files.createDirectories(logs);
    // As ape-dts (chunk mode) leaves it: chunks up to id 4000 were finished.
    Files.writeString(
        logs.resolve("position.log"),
        "2026-12-01 10:00:00.000001 | checkpoint_position | {\"type\":\"RdbSnapshot\",\"db_type\":\""
            + db
            + "\",\"schema\":\""
            + src
            + "\",\"tb\":\"t\",\"order_key\":{\"single\":[\"id\",\"4000\"]}}\n",
        StandardCharsets.UTF_8);
    TableRef table = TableRef.of(db, src, "t");
    try (LogStore store = LogStore.in(logs)) {
      ChunkedResult r =
          ChunkedRun.builder(store)
              .taskId("ape-dts-chunks")
              .threads(3)
              .chunkRows(700)
              .build()
              .run(
                  table,
                  JdbcSources.keyed(ds).table(src, "t").batchSize(300).build(),
                  JdbcSinks.insertInto(dst, "t").sink(ds));
      assertThat(r.finished()).isTrue();
      assertThat(r.rows()).isEqualTo(6_000);
    }
    try (Connection c = ds.getConnection()) {
      String t = q(kind, dst) + ".t";
      assertThat(count(c, "SELECT count(*) FROM " + t)).isEqualTo(6_000);
      assertThat(count(c, "SELECT min(id) FROM " + t)).isEqualTo(4_001);
      assertThat(count(c, "SELECT max(id) FROM " + t)).isEqualTo(10_000);
    }
    // Finished: the table is in finished.log, and its position lines (ape-dts's too) are gone.
    assertThat(read(logs.resolve("position.log"))).doesNotContain("\"tb\":\"t\"");
    assertThat(Files.readString(logs.resolve("finished.log"), StandardCharsets.UTF_8))
        .contains("\"type\":\"RdbSnapshotFinished\"")
        .contains("\"tb\":\"t\"");
    assertThat(logs.resolve("chunks.json")).exists();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aKilledProcessResumesItsChunksAndASecondProcessIsRefused(Kind kind) throws Exception {
    int rows = 200_000;
    String src = TestDatabases.freshSchema(kind, "clogk_src");
    String dst = TestDatabases.freshSchema(kind, "clogk_dst");
    DataSource ds = TestDatabases.dataSource(kind);
    try (Connection c = ds.getConnection()) {
      ChunkedWorkersIT.fill(c, kind, src, rows);
      ChunkedWorkersIT.createTarget(c, kind, dst, false);
    }
    Path logs = dir.resolve("logs");
    String classpath = ChildJvm.snapshotClasspath(dir.resolve("classpath"));
    String[] args = {
      TestDatabases.url(kind), src, dst, "log:" + logs, "upsert", "1000", "10000", "3"
    };
    List<Process> started = new ArrayList<>();
    try {
      Process first =
          ChildJvm.start(classpath, ChunkedCopyWorker.class, dir.resolve("1.txt"), args);
      started.add(first);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (finishedChunks(logs) < 4 && first.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(first.isAlive()).as(read(dir.resolve("1.txt"))).isTrue();
      // Stopped, it still holds the directory (and cannot finish the table meanwhile).
      signal(first, "STOP");

      // While the first process holds the directory, a second one is refused, saying why.
      Process second =
          ChildJvm.start(classpath, ChunkedCopyWorker.class, dir.resolve("2.txt"), args);
      started.add(second);
      assertThat(second.waitFor(2, TimeUnit.MINUTES)).isTrue();
      assertThat(second.exitValue()).isNotZero();
      assertThat(read(dir.resolve("2.txt"))).contains("serves the worker threads of one process");

      first.destroyForcibly(); // SIGKILL mid-copy
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      // The table's position so far, as ape-dts's chunk mode writes it.
      assertThat(read(logs.resolve("position.log")))
          .containsPattern(
              " \\| checkpoint_position \\| \\{\"type\":\"RdbSnapshot\".*"
                  + "\"order_key\":\\{\"single\":\\[\"id\",\"\\d+\"\\]\\}")
          .doesNotContain("current_position");
      Process again =
          ChildJvm.start(classpath, ChunkedCopyWorker.class, dir.resolve("3.txt"), args);
      started.add(again);
      assertThat(again.waitFor(5, TimeUnit.MINUTES)).isTrue();
      assertThat(again.exitValue()).as(read(dir.resolve("3.txt"))).isZero();
      assertThat(read(dir.resolve("3.txt"))).contains("took over");
    } finally {
      for (Process p : started) {
        p.destroyForcibly();
      }
    }
    try (Connection c = ds.getConnection()) {
      String t = q(kind, dst) + ".t";
      assertThat(count(c, "SELECT count(*) FROM " + t)).isEqualTo(rows);
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM "
                      + q(kind, src)
                      + ".t s JOIN "
                      + t
                      + " d ON d.id = s.id AND d.name = s.name"))
          .isEqualTo(rows);
    }
  }

  @org.junit.jupiter.api.Test
  void aLogStoreHoldingOneTaskRefusesAnother() {
    try (LogStore store = LogStore.in(dir.resolve("one"))) {
      assertThat(store.compareAndSet("task-a", "Chunk", "k", null, "x")).isTrue();
      assertThatThrownBy(() -> store.compareAndSet("task-b", "Chunk", "k", null, "x"))
          .hasMessageContaining("task-a");
    }
  }

  private static void signal(Process p, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
    assertThat(kill.waitFor()).as("kill -" + signal).isZero();
  }

  private static long finishedChunks(Path logs) {
    Path f = logs.resolve("chunks.json");
    try {
      String text = Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
      return text.split("finished", -1).length - 1;
    } catch (java.io.IOException e) {
      return 0; // replaced while read
    }
  }

  private static String read(Path f) throws Exception {
    return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
  }

  private static String q(Kind kind, String name) {
    return kind == Kind.MYSQL ? "`" + name + "`" : "\"" + name + "\"";
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
