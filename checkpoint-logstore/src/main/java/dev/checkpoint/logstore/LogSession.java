package dev.checkpoint.logstore;

import dev.checkpoint.Position;
import dev.checkpoint.PositionJson;
import dev.checkpoint.ResumeState;
import dev.checkpoint.StoreException;
import dev.checkpoint.TableRef;
import dev.checkpoint.TableStatus;
import dev.checkpoint.TaskSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The writer of one log directory. Thread-safe; every file operation holds the session lock. */
final class LogSession implements TaskSession {
  private static final Logger LOG = LoggerFactory.getLogger(LogSession.class);
  static final String STATE_FILE = "state.json";
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  private final LogStore store;
  private final String taskId;
  private final DirLock lock;
  private final AppendLog positions;
  private final AppendLog finished;
  private final PositionIndex index = new PositionIndex();
  private final StatusLog statuses;
  private final Path stateFile;
  private final ScheduledExecutorService forcer;
  private long appended;
  private final AtomicLong forced = new AtomicLong();
  private volatile IOException asyncFailure;
  private String broken;
  private boolean closed;

  /** Cuts torn tails, reads both files in full, then opens them for appending. */
  LogSession(LogStore store, String taskId, DirLock lock) throws IOException {
    this.store = store;
    this.taskId = taskId;
    this.lock = lock;
    Path dir = store.dir();
    Path pos = dir.resolve(States.POSITION_LOG);
    Path fin = dir.resolve(States.FINISHED_LOG);
    for (Path p : new Path[] {pos, fin}) {
      DurableFiles.removeLeftover(p);
      WholeLastLine.end(p);
      DurableFiles.cutTornTail(p);
    }
    LogReader.Result p = LogReader.read(pos, FileKind.POSITION_LOG);
    index.addForeign(p.lineCount() - p.lines().size());
    for (LogLine line : p.lines()) {
      index.add(line.tag() == Tag.CHECKPOINT ? Tag.CHECKPOINT : Tag.CURRENT, line.record().table(), line.text());
    }
    for (LogLine line : LogReader.read(fin, FileKind.FINISHED_LOG).lines()) {
      index.finish(line.record().table());
    }
    this.stateFile = dir.resolve(STATE_FILE);
    DurableFiles.removeLeftover(stateFile);
    this.positions = new AppendLog(pos);
    try {
      this.finished = new AppendLog(fin);
    } catch (IOException e) {
      positions.close();
      throw e;
    }
    try {
      this.statuses = new StatusLog(dir, store.compactAt());
    } catch (IOException | RuntimeException e) {
      positions.close();
      finished.close();
      throw e;
    }
    try {
      // The files may have just been created: make their directory entries durable.
      DurableFiles.syncDir(dir);
      if (index.needsCompaction(store.compactAt())) {
        compact();
      }
    } catch (IOException e) {
      positions.close();
      finished.close();
      statuses.close();
      throw e;
    }
    if (store.fsync() == FsyncPolicy.ASYNC) {
      long every = store.fsyncInterval().toNanos();
      forcer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "checkpoint-logstore-fsync " + dir);
                t.setDaemon(true);
                return t;
              });
      forcer.scheduleWithFixedDelay(this::forceInBackground, every, every, TimeUnit.NANOSECONDS);
    } else {
      forcer = null;
    }
  }

  @Override
  public String taskId() {
    return taskId;
  }

  @Override
  public synchronized ResumeState load() {
    ensureOpen();
    return States.fromLogDir(store.dir());
  }

  @Override
  public synchronized void record(TableRef table, Position position) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(position, "position");
    if (!(position instanceof Position.Keyed || position instanceof Position.RowOffset)) {
      throw new IllegalArgumentException(
          "record takes a keyed or row-offset position, was " + position + "; use finish(table)");
    }
    ensureWritable();
    String line = now() + " | " + Tag.CURRENT.text() + " | " + PositionJson.write(table, position);
    try {
      positions.append(bytes(line));
      index.add(Tag.CURRENT, table, line);
      appended(positions);
      if (index.needsCompaction(store.compactAt())) {
        compact();
      }
    } catch (IOException e) {
      throw fail("cannot append to " + positions.path(), e);
    }
  }

  @Override
  public synchronized void finish(TableRef table) {
    Objects.requireNonNull(table, "table");
    ensureWritable();
    if (index.isFinished(table)) {
      return; // its line is in finished.log already: keep the file at one line per table
    }
    String line = now() + " | " + PositionJson.write(table, Position.finished());
    try {
      finished.append(bytes(line));
      index.finish(table);
      appended(finished);
    } catch (IOException e) {
      throw fail("cannot append to " + finished.path(), e);
    }
  }

  @Override
  public synchronized void reset(TableRef table) {
    Objects.requireNonNull(table, "table");
    ensureWritable();
    boolean hadPosition = index.hasPosition(table);
    boolean wasFinished = index.isFinished(table);
    index.remove(table);
    try {
      // Position first: if a crash stops us in between, the table is still marked finished
      // (as after any compaction) rather than resumable from a position the user discarded.
      if (hadPosition) {
        rewritePositions();
      }
      if (wasFinished) {
        finished.replace(without(finished.path(), table));
      }
      statuses.remove(table);
    } catch (IOException e) {
      throw fail("cannot reset " + table + " in " + store.dir(), e);
    }
  }

  @Override
  public synchronized void resetAll() {
    ensureWritable();
    try {
      positions.truncateAll();
      finished.truncateAll();
      index.clear();
      statuses.clear();
      Files.deleteIfExists(stateFile);
      DurableFiles.syncDir(store.dir());
    } catch (IOException e) {
      throw fail("cannot reset the logs in " + store.dir(), e);
    }
  }

  @Override
  public synchronized Map<TableRef, TableStatus> loadStatuses() {
    ensureOpen();
    return statuses.statuses();
  }

  @Override
  public synchronized void recordStatus(TableStatus status) {
    Objects.requireNonNull(status, "status");
    ensureWritable();
    try {
      appended(statuses.record(status, now()));
    } catch (IOException e) {
      throw fail("cannot append to " + statuses.log().path(), e);
    }
  }

  @Override
  public synchronized Optional<String> loadState() {
    ensureOpen();
    return readState(store.dir());
  }

  /** Only the latest state is kept: the file is replaced atomically, whatever the fsync policy. */
  @Override
  public synchronized void recordState(String json) {
    Objects.requireNonNull(json, "json");
    ensureWritable();
    try {
      DurableFiles.replace(stateFile, json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw fail("cannot write " + stateFile, e);
    }
  }

  static Optional<String> readState(Path dir) {
    Path file = dir.resolve(STATE_FILE);
    try {
      return Files.exists(file)
          ? Optional.of(Files.readString(file, StandardCharsets.UTF_8))
          : Optional.empty();
    } catch (IOException e) {
      throw new StoreException("cannot read " + file + ": " + e, e);
    }
  }

  @Override
  public synchronized void flush() {
    ensureWritable();
    if (store.fsync() != FsyncPolicy.ASYNC) {
      return; // ALWAYS has forced every line already; NEVER leaves it to the OS by definition
    }
    try {
      forceBoth();
    } catch (IOException e) {
      throw fail("cannot fsync the logs in " + store.dir(), e);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    // Outside the lock: the background forcer takes it, and it must be able to finish.
    if (forcer != null) {
      forcer.shutdown();
      try {
        forcer.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    IOException failure = asyncFailure;
    synchronized (this) {
      try {
        if (store.fsync() == FsyncPolicy.ASYNC && broken == null && failure == null) {
          forceBoth();
        }
      } catch (IOException e) {
        failure = e;
      } finally {
        closeQuietly();
        store.closed(this);
      }
    }
    if (failure != null) {
      throw new StoreException(
          "cannot fsync the logs in " + store.dir() + " on close; recent positions may be lost: "
              + failure,
          failure);
    }
  }

  private void closeQuietly() {
    for (AppendLog log : new AppendLog[] {positions, finished, statuses.log()}) {
      try {
        log.close();
      } catch (IOException e) {
        LOG.warn("cannot close {}: {}", log.path(), e.toString());
      }
    }
    try {
      lock.release();
    } catch (IOException e) {
      LOG.warn("cannot release the lock of {}: {}", store.dir(), e.toString());
    }
  }

  /** Whether every line recorded so far has been forced to disk (ASYNC tests use this). */
  boolean durable() {
    synchronized (this) {
      return store.fsync() != FsyncPolicy.ASYNC || forced.get() >= appended;
    }
  }

  private void appended(AppendLog log) throws IOException {
    switch (store.fsync()) {
      case ALWAYS:
        log.force();
        break;
      case ASYNC:
        appended++;
        break;
      default:
        break;
    }
  }

  private void forceBoth() throws IOException {
    long target = appended;
    positions.force();
    finished.force();
    statuses.log().force();
    forced.accumulateAndGet(target, Math::max);
  }

  /** Group commit: one fsync per file covers every line appended since the last round. */
  private void forceInBackground() {
    long target;
    FileChannel p;
    FileChannel f;
    FileChannel st;
    synchronized (this) {
      if (closed || broken != null || asyncFailure != null || forced.get() >= appended) {
        return;
      }
      target = appended;
      p = positions.channel();
      f = finished.channel();
      st = statuses.log().channel();
    }
    try {
      p.force(false);
      f.force(false);
      st.force(false);
      forced.accumulateAndGet(target, Math::max);
    } catch (ClosedChannelException e) {
      // A rewrite swapped the channel (and forced the new file) or the session closed: the
      // next round forces whatever is current.
    } catch (IOException e) {
      asyncFailure = e;
      LOG.error("background fsync of the logs in {} failed: {}", store.dir(), e.toString());
    }
  }

  private void compact() throws IOException {
    int before = index.lines();
    rewritePositions();
    LOG.debug("compacted {}: {} lines -> {}", positions.path(), before, index.lines());
  }

  private void rewritePositions() throws IOException {
    // A compacted file no longer holds finished tables' positions: their finished lines must be
    // on disk before the file that forgets the positions replaces the old one.
    finished.force();
    positions.replace(index.compact());
  }

  /** The file's complete lines, minus those of the table. */
  private static byte[] without(Path file, TableRef table) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String name = file.toString();
    try (InputStream in = Files.newInputStream(file)) {
      LogReader.forEachLine(
          in,
          (number, text, terminated) -> {
            if (!terminated) {
              return;
            }
            boolean drop =
                !text.isBlank()
                    && LineParser.parse(text, name, number)
                        .map(l -> l.record().table().equals(table))
                        .orElse(false);
            if (!drop) {
              out.writeBytes(bytes(text));
            }
          });
    }
    return out.toByteArray();
  }

  private static String now() {
    // UTC, as ape-dts writes its log timestamps.
    return LocalDateTime.now(ZoneOffset.UTC).format(TIMESTAMP);
  }

  private static byte[] bytes(String line) {
    return (line + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(
          "the session of task " + taskId + " on " + store.dir() + " is closed");
    }
  }

  private void ensureWritable() {
    ensureOpen();
    if (broken != null) {
      throw new StoreException(
          "the session of task "
              + taskId
              + " on "
              + store.dir()
              + " cannot write after an earlier failure ("
              + broken
              + "); close it and open the directory again");
    }
    IOException failure = asyncFailure;
    if (failure != null) {
      broken = "background fsync failed: " + failure;
      throw new StoreException(
          "background fsync of the logs in " + store.dir() + " failed; recent positions may be lost: "
              + failure,
          failure);
    }
  }

  private StoreException fail(String what, IOException e) {
    broken = what + ": " + e;
    return new StoreException(what + ": " + e, e);
  }
}
