package dev.checkpoint.logstore;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.checkpoint.KeyColumn;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeState;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskSession;
import dev.checkpoint.logstore.ApeDtsReader.Generation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log directories shared with ape-dts: what this library writes is found by a reader that follows
 * the rules of either generation of ape-dts, and a directory as ape-dts leaves it (blank lines, the
 * "task finished" line, a last line without line end, every key form) is read.
 */
class ApeDtsInteropTest {
  private static final String SCHEMA = "test_db_@";

  @TempDir Path dir;

  private static TableRef table(String tb) {
    return TableRef.of("mysql", SCHEMA, tb);
  }

  private static Position single(int i, long v) {
    return Position.keyed("p.k", Long.toString(v * 7 + i));
  }

  private static Position composite(int i, long v) {
    return Position.keyed(
        List.of(KeyColumn.of("f_0", Integer.toString(i)), KeyColumn.of("f_1", "v" + v)));
  }

  /** What each generation must find: the latest position of every unfinished table. */
  private static void assertBothGenerationsFind(Path dir, Map<TableRef, Position> latest)
      throws IOException {
    ApeDtsReader flat = ApeDtsReader.read(dir, Generation.FLAT);
    ApeDtsReader orderKey = ApeDtsReader.read(dir, Generation.ORDER_KEY);
    for (Map.Entry<TableRef, Position> e : latest.entrySet()) {
      String name = ApeDtsReader.name(e.getKey().schema(), e.getKey().table());
      Position.Keyed k = (Position.Keyed) e.getValue();
      List<List<String>> expected = new ArrayList<>();
      for (KeyColumn c : k.columns()) {
        List<String> pair = new ArrayList<>();
        pair.add(c.name());
        pair.add(c.value());
        expected.add(pair);
      }
      assertThat(orderKey.positions.get(name))
          .as("v2.0.26+ reader, %s", name)
          .isEqualTo(new ApeDtsReader.Key(expected));
      if (!k.isComposite()) {
        assertThat(flat.positions.get(name))
            .as("v2.0.25 reader, %s", name)
            .isEqualTo(new ApeDtsReader.Key(expected));
      } else {
        // v2.0.25 knows no composite keys: it finds no key and copies the table again.
        assertThat(flat.positions).as("v2.0.25 reader, %s", name).doesNotContainKey(name);
      }
    }
  }

  @Test
  void bothApeDtsGenerationsFindEveryUnfinishedTablesPositionThroughoutALongRun()
      throws IOException {
    // 150 single-key and 30 composite-key tables, 20 of them finished on the way; one hot table
    // is recorded far more often than the rest, so the cold tables' lines age towards the head
    // of the file, out of ape-dts's 200-line tail unless compaction keeps them in it.
    List<TableRef> tables = new ArrayList<>();
    for (int i = 0; i < 180; i++) {
      tables.add(table((i % 3 == 0 ? "finished_table_*$" : "t.") + i));
    }
    Map<TableRef, Position> latest = new HashMap<>();
    Random random = new Random(11);
    LogStore store = LogStore.builder().dir(dir).fsync(FsyncPolicy.NEVER).build();
    try (TaskSession s = store.open("task")) {
      for (int round = 0; round < 3000; round++) {
        int i = round < tables.size() ? round : random.nextInt(10) < 8 ? 0 : random.nextInt(180);
        TableRef t = tables.get(i);
        if (s.load().isFinished(t)) {
          continue;
        }
        Position p = i >= 150 ? composite(i, round) : single(i, round);
        s.record(t, p);
        latest.put(t, p);
        if (round > 1000 && i % 9 == 3 && latest.size() > 170) {
          s.finish(t);
          latest.remove(t);
        }
        if (round % 97 == 0) {
          assertBothGenerationsFind(dir, latest);
        }
      }
      ApeDtsReader orderKey = ApeDtsReader.read(dir, Generation.ORDER_KEY);
      for (TableRef t : tables) {
        String name = ApeDtsReader.name(t.schema(), t.table());
        assertThat(orderKey.finished.contains(name)).as(name).isEqualTo(s.load().isFinished(t));
      }
    }
    assertThat(latest.size()).isBetween(150, 180);
    assertBothGenerationsFind(dir, latest);
    assertThat(Files.readAllLines(dir.resolve("position.log"))).hasSizeLessThanOrEqualTo(360);
  }

