package dev.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad task configurations beyond TaskConfigTest: encodings, line ends, values out of range and
 * values carrying SQL. Each is an error naming the file, the line, the key and the value, or is
 * read exactly as written.
 */
class BadInputConfigTest {
  private static final Path BASE = Path.of("/jobs/orders");

  @TempDir Path dir;

  private static TaskConfig parse(String text) {
    return TaskConfig.parse(text, "task_config.ini", BASE);
  }

  private static String error(String text) {
    try {
      parse(text);
    } catch (ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("no error for:\n" + text);
  }

  private Path file(byte[]... parts) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.write(p);
    }
    Path f = dir.resolve("task_config.ini");
    Files.write(f, out.toByteArray());
    return f;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void fileWithAByteOrderMarkAndCrlfLineEndsReadsLikeThePlainFile() throws Exception {
    String text =
        "[global]\ntask_id=orders\n[resumer]\nresume_type=from_target\n"
            + "table_full_name=meta.pos\n[pipeline]\ncheckpoint_interval_secs=3\n";
    Path f =
        file(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(text.replace("\n", "\r\n")));
    TaskConfig windows = TaskConfig.parse(f);
    TaskConfig plain = TaskConfig.parse(text, f.toString(), dir);
    assertThat(windows.settings()).isEqualTo(plain.settings());
    assertThat(windows.taskId()).contains("orders");
    assertThat(windows.resumeType()).isEqualTo(ResumeType.FROM_TARGET);
    assertThat(windows.tableFullName()).isEqualTo("meta.pos");
    assertThat(windows.checkpointInterval()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void bytesThatAreNotUtf8AreNamedWithFileLineAndByte() throws Exception {
    // "café" in Latin-1, as an editor set to another encoding saves it.
    Path f =
        file(utf8("[global]\r\n// orders\r\ntask_id=caf"), new byte[] {(byte) 0xE9}, utf8("\r\n"));
    assertThatThrownBy(() -> TaskConfig.parse(f))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            f
                + ":3: not valid UTF-8 (byte 0xE9 at column 12); save the file as UTF-8: "
                + "\"task_id=caf\uFFFD\"");
  }

  @Test
  void aLoneCarriageReturnIsNotALineEndSoTheSettingsItGluesAreAnError() {
    // Classic Mac line ends: "none\rresume_type=from_log" must not quietly become one value.
    assertThat(error("[resumer]\nresume_type=none\rresume_type=from_log\n"))
        .startsWith("task_config.ini:2: unknown resume_type \"none\rresume_type=from_log\"");
  }

  @ParameterizedTest(name = "max_connections={0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "99999999999 | max_connections must be at most 2147483647, was \"99999999999\"",
        "-3          | max_connections must be a whole number > 0, was \"-3\"",
        "ten         | max_connections must be a whole number > 0, was \"ten\""
      })
  void maxConnectionsOutOfRangeNamesTheRangeAndTheValue(String value, String message) {
    assertThat(error("[resumer]\nresume_type=from_target\nmax_connections=" + value + "\n"))
        .isEqualTo("task_config.ini:3: " + message);
  }

  @Test
  void checkpointIntervalBeyondALongSaysOutOfRangeNotNotANumber() {
    assertThat(error("[pipeline]\ncheckpoint_interval_secs=99999999999999999999\n"))
        .isEqualTo(
            "task_config.ini:2: checkpoint_interval_secs must be at most 9223372036854775807"
                + " seconds, was \"99999999999999999999\"");
  }

  @Test
  void checkpointIntervalTooLongForNanosecondsNoLongerOverflowsOnTheFirstBatch() {
    // Regression: Duration.toNanos() overflowed in CheckpointPolicy.due and failed the run with an
    // ArithmeticException at its first committed batch.
    TaskConfig c = parse("[pipeline]\ncheckpoint_interval_secs=9223372036854775807\n");
    assertThat(c.checkpointInterval()).isEqualTo(Duration.ofSeconds(Long.MAX_VALUE));
    InMemoryStore store = new InMemoryStore();
    TableRef t = TableRef.of("mysql", "s", "t");
    try (Checkpointer cp =
        Checkpointer.builder().taskId("big").store(store).policy(c.policy()).build()) {
      cp.committed(t, Position.keyed("id", "1"), 1);
      cp.committed(t, Position.keyed("id", "2"), 1);
    }
    try (Checkpointer cp = Checkpointer.builder().taskId("big").store(store).build()) {
      assertThat(cp.initialState().position(t)).contains(Position.keyed("id", "2"));
    }
  }

  @ParameterizedTest(name = "table_full_name={0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "meta.pos; DROP TABLE orders; --",
        "`meta`.`pos`",
        "meta.\"pos\"\"x\"",
        "meta.$$pos$$",
        "meta.it's"
      })
  void tableFullNameCarryingSqlIsKeptVerbatimForTheStoreToQuote(String name) {
    TaskConfig c = parse("[resumer]\nresume_type=from_target\ntable_full_name=" + name + "\n");
    assertThat(c.tableFullName()).isEqualTo(name);
  }

  @Test
  void tableFullNameEndingInADotNamesNoTable() {
    assertThat(error("[resumer]\ntable_full_name=meta.\n"))
        .isEqualTo(
            "task_config.ini:2: table_full_name must be <database or schema>.<table>, was \"meta.\"");
  }

  @Test
  void theSameKeyInTwoCasesIsADuplicateNamingBothLines() {
    assertThat(error("[resumer]\nLog_Dir=a\n// again\nlog_dir=b\n"))
        .isEqualTo("task_config.ini:4: duplicate key log_dir in [resumer] (first on line 2)");
  }

  @Test
  void aSectionOpenedTwiceStillRefusesTheSameKeyTwice() {
    assertThat(error("[resumer]\nlog_dir=a\n[global]\ntask_id=t\n[RESUMER]\nlog_dir=b\n"))
        .isEqualTo("task_config.ini:6: duplicate key log_dir in [resumer] (first on line 2)");
  }

  @Test
  void anEmptySectionNameIsNamedAsSuch() {
    // Regression: "[ ]" opened a section with no name and the next key was reported as being
    // "outside any [section]", one line too late.
    assertThat(error("[global]\ntask_id=t\n[ ]\nlog_dir=a\n"))
        .isEqualTo("task_config.ini:3: empty section name \"[ ]\" (expected [name])");
  }

  @Test
  void anErrorAboutOneKeyNeverPrintsThePasswordOfTheUrl() {
    String message =
        error(
            "[resumer]\nresume_type=from_db\nurl=mysql://app:s3cr3t@127.0.0.1:3306\n"
                + "db_type=oracle\n");
    assertThat(message)
        .isEqualTo("task_config.ini:4: db_type must be mysql, pg or mongo, was \"oracle\"")
        .doesNotContain("s3cr3t");
    TaskConfig ok =
        parse(
            "[resumer]\nresume_type=from_db\nurl=mysql://app:s3cr3t@127.0.0.1:3306\ndb_type=mysql\n");
    assertThat(ok.toString()).doesNotContain("s3cr3t");
  }
}
