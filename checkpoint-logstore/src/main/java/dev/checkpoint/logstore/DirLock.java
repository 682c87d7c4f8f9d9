package dev.checkpoint.logstore;

import dev.checkpoint.StoreException;
import dev.checkpoint.TaskLockedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The single-writer lock of a log directory: an OS lock on {@code checkpoint.lock}, plus a JVM-wide
 * set of held directories.
 *
 * <p>The set is checked before the lock file is even opened, because on POSIX systems closing any
 * channel to a file drops every lock this process holds on it: a refused second open in the same
 * JVM must not close a channel and silently free the first writer's lock.
 */
final class DirLock {
  static final String LOCK_FILE = "checkpoint.lock";
  static final String TASK_FILE = "task_id";

  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;

  private DirLock(Path key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * @throws TaskLockedException naming the directory if another writer holds it
   */
  static DirLock acquire(Path dir) throws IOException {
    Path key = dir.toRealPath();
    Path lockFile = dir.resolve(LOCK_FILE);
    if (!HELD.add(key)) {
      throw new TaskLockedException(
          "log directory "
              + dir
              + " is already open for writing in this JVM (lock file "
              + lockFile
              + "): one writer per log directory; close the other session first");
    }
    FileChannel ch = null;
    try {
      ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new TaskLockedException(
            "log directory "
                + dir
                + " is held by another live writer"
                + holder(lockFile)
                + " (lock file "
                + lockFile
                + "): one writer per log directory");
      }
      // Who holds it, for the message above in the next process; the lock is what counts.
      ch.truncate(0);
      DurableFiles.writeFully(
          ch,
          ByteBuffer.wrap(
              ("pid=" + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
      return new DirLock(key, ch, lock);
    } catch (IOException | RuntimeException e) {
      HELD.remove(key);
      if (ch != null) {
        ch.close();
      }
      throw e;
    }
  }

  private static String holder(Path lockFile) {
    try {
      String s = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
      return s.startsWith("pid=") ? " (" + s.replace('=', ' ') + ")" : "";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /**
   * Binds the directory to the task: one task per log directory (seed 001). A directory without a
   * task file (new, or written by ape-dts) is taken over by this task.
   *
   * @throws StoreException if the directory belongs to another task
   */
  static void claim(Path dir, String taskId) throws IOException {
    Path file = dir.resolve(TASK_FILE);
    DurableFiles.removeLeftover(file);
    String owner = owner(dir);
    if (owner == null) {
      DurableFiles.replace(file, (taskId + "\n").getBytes(StandardCharsets.UTF_8));
    } else if (!owner.equals(taskId)) {
      throw otherTask(dir, owner, taskId);
    }
  }

  /** The task the directory belongs to, or null if it has no task file. */
  static String owner(Path dir) throws IOException {
    try {
      String s = Files.readString(dir.resolve(TASK_FILE), StandardCharsets.UTF_8);
      return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  static StoreException otherTask(Path dir, String owner, String taskId) {
    return new StoreException(
        "log directory "
            + dir
            + " belongs to task \""
            + owner
            + "\", not \""
            + taskId
            + "\": one task per log directory. Give this task its own log_dir, or delete "
            + dir.resolve(TASK_FILE)
            + " (and the logs) to hand the directory over");
  }

  void release() throws IOException {
    try {
      lock.release();
      channel.close();
    } finally {
      HELD.remove(key);
    }
  }
}
