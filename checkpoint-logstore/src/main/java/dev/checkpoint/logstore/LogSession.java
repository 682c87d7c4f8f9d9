package dev.checkpoint.logstore;

import dev.checkpoint.PositionKey;
import dev.checkpoint.StoreException;
import dev.checkpoint.TableRef;
import dev.checkpoint.TableStatus;
import dev.checkpoint.spi.RecordChange;
import dev.checkpoint.spi.RecordSession;
import dev.checkpoint.spi.StoreRecord;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of one log directory. Thread-safe; every file operation holds the session lock.
 *
 * <p>Over 350 lines: it owns the life cycle of the directory's open files (cut torn tails, append,
 * compact, fsync in the background, close), which would otherwise pass its channels around. What
 * one apply writes is worked out apart, in {@link LogChanges}.
 */
final class LogSession implements RecordSession {
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

  /** position_key -> table, for deletions (which carry only the key) and to skip re-parsing. */
  private final Map<String, TableRef> tables = new HashMap<>();

  private final StatusLog statuses;
  private final Path stateFile;

  /** chunks.json as it is on disk: kind -> key -> data. */
  private final Map<String, Map<String, String>> chunks;

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
      index.add(
          line.tag() == Tag.CHECKPOINT ? Tag.CHECKPOINT : Tag.CURRENT,
          line.record().table(),
          line.text());
    }
    for (LogLine line : LogReader.read(fin, FileKind.FINISHED_LOG).lines()) {
      index.finish(line.record().table());
      tables.put(PositionKey.of(line.record().table()), line.record().table());
    }
    for (LogLine line : p.lines()) {
      tables.put(PositionKey.of(line.record().table()), line.record().table());
    }
    this.stateFile = dir.resolve(STATE_FILE);
    DurableFiles.removeLeftover(stateFile);
    DurableFiles.removeLeftover(dir.resolve(ChunkFile.NAME));
    this.chunks = ChunkFile.read(dir);
    this.positions = new AppendLog(pos);
    try {
      this.finished = new AppendLog(fin);
    } catch (IOException e) {
      positions.close();
      throw e;
    }
    try {
      this.statuses = new StatusLog(dir, store.compactAt());
      statuses.statuses().keySet().forEach(t -> tables.put(PositionKey.of(t), t));
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

  String taskId() {
    return taskId;
  }

  @Override
  public synchronized List<StoreRecord> load() {
    ensureOpen();
    return LogRecords.of(store.dir());
  }

  /**
   * Maps each kind to its file: positions to position.log, finished marks to finished.log, statuses
   * to status.log, the task state to state.json. The lines of one file in one call go out in one
   * write. A deleted position whose table is finished in the same call needs no line: compaction
   * drops a finished table's position. Other deletions rewrite their file once per call.
   */
  @Override
  public synchronized void apply(List<RecordChange> changes) {
    apply(changes, Tag.CURRENT);
  }

  /**
   * As {@link #apply}, for a chunked run through the store's compare-and-set: a table's position
   * goes to position.log as a {@code checkpoint_position} line, the tag ape-dts's chunk mode writes
   * and reads for the bound below which every chunk is finished.
   */
  synchronized void applyShared(List<RecordChange> changes) {
    apply(changes, Tag.CHECKPOINT);
  }

  private void apply(List<RecordChange> changes, Tag positionTag) {
    ensureWritable();
    LogChanges plan = LogChanges.of(changes, index, tables, now(), store.dir(), positionTag);
    String now = now();
    String step = "writing";
    try {
      if (!plan.forgetPositions.isEmpty() || !plan.forgetFinished.isEmpty()) {
        step = "resetting " + plan.forgetPositions.size() + " table(s) in";
        forget(plan.forgetPositions, plan.forgetFinished);
      }
      if (plan.positions.length() > 0) {
        step = "appending to " + positions.path() + ", in";
        positions.append(plan.positions.toString().getBytes(StandardCharsets.UTF_8));
        appended(positions);
      }
      if (plan.finished.length() > 0) {
        step = "appending to " + finished.path() + ", in";
        finished.append(plan.finished.toString().getBytes(StandardCharsets.UTF_8));
        appended(finished);
      }
      // The index follows the position and finished files once their lines are written.
      plan.indexed.forEach(Runnable::run);
      for (TableRef t : plan.forgetStatuses) {
        step = "removing a status from " + statuses.log().path() + ", in";
        statuses.remove(t);
      }
      for (TableStatus st : plan.statuses) {
        step = "appending to " + statuses.log().path() + ", in";
        appended(statuses.record(st, now));
      }
      if (!plan.chunks.isEmpty()) {
        step = "writing " + ChunkFile.NAME + ", in";
        for (String[] c : plan.chunks) {
          if (c[2] == null) {
            chunks.get(c[0]).remove(c[1]);
          } else {
            chunks.get(c[0]).put(c[1], c[2]);
          }
        }
        ChunkFile.write(store.dir(), chunks);
      }
      if (plan.state != null) {
        step = "writing " + stateFile + ", in";
        DurableFiles.replace(stateFile, plan.state.getBytes(StandardCharsets.UTF_8));
      } else if (plan.dropState) {
        step = "deleting " + stateFile + ", in";
        Files.deleteIfExists(stateFile);
        DurableFiles.syncDir(store.dir());
      }
      if (plan.positions.length() > 0 && index.needsCompaction(store.compactAt())) {
        step = "compacting " + positions.path() + " (the lines were appended), in";
        compact();
      }
      store.applied(changes);
    } catch (IOException e) {
      throw fail(step + " " + store.dir(), e);
    }
  }

  /**
   * Drops tables' positions and finished lines. Positions first: if a crash stops us in between,
   * the table is still marked finished (as after any compaction) rather than resumable from a
   * position the user discarded.
   */
  private void forget(Set<TableRef> positionsOf, Set<TableRef> finishedOf) throws IOException {
    positionsOf.forEach(index::remove);
    finishedOf.forEach(index::remove);
    if (!positionsOf.isEmpty() || !finishedOf.isEmpty()) {
      rewritePositions();
    }
    if (!finishedOf.isEmpty()) {
      finished.replace(without(finished.path(), finishedOf));
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
          "cannot fsync the logs in "
              + store.dir()
              + " on close; recent positions may be lost: "
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

  /** The file's complete lines, minus those of the tables. */
  private static byte[] without(Path file, Set<TableRef> tables) throws IOException {
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
                        .map(l -> tables.contains(l.record().table()))
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
          "background fsync of the logs in "
              + store.dir()
              + " failed; recent positions may be lost: "
              + failure,
          failure);
    }
  }

  private StoreException fail(String what, IOException e) {
    broken = what + ": " + e;
    return new StoreException(what + ": " + e, e);
  }
}
