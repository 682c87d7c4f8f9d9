package dev.checkpoint.logstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.checkpoint.Position;
import dev.checkpoint.StoreException;
import dev.checkpoint.TableRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk under a log directory fails during a run: it fills up while a position line is appended
 * or while a compaction writes its temp file, or it goes read-only. Each time the run fails with a
 * {@link StoreException} naming the file and what was being done, and once the disk is fixed a new
 * run resumes exactly after the last position that was written whole: no torn line is taken as a
 * position, no earlier position is lost.
 *
 * <p>The disk is a tmpfs of 64 KiB mounted for each test (root only: see {@link TinyDisk}).
 */
class LogStoreFaultsIT {
  private static final String TASK = "task";
  private static final TableRef A = TableRef.of("mysql", "s", "a");

  @TempDir Path tmp;
  private TinyDisk disk;
  private Path logs;

  @BeforeEach
  void mountTinyDisk() throws IOException {
    disk = TinyDisk.mount(tmp.resolve("disk"), "64k");
    logs = disk.dir.resolve("logs");
  }

  @AfterEach
  void unmount() throws IOException {
    if (disk != null) {
      disk.close();
    }
  }

  private Path pos() {
    return logs.resolve("position.log");
  }

  private static int lastId(Position p) {
    return Integer.parseInt(((Position.Keyed) p).columns().get(0).value());
  }

  private int positionOnDisk() {
    return lastId(LogStore.readOnly(logs).read().position(A).orElseThrow());
  }

  @Test
  void aFullDiskDuringAPositionAppendFailsTheRunAndTheRerunResumesAfterTheLastWholeLine()
      throws IOException {
    // No compaction: the appends alone must cross into a page the full disk cannot give.
    LogStore store = LogStore.builder().dir(logs).compactAt(1_000_000).build();
    CountingCopy copy = new CountingCopy(A, 2000, 1);
    long[] filled = {0};
    assertThatThrownBy(
            () ->
                copy.run(
                    store,
                    TASK,
                    id -> {
                      if (id == 5) {
                        filled[0] = fill();
                      }
                    }))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("appending to " + pos())
        .hasMessageContaining("No space left on device");
    assertThat(filled[0]).isPositive();
    int failed = copy.target.lastKey(); // the batch whose position could not be written
    assertThat(failed).isGreaterThan(5).isLessThan(2000);
    // The fault under test: the failed append left part of its line behind.
    byte[] onDisk = Files.readAllBytes(pos());
    assertThat(onDisk[onDisk.length - 1])
        .as("position.log ends in a torn line")
        .isNotEqualTo((byte) '\n');
    try (LogCapture log = LogCapture.logstore(Level.WARN)) {
      assertThat(positionOnDisk()).isEqualTo(failed - 1);
      assertThat(log.messages(Level.WARN)).anyMatch(m -> m.contains("no line end"));
    }

    disk.free();
    copy.run(LogStore.in(logs), TASK);
    assertThat(copy.starts).containsExactly(1, failed);
    assertThat(copy.complete()).isTrue();
    // At least once: only the batch whose position was lost is delivered again.
    assertThat(copy.duplicates()).containsExactly(failed);
    assertThat(Files.readAllLines(pos())).noneMatch(l -> l.contains("\0"));
  }

  @Test
  void aFullDiskDuringACompactionFailsTheRunNamingTheTempFileAndTheRerunResumesExactly()
      throws IOException {
    // position.log stays within its first page (at most a few lines between compactions), so
    // only the compaction's temp file needs a page of the full disk.
    LogStore store = LogStore.builder().dir(logs).compactAt(5).build();
    CountingCopy copy = new CountingCopy(A, 500, 1);
    assertThatThrownBy(
            () ->
                copy.run(
                    store,
                    TASK,
                    id -> {
                      if (id == 8) {
                        fill();
                      }
                    }))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("compacting " + pos())
        .hasMessageContaining("cannot write " + pos() + ".tmp")
        .hasMessageContaining("No space left on device");
    int failed = copy.target.lastKey();
    assertThat(failed).isGreaterThan(8).isLessThan(500);
    // Compaction runs after the append, so the failed batch's line is whole in position.log;
    // the half-written temp file is gone, giving its space back.
    assertThat(positionOnDisk()).isEqualTo(failed);
    assertThat(Files.exists(logs.resolve("position.log.tmp"))).isFalse();

    disk.free();
    copy.run(LogStore.in(logs), TASK);
    assertThat(copy.starts).containsExactly(1, failed + 1);
    assertThat(copy.complete()).isTrue();
    assertThat(copy.duplicates()).isEmpty();
  }

