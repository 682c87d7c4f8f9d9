package dev.checkpoint.logstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.checkpoint.StoreException;
import dev.checkpoint.TableRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a crash or power loss can leave of the two log files, and what a run does with it: a file of
 * zero length is an empty log (the store creates both files empty when it opens a directory, so a
 * crash right after that leaves exactly this); a file made only of NUL bytes lost its data and
 * stops the run with an error that names it, instead of reading as empty and starting its tables
 * over from the beginning.
 */
class LogFilesFaultTest {
  private static final String TASK = "task";
  private static final String TS = "2024-10-10 04:04:08.152044 | ";
  private static final TableRef A = TableRef.of("mysql", "s", "a");
  private static final TableRef DONE = TableRef.of("mysql", "s", "done");

  @TempDir Path dir;

  private Path pos() {
    return dir.resolve("position.log");
  }

  private Path fin() {
    return dir.resolve("finished.log");
  }

  private static String positionLine(String tb, int id) {
    return TS
        + "current_position | {\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"s\","
        + "\"tb\":\""
        + tb
        + "\",\"order_col\":\"id\",\"value\":\""
        + id
        + "\"}\n";
  }

  private static String finishedLine(String tb) {
    return TS
        + "{\"type\":\"RdbSnapshotFinished\",\"db_type\":\"mysql\",\"schema\":\"s\",\"tb\":\""
        + tb
        + "\"}\n";
  }

  private void write(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  private static CountingCopy copyOfA() {
    return new CountingCopy(A, 100, 10);
  }

  @Test
  void aZeroLengthPositionLogAloneIsAnEmptyLogAndTheRunCopiesFromTheBeginning() throws IOException {
    write(pos(), "");
    CountingCopy a = copyOfA();
    try (LogCapture log = LogCapture.logstore(Level.WARN)) {
      assertThat(a.run(LogStore.in(dir), TASK)).isEqualTo(100);
      assertThat(log.messages(Level.WARN)).isEmpty();
    }
    assertThat(a.starts).containsExactly(1);
    assertThat(a.complete()).isTrue();
  }

  @Test
  void aZeroLengthPositionLogBesideAFinishedLogKeepsTheFinishedTablesFinished() throws IOException {
    write(pos(), "");
    write(fin(), finishedLine("done"));
    CountingCopy a = copyOfA();
    CountingCopy done = new CountingCopy(DONE, 50, 10);
    assertThat(a.run(LogStore.in(dir), TASK)).isEqualTo(100);
    assertThat(done.run(LogStore.in(dir), TASK)).isZero();
    assertThat(done.target).isEmpty();
    assertThat(a.starts).containsExactly(1);
    assertThat(a.complete()).isTrue();
  }

  @Test
  void aZeroLengthFinishedLogBesideAPositionLogResumesExactlyAfterThePosition() throws IOException {
    write(pos(), positionLine("a", 40));
    write(fin(), "");
    CountingCopy a = copyOfA();
    assertThat(a.run(LogStore.in(dir), TASK)).isEqualTo(60);
    assertThat(a.starts).containsExactly(41);
    assertThat(a.target.firstKey()).isEqualTo(41);
    assertThat(a.target.values()).allMatch(n -> n == 1);
    assertThat(LogStore.readOnly(dir).read().isFinished(A)).isTrue();
  }

  @Test
  void zeroLengthLogsOnBothSidesAreAnEmptyTask() throws IOException {
    write(pos(), "");
    write(fin(), "");
    assertThat(LogStore.readOnly(dir).read().isEmpty()).isTrue();
    CountingCopy a = copyOfA();
    a.run(LogStore.in(dir), TASK);
    assertThat(a.starts).containsExactly(1);
    assertThat(a.complete()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 137, 4096, 70_000})
  void aPositionLogOfOnlyNulBytesFailsTheRunNamingTheFileAndKeepsIt(int size) throws IOException {
    // Regression: the NUL bytes were cut as a torn last line, so the store opened over an empty
    // position.log and every table in it started over from the beginning, with only a WARN.
    Files.write(pos(), new byte[size]);
    write(fin(), finishedLine("done"));
    CountingCopy a = copyOfA();
    assertThatThrownBy(() -> a.run(LogStore.in(dir), TASK))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(pos().toString())
        .hasMessageContaining("only NUL bytes (" + size + " bytes)")
        .hasMessageContaining("positions it held are lost")
        .hasMessageContaining("delete the file");
    assertThat(a.starts).isEmpty();
    assertThat(Files.readAllBytes(pos())).isEqualTo(new byte[size]);
    assertThatThrownBy(() -> LogStore.readOnly(dir).read())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(pos().toString())
        .hasMessageContaining("only NUL bytes");
    // What the message offers: delete the file and the table starts over; DONE stays finished.
    Files.delete(pos());
    a.run(LogStore.in(dir), TASK);
    assertThat(a.starts).containsExactly(1);
    assertThat(a.complete()).isTrue();
    assertThat(LogStore.readOnly(dir).read().isFinished(DONE)).isTrue();
  }

  @Test
  void aPositionLogOfOnlyNulBytesAloneFailsTheRunToo() throws IOException {
    Files.write(pos(), new byte[512]);
    assertThatThrownBy(() -> copyOfA().run(LogStore.in(dir), TASK))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(pos() + " holds only NUL bytes (512 bytes)");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4096})
  void aFinishedLogOfOnlyNulBytesFailsTheRunNamingTheFileAndKeepsIt(int size) throws IOException {
    write(pos(), positionLine("a", 40));
    Files.write(fin(), new byte[size]);
    CountingCopy done = new CountingCopy(DONE, 50, 10);
    assertThatThrownBy(() -> done.run(LogStore.in(dir), TASK))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(fin().toString())
        .hasMessageContaining("only NUL bytes (" + size + " bytes)")
        .hasMessageContaining("finished marks it held are lost");
    assertThat(done.target).isEmpty();
    assertThat(Files.readAllBytes(fin())).isEqualTo(new byte[size]);
    assertThat(Files.readString(pos())).isEqualTo(positionLine("a", 40));
    assertThatThrownBy(() -> LogStore.readOnly(dir).read())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(fin().toString());
  }

  @Test
  void aStatusLogOfOnlyNulBytesFailsTheOpenNamingTheFile() throws IOException {
    Path status = dir.resolve(StatusLog.FILE);
    Files.write(status, new byte[300]);
    assertThatThrownBy(() -> LogStore.in(dir).open(TASK))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(status + " holds only NUL bytes (300 bytes)");
    assertThat(Files.size(status)).isEqualTo(300);
  }

  @Test
  void aNulTailAfterWholeLinesIsStillATornWriteAndTheRunResumesFromTheLastLine()
      throws IOException {
    write(pos(), positionLine("a", 30) + positionLine("a", 40));
    Files.write(pos(), new byte[4096], StandardOpenOption.APPEND);
    CountingCopy a = copyOfA();
    a.run(LogStore.in(dir), TASK);
    assertThat(a.starts).containsExactly(41);
    assertThat(a.target.firstKey()).isEqualTo(41);
    assertThat(LogStore.readOnly(dir).read().isFinished(A)).isTrue();
  }
}
