package dev.checkpoint.logstore;

import dev.checkpoint.PositionStore;
import dev.checkpoint.ResumeSource;
import dev.checkpoint.StoreException;
import dev.checkpoint.TaskLockedException;
import dev.checkpoint.spi.RecordChange;
import dev.checkpoint.spi.RecordSession;
import dev.checkpoint.spi.SharedRecordStore;
import dev.checkpoint.spi.StoreRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps one task's positions in a log directory, in the files ape-dts writes:
 *
 * <pre>
 * position.log   2024-10-10 04:04:08.152044 | current_position | {"type":"RdbSnapshot",...}
 * finished.log   2024-10-10 04:04:07.803422 | {"type":"RdbSnapshotFinished",...}
 * </pre>
 *
 * <pre>{@code
 * PositionStore store = LogStore.in(Path.of("logs"));
 * PositionStore tuned = LogStore.builder().dir(Path.of("logs")).fsync(FsyncPolicy.ASYNC).build();
 * }</pre>
 *
 * <p>One task per directory (seed 001): the directory's {@code task_id} file names the task that
 * owns it, and opening it for another task is refused. One writer at a time: {@link #open} takes an
 * OS lock on {@code checkpoint.lock} and a second live writer, in another process or in this JVM,
 * gets a {@link TaskLockedException}. position.log is compacted to the latest line per table as it
 * grows, so it stays bounded. See {@code docs/formats.md} for every detail.
 */
public final class LogStore implements PositionStore, SharedRecordStore {
  private final Path dir;
  private final FsyncPolicy fsync;
  private final Duration fsyncInterval;
  private final int compactAt;
  private LogSession session;

  /** The records of a chunked run in this process (kind NUL key), while its session is open. */
  private Map<String, StoreRecord> shared;

  private LogStore(Builder b) {
    this.dir = b.dir;
    this.fsync = b.fsync;
    this.fsyncInterval = b.fsyncInterval;
    this.compactAt = b.compactAt;
  }

  /**
   * A store in {@code dir} with the defaults: {@link FsyncPolicy#ALWAYS}, compaction at 100.
   *
   * @param dir the log directory; created on {@code open} if missing
   * @return the store
   */
  public static LogStore in(Path dir) {
    return builder().dir(dir).build();
  }

  /**
   * Starts a store's settings.
   *
   * @return a builder; {@link Builder#dir} is required
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads position.log and finished.log of a directory (another task's logs, or the seeds'
   * hand-written {@code resume_log_dir}) without locking or writing anything. Each {@code read()}
   * reads the files afresh; missing files and files of zero bytes read as empty, a file of only NUL
   * bytes is a {@link StoreException}.
   *
   * @param dir the log directory to read
   * @return a source of the directory's positions and finished tables
   */
  public static ResumeSource readOnly(Path dir) {
    Objects.requireNonNull(dir, "dir");
    return () -> States.fromLogDir(dir);
  }

  /**
   * The log directory.
   *
   * @return the directory, as given to the builder
   */
  public Path dir() {
    return dir;
  }

  FsyncPolicy fsync() {
    return fsync;
  }

  Duration fsyncInterval() {
    return fsyncInterval;
  }

  int compactAt() {
    return compactAt;
  }

  /**
   * Opens the directory for writing: creates it if needed, takes the lock, binds the directory to
   * the task, cuts a torn last line left by a crash (with a warning) and reads both files in full.
   *
   * @throws TaskLockedException if another live writer holds the directory
   * @throws StoreException if the directory belongs to another task or cannot be used, or a log
   *     file in it holds only NUL bytes (its data was lost in a power loss; it is not read as
   *     empty)
   * @throws dev.checkpoint.InvalidPositionException naming file and line of a bad line
   */
  @Override
  public synchronized RecordSession openSession(String taskId) {
    Objects.requireNonNull(taskId, "taskId");
    if (taskId.isBlank()) {
      throw new IllegalArgumentException("taskId must not be blank, was \"" + taskId + "\"");
    }
    DirLock lock;
    try {
      Files.createDirectories(dir);
      lock = DirLock.acquire(dir);
    } catch (IOException e) {
      throw new StoreException("cannot open log directory " + dir + ": " + e, e);
    }
    try {
      DirLock.claim(dir, taskId);
      session = new LogSession(this, taskId, lock);
      return session;
    } catch (IOException | RuntimeException e) {
      try {
        lock.release();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new StoreException("cannot open log directory " + dir + ": " + e, e);
    }
  }

  /**
   * Reads the directory's records without taking the lock; during a chunked run in this process,
   * the records that run keeps.
   *
   * @throws StoreException if the directory belongs to another task
   */
  @Override
  public List<StoreRecord> readRecords(String taskId) {
    Objects.requireNonNull(taskId, "taskId");
    synchronized (this) {
      if (shared != null && session != null && session.taskId().equals(taskId)) {
        return List.copyOf(shared.values());
      }
    }
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try {
      String owner = DirLock.owner(dir);
      if (owner != null && !owner.equals(taskId)) {
        throw DirLock.otherTask(dir, owner, taskId);
      }
    } catch (IOException e) {
      throw new StoreException("cannot read " + dir.resolve(DirLock.TASK_FILE) + ": " + e, e);
    }
    return LogRecords.of(dir);
  }

  /**
   * A conditional write for chunked runs in this process (their threads share this store). The
   * first one opens the directory for the task and keeps it until {@link #close}: a second process
   * on the same directory is refused by the directory's lock, so chunked runs across processes need
   * a store they can share (the JDBC store). A table's position is written as a {@code
   * checkpoint_position} line, as ape-dts's chunk mode writes it; chunk plans and chunks go to
   * chunks.json.
   *
   * @throws TaskLockedException if another process holds the directory
   */
  @Override
  public boolean compareAndSet(
      String taskId, String kind, String key, String expected, String next) {
    LogSession s = sharedSession(taskId);
    // Lock order everywhere: the session, then this store (the session's apply calls applied()).
    synchronized (s) {
      synchronized (this) {
        if (session != s) {
          throw new IllegalStateException("log store " + dir + " was closed during a chunked run");
        }
        StoreRecord now = shared.get(kind + '\0' + key);
        if (now == null ? expected != null : !now.data().equals(expected)) {
          return false;
        }
      }
      s.applyShared(
          List.of(
              next == null
                  ? RecordChange.delete(kind, key)
                  : RecordChange.upsert(kind, key, next)));
      return true;
    }
  }

  /**
   * The session chunked runs write through, with {@link #shared} loaded: the store's open session
   * (a checkpointer of this process may have opened it), else one opened for the task.
   */
  private LogSession sharedSession(String taskId) {
    LogSession s;
    synchronized (this) {
      if (session == null) {
        try {
          openSession(taskId);
        } catch (TaskLockedException e) {
          throw new TaskLockedException(
              e.getMessage()
                  + ". A log directory serves the worker threads of one process; for workers in"
                  + " several processes use a store they can share (JdbcPositionStore)");
        }
      } else if (!session.taskId().equals(taskId)) {
        throw new IllegalArgumentException(
            "this log store holds task " + session.taskId() + ", not " + taskId);
      }
      s = session;
      if (shared != null) {
        return s;
      }
    }
    synchronized (s) {
      List<StoreRecord> records = s.load();
      synchronized (this) {
        if (shared == null && session == s) {
          shared = new LinkedHashMap<>();
          for (StoreRecord r : records) {
            shared.put(r.kind() + '\0' + r.key(), r);
          }
        }
      }
    }
    return s;
  }

  /** The session wrote these changes: the chunked run's view of the records follows. */
  synchronized void applied(List<RecordChange> changes) {
    if (shared == null) {
      return;
    }
    for (RecordChange c : changes) {
      String id = c.kind() + '\0' + c.key();
      if (c.isDelete()) {
        shared.remove(id);
      } else {
        shared.put(id, new StoreRecord(c.kind(), c.key(), c.data(), dir.toString()));
      }
    }
  }

  /** Closes the session still open from this store, if any, releasing the directory. */
  @Override
  public void close() {
    LogSession s;
    synchronized (this) {
      s = session;
    }
    if (s != null) {
      s.close();
    }
  }

  /** The session this store has open, or null: for tests. */
  synchronized LogSession openLogSession() {
    return session;
  }

  synchronized void closed(LogSession s) {
    if (session == s) {
      session = null;
      shared = null;
    }
  }

  @Override
  public String toString() {
    return "LogStore[" + dir + ", fsync=" + fsync + "]";
  }

  /** Settings of a {@link LogStore}; {@link #dir} is required, the rest have defaults. */
  public static final class Builder {
    private Path dir;
    private FsyncPolicy fsync = FsyncPolicy.ALWAYS;
    private Duration fsyncInterval = Duration.ofMillis(100);
    private int compactAt = 100;

    private Builder() {}

    /**
     * Required. The log directory; created on {@code open} if missing.
     *
     * @param dir the directory
     * @return this builder
     */
    public Builder dir(Path dir) {
      this.dir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * When lines are forced to disk. Default: {@link FsyncPolicy#ALWAYS}.
     *
     * @param fsync the policy
     * @return this builder
     */
    public Builder fsync(FsyncPolicy fsync) {
      this.fsync = Objects.requireNonNull(fsync, "fsync");
      return this;
    }

    /**
     * How often the background thread of {@link FsyncPolicy#ASYNC} forces new lines. Default: 100
     * ms. Ignored by the other policies.
     *
     * @param fsyncInterval the interval
     * @return this builder
     * @throws IllegalArgumentException if {@code fsyncInterval} is zero or negative
     */
    public Builder fsyncInterval(Duration fsyncInterval) {
      Objects.requireNonNull(fsyncInterval, "fsyncInterval");
      if (fsyncInterval.isNegative() || fsyncInterval.isZero()) {
        throw new IllegalArgumentException("fsyncInterval must be > 0, was " + fsyncInterval);
      }
      this.fsyncInterval = fsyncInterval;
      return this;
    }

    /**
     * The line count position.log may reach before it is compacted. Compaction happens once the
     * file holds more than this many lines and more than twice the lines it would keep (the latest
     * per table). Default: 100.
     *
     * @param lines the line count
     * @return this builder
     * @throws IllegalArgumentException if {@code lines} is less than 1
     */
    public Builder compactAt(int lines) {
      if (lines < 1) {
        throw new IllegalArgumentException("compactAt must be >= 1, was " + lines);
      }
      this.compactAt = lines;
      return this;
    }

    /**
     * Builds the store. Nothing is opened or created until {@link LogStore#open}.
     *
     * @return the store
     * @throws IllegalArgumentException if no directory was set
     */
    public LogStore build() {
      if (dir == null) {
        throw new IllegalArgumentException("dir is required");
      }
      return new LogStore(this);
    }
  }
}