  @Test
  void aDiskStillFullWhenTheNextRunOpensFailsThatRunTooAndKeepsThePosition() throws IOException {
    LogStore store = LogStore.builder().dir(logs).compactAt(1_000_000).build();
    CountingCopy copy = new CountingCopy(A, 2000, 1);
    assertThatThrownBy(
            () ->
                copy.run(
                    store,
                    TASK,
                    id -> {
                      if (id == 3) {
                        fill();
                      }
                    }))
        .isInstanceOf(StoreException.class);
    int failed = copy.target.lastKey();
    // Opening cuts the torn line (that frees bytes, needs none) and the run resumes at the failed
    // batch, whose line needs the same bytes the disk did not have: it tears and fails again.
    assertThatThrownBy(() -> copy.run(LogStore.in(logs), TASK))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("appending to " + pos())
        .hasMessageContaining("No space left on device");
    assertThat(copy.starts).containsExactly(1, failed);
    assertThat(positionOnDisk()).isEqualTo(failed - 1);

    disk.free();
    copy.run(LogStore.in(logs), TASK);
    assertThat(copy.starts).containsExactly(1, failed, failed);
    assertThat(copy.complete()).isTrue();
    assertThat(copy.duplicates()).containsExactly(failed);
    assertThat(copy.target.get(failed)).isEqualTo(3);
  }

  @Test
  void aRunHoldingTheLogDirectoryKeepsItWritableAndEndsExact() throws IOException {
    // Linux refuses "mount -o remount,ro" while a file on the disk is open for writing, and the
    // store holds its lock file and logs open for the whole run: the directory cannot become
    // read-only under it this way. Should a kernel allow it, the next write must fail loudly.
    CountingCopy copy = new CountingCopy(A, 300, 10);
    String[] remount = {"not tried"};
    try {
      copy.run(
          LogStore.in(logs),
          TASK,
          id -> {
            if (id == 100) {
              try {
                remount[0] = disk.remount(true);
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            }
          });
    } catch (StoreException e) {
      assertThat(remount[0]).as("the run failed without a read-only remount: %s", e).isNull();
      assertThat(e).hasMessageContaining(logs.toString()).hasMessageContaining("Read-only");
      assertThat(disk.remount(false)).isNull();
      copy.run(LogStore.in(logs), TASK);
      assertThat(copy.complete()).isTrue();
      assertThat(copy.starts).containsExactly(1, 101);
      return;
    }
    assertThat(remount[0]).as("mount's answer").isNotNull().contains("busy");
    assertThat(copy.complete()).isTrue();
    assertThat(copy.duplicates()).isEmpty();
  }

  @Test
  void aLogDirectoryThatBecameReadOnlyFailsTheRunAndTheRerunAfterRemountingResumesExactly()
      throws IOException {
    CountingCopy copy = new CountingCopy(A, 300, 10);
    assertThatThrownBy(
            () ->
                copy.run(
                    LogStore.in(logs),
                    TASK,
                    id -> {
                      if (id == 50) {
                        throw new IllegalStateException("the target went away at id 50");
                      }
                    }))
        .hasMessageContaining("id 50");
    assertThat(positionOnDisk()).isEqualTo(40);

    // Nothing holds the directory now, so the remount goes through.
    assertThat(disk.remount(true)).isNull();
    assertThatThrownBy(() -> copy.run(LogStore.in(logs), TASK))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(logs.toString())
        .hasMessageContaining("Read-only file system");
    assertThat(copy.starts).containsExactly(1);
    assertThat(positionOnDisk()).isEqualTo(40);

    assertThat(disk.remount(false)).isNull();
    copy.run(LogStore.in(logs), TASK);
    assertThat(copy.starts).containsExactly(1, 41);
    assertThat(copy.complete()).isTrue();
    assertThat(copy.duplicates()).isEmpty();
  }

  private long fill() {
    try {
      return disk.fill();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
