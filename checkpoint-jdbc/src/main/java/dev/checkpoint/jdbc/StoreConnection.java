package dev.checkpoint.jdbc;

import dev.checkpoint.StoreException;
import dev.checkpoint.TaskLockedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one connection a store holds while any of its tasks is open. It carries the tasks'
 * session-level locks, which the server drops when the process dies (a restart after a crash is
 * never blocked), and every statement of the store's sessions, so a pool of one connection is
 * enough. If the connection dies, the next operation takes a new one, takes the locks again and
 * retries once; a task whose lock another process took meanwhile is fenced.
 *
 * <p>While a task is open a watchdog checks the held connection every {@link #WATCH_INTERVAL}: in
 * the same-transaction mode the store's own connection is otherwise idle, and a dead one would
 * leave the task's lock free for a second process until the store next used it. A dead connection
 * is reported at WARN and replaced at once, taking the locks again; while they cannot be taken
 * again, writes in the caller's transaction are refused.
 *
 * <p>About 350 lines: the connection, its locks and its watchdog are one life cycle.
 */
final class StoreConnection {
  private static final Logger LOG = LoggerFactory.getLogger(StoreConnection.class);

  /** Statements run in one transaction that {@link #run} commits. */
  interface Work<T> {
    T apply(Connection c) throws SQLException;
  }

  private final DataSource dataSource;
  private final StoreStatements sql;
  private final StoreErrors errors;

  /** How often the watchdog checks the connection that holds the task locks. */
  static final Duration WATCH_INTERVAL = Duration.ofMillis(250);

  private final Map<String, StoreSession> sessions = new LinkedHashMap<>();
  private Connection held;
  private ScheduledExecutorService watchdog;

  /** Why the locks are not held now (their connection died and could not be replaced), or null. */
  private volatile String locksLost;

  StoreConnection(DataSource dataSource, StoreStatements sql, StoreErrors errors) {
    this.dataSource = dataSource;
    this.sql = sql;
    this.errors = errors;
  }

  /** Takes the task's lock, advances its epoch and registers the session the factory makes. */
  synchronized StoreSession open(String taskId, Function<StoreEpoch.Epoch, StoreSession> factory) {
    if (sessions.containsKey(taskId)) {
      throw new TaskLockedException(
          "task " + taskId + " is already open in this store (position table " + sql.name + ")");
    }
    return run(
        "opening task " + taskId,
        c -> {
          if (!tryLock(c, taskId)) {
            throw new TaskLockedException(
                "task "
                    + taskId
                    + " is held by another live writer of position table "
                    + sql.name
                    + ": "
                    + StoreEpoch.lastOwner(c, sql, taskId)
                    + ". One writer per task: stop the other process or wait for it to end"
                    + " (a crashed process releases the task at once)");
          }
          try {
            StoreEpoch.Epoch epoch = StoreEpoch.advance(c, sql, taskId);
            c.commit();
            StoreSession s = factory.apply(epoch);
            sessions.put(taskId, s);
            startWatchdog();
            return s;
          } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c);
            unlockQuietly(c, taskId);
            throw e;
          }
        });
  }

  /**
   * Runs the work in a transaction on the held connection (or, with no task open, on a connection
   * borrowed for this call) and commits. A connection found dead is replaced and the work retried
   * once; every write re-checks its epoch, so a retry cannot write for a fenced session.
   */
  synchronized <T> T run(String what, Work<T> work) {
    try {
      for (int attempt = 1; ; attempt++) {
        Connection c;
        try {
          c = connection();
        } catch (SQLException e) {
          throw errors.wrap(what + " (getting a connection)", e);
        }
        try {
          T result = work.apply(c);
          c.commit();
          return result;
        } catch (SQLException e) {
          rollbackQuietly(c);
          if (attempt == 1 && !isValid(c)) {
            LOG.warn(
                "position table {}: connection lost while {} ({}); reconnecting",
                sql.name,
                what,
                errors.scrub(e.getMessage()));
            discard();
            continue;
          }
          throw errors.wrap(what, e);
        } catch (RuntimeException e) {
          rollbackQuietly(c);
          throw e;
        }
      }
    } finally {
      if (sessions.isEmpty()) {
        release();
      }
    }
  }

  /**
   * Fails unless the task locks are held: a write in the caller's transaction must not go ahead
   * while another process could take the task.
   */
  void requireLocks(String taskId) {
    String lost = locksLost;
    if (lost != null) {
      throw new StoreException(
          "task "
              + taskId
              + ": the position table's lock is not held ("
              + lost
              + "); refusing to write"
              + " until it is taken again");
    }
  }

  private void startWatchdog() {
    if (watchdog != null) {
      return;
    }
    watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "checkpoint-jdbc-lock-watchdog " + sql.name);
              t.setDaemon(true);
              return t;
            });
    long every = WATCH_INTERVAL.toMillis();
    watchdog.scheduleWithFixedDelay(this::watch, every, every, TimeUnit.MILLISECONDS);
  }

  /** For tests: stops the watchdog, as a frozen or dying process would. */
  synchronized void pauseWatchdog() {
    stopWatchdog();
  }

  private void stopWatchdog() {
    if (watchdog != null) {
      watchdog.shutdownNow();
      watchdog = null;
    }
  }

  /** Replaces a dead lock connection at once and takes the locks again, loudly. */
  private synchronized void watch() {
    if (sessions.isEmpty()) {
      return;
    }
    if (held != null && isValid(held)) {
      rollbackQuietly(held); // a validity query may have opened a transaction: end it
      return;
    }
    boolean wasLost = locksLost != null;
    if (!wasLost) {
      LOG.warn(
          "position table {}: the connection holding the lock of task(s) {} is gone; another process"
              + " could take them now. Taking the locks again",
          sql.name,
          sessions.keySet());
    }
    discard();
    try {
      Connection c = connection();
      c.commit();
      LOG.warn("position table {}: task lock(s) of {} held again", sql.name, sessions.keySet());
      locksLost = null;
    } catch (SQLException | RuntimeException e) {
      String reason =
          "its connection died and cannot be replaced: "
              + errors.scrub(String.valueOf(e.getMessage()));
      if (!wasLost) {
        LOG.warn(
            "position table {}: task lock(s) {} not held: {}", sql.name, sessions.keySet(), reason);
      }
      locksLost = reason;
    }
  }

  /** Marks the session fenced and gives up its lock, so a later opener is not refused. */
  synchronized void fenced(StoreSession s) {
    if (held != null && sessions.get(s.taskId()) == s) {
      unlockQuietly(held, s.taskId());
    }
  }

  /** Releases the session's lock; returns the connection to the pool when no task is open. */
  synchronized void close(StoreSession s) {
    if (sessions.get(s.taskId()) != s) {
      return;
    }
    sessions.remove(s.taskId());
    if (held != null && !s.isFenced() && !unlockQuietly(held, s.taskId())) {
      // A lock we could not release must not ride back into the pool.
      discard();
    }
    if (sessions.isEmpty()) {
      stopWatchdog();
      locksLost = null;
      release();
    }
  }

  synchronized void closeAll() {
    for (StoreSession s : new ArrayList<>(sessions.values())) {
      s.close();
    }
    stopWatchdog();
    release();
  }

  /** The server-side id of the held connection (MySQL connection id, PostgreSQL pid): for tests. */
  synchronized long backendId() throws SQLException {
    String query =
        sql.dialect == Dialect.MYSQL ? "SELECT CONNECTION_ID()" : "SELECT pg_backend_pid()";
    try (PreparedStatement ps = connection().prepareStatement(query);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      long id = rs.getLong(1);
      held.commit();
      return id;
    }
  }

  private Connection connection() throws SQLException {
    if (held != null) {
      return held;
    }
    Connection c = dataSource.getConnection();
    try {
      c.setAutoCommit(false);
      for (StoreSession s : sessions.values()) {
        if (!s.isFenced() && !tryLock(c, s.taskId())) {
          s.fence("another process took its task lock while this session's connection was down");
        }
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
    held = c;
    locksLost = null;
    return c;
  }

  private boolean tryLock(Connection c, String taskId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.tryTaskLock())) {
      ps.setObject(1, sql.taskLockKey(taskId));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private boolean unlockQuietly(Connection c, String taskId) {
    try (PreparedStatement ps = c.prepareStatement(sql.releaseTaskLock())) {
      ps.setObject(1, sql.taskLockKey(taskId));
      boolean released;
      try (ResultSet rs = ps.executeQuery()) {
        released = rs.next() && rs.getBoolean(1);
      }
      c.commit();
      return released;
    } catch (SQLException e) {
      LOG.debug(
          "position table {}: releasing the lock of task {} failed: {}",
          sql.name,
          taskId,
          e.getMessage());
      return false;
    }
  }

  private void release() {
    if (held == null) {
      return;
    }
    Connection c = held;
    held = null;
    try {
      c.rollback();
      c.setAutoCommit(true);
    } catch (SQLException e) {
      LOG.debug("position table {}: resetting the connection failed: {}", sql.name, e.getMessage());
    }
    closeQuietly(c);
  }

  /** Drops the held connection without handing it back for reuse: its locks go with it. */
  private void discard() {
    if (held == null) {
      return;
    }
    Connection c = held;
    held = null;
    try {
      c.abort(Runnable::run);
    } catch (SQLException | RuntimeException e) {
      LOG.debug("position table {}: aborting the connection failed: {}", sql.name, e.getMessage());
    }
    closeQuietly(c);
  }

  private static boolean isValid(Connection c) {
    try {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the original failure is what the caller reports
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // nothing more to release
    }
  }
}
