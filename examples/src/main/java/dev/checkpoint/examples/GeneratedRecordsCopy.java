package dev.checkpoint.examples;

import dev.checkpoint.Batch;
import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.Position;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.logstore.LogStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A resumable copy of generated records into a directory of batch files, checkpointed to the log
 * store after every committed batch.
 *
 * <p>The sink is idempotent the simple way: each batch is one file named by its key range, written
 * to a temporary name and renamed into place. If the process dies after a batch landed but before
 * its position was recorded, the resumed run writes the same batch to the same file again, so
 * nothing is repeated.
 */
public final class GeneratedRecordsCopy {
  static final TableRef TABLE = TableRef.of("demo", "generated", "records");

  private GeneratedRecordsCopy() {}

  /** {@code GeneratedRecordsCopy WORK_DIR TOTAL BATCH_SIZE PAUSE_MILLIS} */
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    long total = Long.parseLong(args[1]);
    int batchSize = Integer.parseInt(args[2]);
    long pauseMillis = Long.parseLong(args[3]);
    copy(work, total, batchSize, pauseMillis);
  }

  static void copy(Path work, long total, int batchSize, long pauseMillis) throws IOException {
    Path target = Files.createDirectories(work.resolve("target"));
    try (Checkpointer cp =
        Checkpointer.builder()
            .taskId("generated-records")
            .store(LogStore.in(work.resolve("logs")))
            .policy(CheckpointPolicy.everyBatch())
            .build()) {
      long copied =
          cp.run(
              TABLE,
              generated(total, batchSize),
              rows -> {
                writeBatch(target, rows);
                if (pauseMillis > 0) {
                  Thread.sleep(pauseMillis); // slow enough for the demo to kill it part-way
                }
              });
      System.out.println("copied " + copied + " records in this run");
    }
  }

  /** Records 1..total keyed on {@code id}; resumes after the recorded id. */
  static Source<String> generated(long total, int batchSize) {
    return decision -> {
      long start =
          decision
                  .position()
                  .map(p -> Long.parseLong(((Position.Keyed) p).values().get(0)))
                  .orElse(0L)
              + 1;
      return new Source.Cursor<>() {
        long next = start;

        @Override
        public Batch<String> next() {
          if (next > total) {
            return null;
          }
          List<String> rows = new ArrayList<>(batchSize);
          long last = Math.min(total, next + batchSize - 1);
          for (long id = next; id <= last; id++) {
            rows.add(id + "," + Long.toHexString(id * 0x9E3779B97F4A7C15L));
          }
          next = last + 1;
          return new Batch<>(rows, Position.keyed("id", Long.toString(last)));
        }

        @Override
        public void close() {}
      };
    };
  }

  private static void writeBatch(Path dir, List<String> rows) {
    String first = rows.get(0).substring(0, rows.get(0).indexOf(','));
    String last = rows.get(rows.size() - 1).substring(0, rows.get(rows.size() - 1).indexOf(','));
    Path file =
        dir.resolve(
            String.format("batch-%012d-%012d.csv", Long.parseLong(first), Long.parseLong(last)));
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    try {
      Files.write(tmp, rows, StandardCharsets.UTF_8);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