  @Test
  void pastTwoHundredUnfinishedTablesApeDtsSeesOnlyTheLastTwoHundredLines() throws IOException {
    List<TableRef> tables = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      tables.add(table("t" + i));
    }
    LogStore store = LogStore.builder().dir(dir).fsync(FsyncPolicy.NEVER).build();
    try (TaskSession s = store.open("task")) {
      for (int i = 0; i < tables.size(); i++) {
        s.record(tables.get(i), single(i, 1));
      }
      ResumeState state = s.load();
      for (int i = 0; i < tables.size(); i++) {
        assertThat(state.position(tables.get(i))).contains(single(i, 1));
      }
    }
    // This library reads the whole file; ape-dts finds only the 200 tables recorded last and
    // copies the other 50 again from their first row.
    ApeDtsReader orderKey = ApeDtsReader.read(dir, Generation.ORDER_KEY);
    assertThat(orderKey.positions).hasSize(200);
    assertThat(orderKey.positions).containsKey(ApeDtsReader.name(SCHEMA, "t50"));
    assertThat(orderKey.positions).doesNotContainKey(ApeDtsReader.name(SCHEMA, "t49"));
  }

  private static String pos(String tag, String tb, String key) {
    return "2024-10-10 04:04:08.152044 | "
        + tag
        + " | {\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"test_db_@\",\"tb\":\""
        + tb
        + "\","
        + key
        + "}";
  }

  private static String fin(String tb) {
    return "2024-10-10 04:04:07.803422 | {\"type\":\"RdbSnapshotFinished\",\"db_type\":\"mysql\","
        + "\"schema\":\"test_db_@\",\"tb\":\""
        + tb
        + "\"}";
  }

  /** A log directory in every form ape-dts writes, ending as ape-dts leaves its files. */
  private void writeApeDtsDirectory() throws IOException {
    Files.writeString(
        dir.resolve("position.log"),
        String.join(
            "\n",
            pos("current_position", "flat", "\"order_col\":\"p.k\",\"value\":\"6\""),
            "",
            pos(
                "checkpoint_position",
                "order_key_single",
                "\"order_key\":{\"single\":[\"p.k\",\"3\"]}"),
            pos(
                "current_position",
                "order_key_single",
                "\"order_key\":{\"single\":[\"p.k\",\"4\"]}"),
            "2024-10-10 04:04:08.152181 | checkpoint_position | {\"type\":\"None\"}",
            "",
            pos(
                "current_position",
                "both",
                "\"order_col\":\"p.k\",\"value\":\"8\",\"order_key\":{\"single\":[\"p.k\",\"8\"]}"),
            pos(
                "current_position",
                "composite",
                "\"order_key\":{\"composite\":[[\"f_0\",\"1\"],[\"f_1\",null]]}"),
            // ape-dts v2.0.26+ line for a table without a key: nothing to resume from.
            pos("current_position", "no_key", "\"order_key\":null"),
            pos("current_position", "last_line", "\"order_key\":{\"single\":[\"p.k\",\"9\"]}")),
        StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("finished.log"),
        String.join(
            "\n",
            fin("finished_table_*$1"),
            "",
            "",
            fin("finished_table_*$2"),
            "2024-10-10 04:04:09.000001 | task finished"),
        StandardCharsets.UTF_8);
  }

  private static void assertApeDtsDirectoryState(ResumeState state) {
    assertThat(state.position(table("flat"))).contains(Position.keyed("p.k", "6"));
    assertThat(state.position(table("order_key_single"))).contains(Position.keyed("p.k", "4"));
    assertThat(state.position(table("both"))).contains(Position.keyed("p.k", "8"));
    assertThat(state.position(table("composite")))
        .contains(Position.keyed(List.of(KeyColumn.of("f_0", "1"), KeyColumn.of("f_1", null))));
    assertThat(state.position(table("no_key"))).isEmpty();
    assertThat(state.position(table("last_line"))).contains(Position.keyed("p.k", "9"));
    assertThat(state.isFinished(table("finished_table_*$1"))).isTrue();
    assertThat(state.isFinished(table("finished_table_*$2"))).isTrue();
    assertThat(state.isFinished(table("flat"))).isFalse();
  }

  @Test
  void readsALogDirectoryAsApeDtsLeavesIt() throws IOException {
    writeApeDtsDirectory();
    try (LogCapture log = LogCapture.logstore(Level.WARN)) {
      assertApeDtsDirectoryState(LogStore.readOnly(dir).read());
      assertThat(log.messages(Level.WARN)).isEmpty();
    }
  }

  @Test
  void writesIntoALogDirectoryAsApeDtsLeavesIt() throws IOException {
    writeApeDtsDirectory();
    try (TaskSession s = LogStore.in(dir).open("task")) {
      assertApeDtsDirectoryState(s.load());
      s.record(table("flat"), Position.keyed("p.k", "7"));
      s.finish(table("both"));
    }
    ResumeState state = LogStore.readOnly(dir).read();
    assertThat(state.position(table("flat"))).contains(Position.keyed("p.k", "7"));
    assertThat(state.position(table("last_line"))).contains(Position.keyed("p.k", "9"));
    assertThat(state.isFinished(table("both"))).isTrue();
    assertThat(state.isFinished(table("finished_table_*$2"))).isTrue();
    List<String> finished = Files.readAllLines(dir.resolve("finished.log"));
    assertThat(finished.get(4)).isEqualTo("2024-10-10 04:04:09.000001 | task finished");
    assertThat(finished).hasSize(6);
    // ape-dts of either generation finds the new lines too.
    assertThat(ApeDtsReader.read(dir, Generation.FLAT).positions.get("test_db_@.flat"))
        .isEqualTo(new ApeDtsReader.Key(List.of(List.of("p.k", "7"))));
    assertThat(ApeDtsReader.read(dir, Generation.ORDER_KEY).finished).contains("test_db_@.both");
  }

  @Test
  void aTornTaskFinishedLineIsSkippedWithAWarning() throws IOException {
    Files.writeString(
        dir.resolve("finished.log"), fin("a") + "\n2024-10-10 04:04:09.000001 | task fin");
    try (LogCapture log = LogCapture.logstore(Level.WARN)) {
      assertThat(LogStore.readOnly(dir).read().isFinished(table("a"))).isTrue();
      assertThat(log.messages(Level.WARN)).singleElement().asString().contains("no line end");
    }
  }
}
