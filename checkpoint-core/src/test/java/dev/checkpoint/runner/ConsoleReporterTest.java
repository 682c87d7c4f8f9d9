package dev.checkpoint.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.InMemoryStore;
import dev.checkpoint.Strategy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleReporterTest {
  private final InMemoryStore store = new InMemoryStore();

  private String run(
      List<MemoryTable> tables, ConsoleReporter.Builder reporter, ByteArrayOutputStream bytes) {
    tables.forEach(MemoryTable::newRun);
    try (Checkpointer cp =
        Checkpointer.builder()
            .taskId("task")
            .store(store)
            .policy(CheckpointPolicy.everyBatch())
            .build()) {
      TableRunner.Builder b = TableRunner.builder(cp).listener(reporter.build());
      tables.forEach(t -> b.job(t.job()));
      b.build().run();
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static List<MemoryTable> tables(int n, int rows) {
    List<MemoryTable> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(new MemoryTable("table_" + i, rows, Strategy.KEY, 1000));
    }
    return out;
  }

  @Test
  void plainOutputHasALinePerTableABlockEveryTenTablesAndTheFinalSummary() {
    List<MemoryTable> t = tables(12, 2500);
    t.get(4).failAfterBatches = 1;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    String text =
        run(
            t,
            ConsoleReporter.builder().out(out).live(false).progressInterval(Duration.ZERO),
            bytes);
    List<String> lines = text.lines().toList();

    assertThat(lines.get(0)).isEqualTo("Running 12 tables");
    assertThat(lines).contains("[1/12] Processing: table_1");
    assertThat(lines).anyMatch(l -> l.matches("\\[1/12\\]   table_1  1,000 rows  [\\d,]+ rows/s"));
    assertThat(lines)
        .anyMatch(
            l ->
                l.matches(
                    "\\[1/12\\] Completed: table_1  2,500 rows in \\d+\\.\\d s  [\\d,]+ rows/s"));
    assertThat(lines)
        .anyMatch(
            l ->
                l.equals(
                    "[5/12] FAILED: table_5 after 1,000 rows of this run: sink failed on mem:s.table_5: target of table_5 is down"));
    assertThat(lines).doesNotContain("\r");

    int block = lines.indexOf("PROGRESS SUMMARY");
    assertThat(block).as("a progress block after the 10th table").isPositive();
    assertThat(lines.subList(block + 2, block + 9))
        .containsExactly(
            "Total tables:     12",
            "Completed:        9",
            "Skipped:          0",
            "Failed:           1",
            "In progress:      0",
            "Remaining:        2",
            "Progress:         9/12 (75%)");

    assertThat(lines.stream().filter("PROGRESS SUMMARY"::equals).count())
        .as("after the 10th table and at the end")
        .isEqualTo(2);
    int end = lines.indexOf("RUN SUMMARY: FAILED");
    assertThat(end).isGreaterThan(block);
    assertThat(lines.subList(end + 2, end + 8))
        .containsExactly(
            "Total tables:     12",
            "Completed:        11",
            "Skipped:          0",
            "Failed:           1",
            "Not run:          0",
            "Rows copied:      28,500");
    assertThat(lines.get(end + 8)).matches("Duration:         \\d+\\.\\d s");
    assertThat(lines.get(end + 9)).matches("Throughput:       [\\d,]+ rows/s");
    assertThat(lines.subList(end + 11, lines.size()))
        .containsExactly(
            "Failed tables:",
            "  table_5: sink failed on mem:s.table_5: target of table_5 is down",
            "1 table failed. Run the job again: completed tables are skipped, failed and interrupted"
                + " tables resume from their last recorded position.");
  }

  @Test
  void theFinalProgressBlockIsNotRepeatedWhenTheLastTableJustPrintedOne() {
    List<MemoryTable> t = tables(10, 5);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String text =
        run(
            t,
            ConsoleReporter.builder()
                .out(new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .live(false),
            bytes);
    assertThat(text.lines().filter("PROGRESS SUMMARY"::equals).count()).isEqualTo(1);
    assertThat(text).contains("RUN SUMMARY: SUCCEEDED");
  }

  @Test
  void aResumedRunSaysWhereATableResumesAndCountsItsSkippedTables() {
    List<MemoryTable> t = tables(3, 2000);
    t.get(1).failAfterBatches = 1;
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    run(
        t,
        ConsoleReporter.builder()
            .out(new PrintStream(first, true, StandardCharsets.UTF_8))
            .live(false),
        first);
    t.get(1).failAfterBatches = -1;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String text =
        run(
            t,
            ConsoleReporter.builder()
                .out(new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .live(false)
                .resumeHint("Run sync again."),
            bytes);
    assertThat(text.lines())
        .contains(
            "[2/3] Processing: table_2 (resuming after 1,000 rows)",
            "RUN SUMMARY: SUCCEEDED",
            "Skipped:          2")
        .anyMatch(
            l ->
                l.matches(
                    "\\[2/3\\] Completed: table_2  2,000 rows \\(1,000 in this run\\) in .*"));
    assertThat(text).doesNotContain("Run sync again.");
  }

  @Test
  void liveOutputRedrawsOneLineInPlaceAndKeepsCompletedTablesAboveIt() {
    List<MemoryTable> t = tables(2, 1500);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String text =
        run(
            t,
            ConsoleReporter.builder()
                .out(new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .live(true),
            bytes);
    assertThat(text).contains("\r[1/2] Processing: table_1  0 rows  0 rows/s");
    // Every permanent line starts at the beginning of a cleared line, never glued to the live one.
    for (String permanent : List.of("[1/2] Completed: table_1", "[2/2] Completed: table_2")) {
      int at = text.indexOf(permanent);
      assertThat(at).isPositive();
      assertThat(text.charAt(at - 1)).isEqualTo('\r');
    }
    assertThat(text).doesNotContain("Processing: table_1 (");
    String end = text.substring(text.indexOf("PROGRESS SUMMARY") - ReportText.RULE.length() - 1);
    assertThat(end).doesNotContain("\r").contains("RUN SUMMARY: SUCCEEDED");
  }
}
