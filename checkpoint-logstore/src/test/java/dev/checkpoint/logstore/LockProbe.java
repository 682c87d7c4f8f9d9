package dev.checkpoint.logstore;

import dev.checkpoint.TaskLockedException;
import dev.checkpoint.TaskSession;
import java.nio.file.Path;

/**
 * Run in a separate JVM by {@link LockTest}: tries to open a log directory for writing and says
 * what happened on stdout and in the exit code (0 opened, 3 locked, 4 other error).
 */
final class LockProbe {
  private LockProbe() {}

  public static void main(String[] args) {
    try (TaskSession s = LogStore.in(Path.of(args[0])).open(args[1])) {
      System.out.println("OPENED " + s.taskId());
      System.exit(0);
    } catch (TaskLockedException e) {
      System.out.println("LOCKED " + e.getMessage());
      System.exit(3);
    } catch (RuntimeException e) {
      System.out.println("ERROR " + e);
      System.exit(4);
    }
  }
}
