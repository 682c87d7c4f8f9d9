package dev.checkpoint;

import java.time.Clock;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The positions and table statuses a {@link Checkpointer} holds until its policy writes them. A
 * table's status is written in the same store call as the position it names ({@link
 * TableStatus#atPosition()}): one commit per checkpoint on a database store. On a store that cannot
 * write both atomically (the log store keeps them in two files), a resume uses the status's rows if
 * it names the stored position and its rows before otherwise, so a re-delivered batch is never
 * counted twice.
 *
 * <p>Each table's progress is guarded by its own monitor; store writes are serialised by the
 * session.
 */
final class WriteBack {
  private final RecordTaskSession session;
  private final CheckpointPolicy policy;
  private final LongSupplier nanoClock;
  private final Clock clock;
  private final ResumeState initial;
  private final Map<TableRef, TableProgress> progress = new ConcurrentHashMap<>();
  private final Map<TableRef, TableStatus> statuses = new ConcurrentHashMap<>();
  private final Set<TableRef> finished = ConcurrentHashMap.newKeySet();
  private final Set<TableRef> reset = ConcurrentHashMap.newKeySet();

  WriteBack(
      RecordTaskSession session,
      CheckpointPolicy policy,
      LongSupplier nanoClock,
      Clock clock,
      ResumeState initial,
      Map<TableRef, TableStatus> loadedStatuses) {
    this.session = session;
    this.policy = policy;
    this.nanoClock = nanoClock;
    this.clock = clock;
    this.initial = initial;
    this.statuses.putAll(loadedStatuses);
  }

  boolean isFinished(TableRef table) {
    return finished.contains(table) || (!reset.contains(table) && initial.isFinished(table));
  }

  boolean finishedThisRun(TableRef table) {
    return finished.contains(table);
  }

  /** The position this run committed for the table, if any. */
  Optional<Position> thisRun(TableRef table) {
    TableProgress p = progress.get(table);
    return p == null ? Optional.empty() : Optional.ofNullable(p.position);
  }

  boolean wasReset(TableRef table) {
    return reset.contains(table);
  }

  long rows(TableRef table) {
    TableProgress p = progress.get(table);
    return p == null ? 0 : p.rows;
  }

  Optional<TableStatus> status(TableRef table) {
    return Optional.ofNullable(statuses.get(table));
  }

  Map<TableRef, TableStatus> statuses() {
    return Collections.unmodifiableMap(new TreeMap<>(statuses));
  }

  private TableProgress progressOf(TableRef table) {
    return progress.computeIfAbsent(
        table,
        t ->
            new TableProgress(
                nanoClock.getAsLong(),
                reset.contains(t) ? null : initial.position(t).orElse(null)));
  }

  private boolean due(TableProgress p, long extraRows) {
    return policy.due(nanoClock.getAsLong() - p.lastWrite, p.rowsSinceWrite + extraRows);
  }

  /** Takes a committed batch's position; writes it (with the status) when the policy says so. */
  void committed(TableRef table, Position position, long rows) {
    if (finished.contains(table)) {
      throw new IllegalStateException(table + " is already finished in this run");
    }
    TableProgress p = progressOf(table);
    synchronized (p) {
      p.rows += rows;
      if (p.tracked) {
        p.statusRows += rows;
      }
      p.rowsSinceWrite += rows;
      if (position instanceof Position.None) {
        // Nothing to resume from; a tracked table still shows its rows so far, by the policy.
        if (p.tracked && due(p, 0)) {
          writeStatus(table, p);
          wrote(p);
        }
        return;
      }
      p.position = position;
      p.pending = true;
      if (due(p, 0)) {
        write(table, p);
      }
    }
  }

  /** Writes the pending position, with the table's status naming it: one store call. */
  private void write(TableRef table, TableProgress p) {
    TableStatus s = p.tracked ? statusAt(table, p, p.position) : null;
    Position position = p.position;
    // Status first: on a store that cannot apply both atomically, a crash between them leaves a
    // status naming a position not stored, which a resume recognises (see the class comment).
    session.apply(
        r ->
            s == null
                ? r.position(table, position)
                : r.status(s).then(r.position(table, position)));
    if (s != null) {
      statusWritten(p, s);
    }
    reset.remove(table);
    p.storedPosition = p.position;
    p.storedRows = p.statusRows;
    p.pending = false;
    wrote(p);
  }

  private void wrote(TableProgress p) {
    p.rowsSinceWrite = 0;
    p.lastWrite = nanoClock.getAsLong();
  }

  private TableStatus statusAt(TableRef table, TableProgress p, Position at) {
    return p.status(table, clock.instant(), nanoClock.getAsLong(), at);
  }

  private void statusWritten(TableProgress p, TableStatus s) {
    p.writtenStatusRows = s.rows();
    statuses.put(s.table(), s);
  }

  /** Writes the table's status as it stands, bound to its stored position. */
  private TableStatus writeStatus(TableRef table, TableProgress p) {
    TableStatus s = statusAt(table, p, p.storedPosition);
    session.apply(r -> r.status(s));
    statusWritten(p, s);
    return s;
  }

