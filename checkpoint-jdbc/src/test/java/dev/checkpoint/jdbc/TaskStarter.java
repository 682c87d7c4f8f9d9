package dev.checkpoint.jdbc;

import dev.checkpoint.Batch;
import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.Position;
import dev.checkpoint.PositionStore;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskLockedException;
import dev.checkpoint.logstore.LogStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A process that starts a copy of ids 1..{@value #ROWS} on a task (for {@link HundredStartsIT}):
 * exit 0 when it got the task and copied, {@value #REFUSED} when the task was held (the message of
 * the {@link TaskLockedException} on its output), 1 on anything else. The copy appends each batch's
 * ids to a target file, and after half the rows waits for a release file, so a test decides how
 * long the task stays held.
 *
 * <p>Arguments: the store ({@code log:DIR} or {@code MYSQL|POSTGRES:URL|TABLE}), the task, the
 * target file, the release file.
 */
public final class TaskStarter {
  static final int ROWS = 2000;
  static final int BATCH = 100;
  static final int REFUSED = 3;
  static final TableRef TABLE = TableRef.of("jdbc", "torture", "ids");

  private TaskStarter() {}

  public static void main(String[] args) {
    int exit;
    try (PositionStore store = store(args[0])) {
      exit = copy(store, args[1], Path.of(args[2]), Path.of(args[3]));
    } catch (TaskLockedException e) {
      System.out.println("REFUSED (" + e.getClass().getSimpleName() + "): " + e.getMessage());
      exit = REFUSED;
    } catch (Throwable e) {
      e.printStackTrace(System.out);
      exit = 1;
    }
    System.out.flush();
    System.exit(exit);
  }

  static PositionStore store(String spec) {
    if (spec.startsWith("log:")) {
      return LogStore.in(Path.of(spec.substring(4)));
    }
    String[] kindAndRest = spec.split(":", 2);
    String[] urlAndTable = kindAndRest[1].split("\\|", 2);
    return JdbcPositionStore.builder().url(urlAndTable[0]).tableFullName(urlAndTable[1]).build();
  }

  /**
   * Opens the task and copies; throws {@link TaskLockedException} when it is held.
   *
   * @return 0
   */
  static int copy(PositionStore store, String task, Path target, Path release) {
    try (Checkpointer cp =
        Checkpointer.builder()
            .taskId(task)
            .store(store)
            .policy(CheckpointPolicy.everyBatch())
            .build()) {
      System.out.println("GOT THE TASK");
      System.out.flush();
      cp.run(TABLE, source(release), ids -> append(target, ids));
    }
    return 0;
  }

  private static void append(Path target, List<Integer> ids) throws IOException {
    StringBuilder sb = new StringBuilder();
    ids.forEach(id -> sb.append(id).append('\n'));
    Files.writeString(
        target,
        sb,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND,
        StandardOpenOption.SYNC);
  }

  private static Source<Integer> source(Path release) {
    return decision -> {
      int first =
          decision
              .position()
              .map(p -> Integer.parseInt(((Position.Keyed) p).columns().get(0).value()) + 1)
              .orElse(1);
      return new Source.Cursor<>() {
        int next = first;

        @Override
        public Batch<Integer> next() {
          if (next > ROWS) {
            return null;
          }
          if (next > ROWS / 2) {
            awaitRelease(release);
          }
          List<Integer> ids = new ArrayList<>();
          for (int i = 0; i < BATCH && next <= ROWS; i++) {
            ids.add(next++);
          }
          return new Batch<>(ids, Position.keyed("id", Integer.toString(next - 1)));
        }

        @Override
        public void close() {}
      };
    };
  }

  private static void awaitRelease(Path release) {
    long deadline = System.nanoTime() + 600_000_000_000L;
    while (!Files.exists(release)) {
      if (System.nanoTime() > deadline) {
        throw new UncheckedIOException(new IOException("no " + release + " within 10 minutes"));
      }
      StoreFixtures.sleep(20);
    }
  }
}