  /**
   * Marks the table finished. For a tracked table its latest position and rows go first, and the
   * completed status goes in the same store call as the finished mark.
   */
  void finish(TableRef table) {
    TableProgress p = progress.get(table);
    if (p == null || !p.tracked) {
      TableStatus done = completedStale(table);
      session.apply(r -> done == null ? r.finished(table) : r.finished(table).then(r.status(done)));
      if (done != null) {
        statuses.put(table, done);
      }
      if (p != null) {
        synchronized (p) {
          p.pending = false;
        }
      }
    } else {
      synchronized (p) {
        if (p.pending) {
          write(table, p);
        }
        p.stopClock(nanoClock.getAsLong());
        p.state = TableStatus.State.COMPLETED;
        p.error = null;
        TableStatus s = statusAt(table, p, p.storedPosition);
        session.apply(r -> r.finished(table).then(r.status(s)));
        statusWritten(p, s);
        p.pending = false;
      }
    }
    finished.add(table);
    reset.remove(table);
  }

  /** A stored status left short of completed by a crash after the finished mark, completed. */
  private TableStatus completedStale(TableRef table) {
    TableStatus stale = statuses.get(table);
    if (stale == null || stale.state() == TableStatus.State.COMPLETED) {
      return null;
    }
    return new TableStatus(
        table,
        TableStatus.State.COMPLETED,
        stale.rows(),
        stale.startedAt(),
        clock.instant(),
        stale.duration(),
        null);
  }

  /** See {@link Checkpointer#tableStarted}. */
  TableStatus tableStarted(TableRef table) {
    if (finished.contains(table)) {
      throw new IllegalStateException(table + " is already finished in this run");
    }
    TableProgress p = progressOf(table);
    synchronized (p) {
      if (p.pending) {
        write(table, p);
      }
      p.start(
          table,
          currentPosition(table, p),
          statuses.get(table),
          clock.instant(),
          nanoClock.getAsLong());
      return writeStatus(table, p);
    }
  }

  /** See {@link Checkpointer#tableFailed}. */
  TableStatus tableFailed(TableRef table, Throwable error) {
    TableProgress p = progressOf(table);
    synchronized (p) {
      if (!p.tracked) {
        throw new IllegalStateException(table + " was not started with tableStarted");
      }
      p.stopClock(nanoClock.getAsLong());
      p.state = TableStatus.State.FAILED;
      p.error = Errors.describe(error);
      if (p.pending && !finished.contains(table)) {
        write(table, p); // the position and the failed status in one call
        return statuses.get(table);
      }
      return writeStatus(table, p);
    }
  }

  private Optional<Position> currentPosition(TableRef table, TableProgress p) {
    if (p.position != null) {
      return Optional.of(p.position);
    }
    return reset.contains(table) ? Optional.empty() : initial.position(table);
  }

  /**
   * One batch of {@link Checkpointer#runInTransaction}: the sink writes the rows and, through
   * {@code session}, the position in its own transaction; a due status goes in the same
   * transaction.
   */
  <T, TX> void committedInTransaction(
      TableRef table, Batch<T> batch, TransactionalSink<T, TX> sink, TransactionalSession<TX> tx)
      throws Exception {
    if (finished.contains(table)) {
      throw new IllegalStateException(table + " is already finished in this run");
    }
    TableProgress p = progressOf(table);
    synchronized (p) {
      boolean positioned = !(batch.position() instanceof Position.None);
      TableStatus status = null;
      if (p.tracked && positioned && due(p, batch.size())) {
        // The status names the position about to be committed, with the rows it will hold.
        p.statusRows += batch.size();
        try {
          status = statusAt(table, p, batch.position());
        } finally {
          p.statusRows -= batch.size();
        }
      }
      if (status != null) {
        session.attachStatus(status);
      }
      try {
        sink.accept(table, batch, tx);
      } finally {
        session.detachStatus(table);
      }
      p.rows += batch.size();
      if (p.tracked) {
        p.statusRows += batch.size();
      }
      if (status != null) {
        statusWritten(p, status);
        wrote(p);
      } else {
        p.rowsSinceWrite += batch.size();
      }
      if (positioned) {
        p.position = batch.position();
        p.storedPosition = batch.position();
        p.storedRows = p.statusRows;
        p.pending = false;
        reset.remove(table);
      }
    }
  }

  /** Writes every pending position with its table's status. */
  void flushPending() {
    for (Map.Entry<TableRef, TableProgress> e : progress.entrySet()) {
      TableProgress p = e.getValue();
      synchronized (p) {
        if (finished.contains(e.getKey())) {
          continue;
        }
        if (p.pending) {
          write(e.getKey(), p);
        } else if (p.tracked && p.writtenStatusRows != p.statusRows) {
          writeStatus(e.getKey(), p);
        }
      }
    }
  }

  void reset(TableRef table) {
    session.reset(table);
    progress.remove(table);
    finished.remove(table);
    statuses.remove(table);
    reset.add(table);
  }

  void resetAll() {
    session.resetAll();
    reset.addAll(initial.tables().keySet());
    reset.addAll(progress.keySet());
    progress.clear();
    finished.clear();
    statuses.clear();
  }
}
