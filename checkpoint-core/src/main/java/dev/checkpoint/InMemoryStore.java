package dev.checkpoint;

import dev.checkpoint.spi.RecordChange;
import dev.checkpoint.spi.RecordSession;
import dev.checkpoint.spi.SharedRecordStore;
import dev.checkpoint.spi.StoreRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps positions in memory: for unit tests of pipelines, where a "crash" is an exception and the
 * "restart" is a new {@link Checkpointer} on the same store. Thread-safe. Positions are lost with
 * the JVM. Also the smallest complete store: one map of records per task.
 *
 * <p>A second open of a task whose session is live is refused. Each open takes a new epoch, and a
 * session writes only while its epoch is the task's latest: the fence every store keeps. As a
 * {@link SharedRecordStore} it serves chunked runs of many threads in one JVM.
 */
public final class InMemoryStore implements PositionStore, SharedRecordStore {
  /** task -> "kind\0key" -> data */
  private final Map<String, Map<String, StoreRecord>> tasks = new HashMap<>();

  /** task -> the epoch of its live session */
  private final Map<String, Long> epochs = new HashMap<>();

  private final Map<String, Boolean> open = new HashMap<>();
  private long nextEpoch;

  @Override
  public synchronized RecordSession openSession(String taskId) {
    Objects.requireNonNull(taskId, "taskId");
    if (Boolean.TRUE.equals(open.get(taskId))) {
      throw new TaskLockedException("task " + taskId + " is already open in this in-memory store");
    }
    long epoch = ++nextEpoch;
    epochs.put(taskId, epoch);
    open.put(taskId, true);
    tasks.computeIfAbsent(taskId, t -> new LinkedHashMap<>());
    return new Session(taskId, epoch);
  }

  /**
   * Lets the task open again although its session was not closed, as when a writer's process is
   * lost; the old session is fenced by the next open. For tests that simulate a lost writer.
   *
   * @param taskId the task whose writer is treated as lost
   */
  public synchronized void releaseWriter(String taskId) {
    open.put(taskId, false);
  }

  @Override
  public synchronized List<StoreRecord> readRecords(String taskId) {
    Map<String, StoreRecord> t = tasks.get(taskId);
    return t == null ? List.of() : List.copyOf(t.values());
  }

  @Override
  public synchronized boolean compareAndSet(
      String taskId, String kind, String key, String expected, String next) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    Map<String, StoreRecord> records = tasks.computeIfAbsent(taskId, t -> new LinkedHashMap<>());
    String id = kind + '\0' + key;
    StoreRecord now = records.get(id);
    if (!Objects.equals(now == null ? null : now.data(), expected)
        || (now == null) != (expected == null)) {
      return false;
    }
    if (next == null) {
      records.remove(id);
    } else {
      records.put(id, new StoreRecord(kind, key, next, "memory"));
    }
    return true;
  }

  private final class Session implements RecordSession {
    private final String taskId;
    private final long epoch;
    private boolean closed;

    Session(String taskId, long epoch) {
      this.taskId = taskId;
      this.epoch = epoch;
    }

    @Override
    public List<StoreRecord> load() {
      synchronized (InMemoryStore.this) {
        ensureOpen();
        return new ArrayList<>(tasks.get(taskId).values());
      }
    }

    @Override
    public void apply(List<RecordChange> changes) {
      synchronized (InMemoryStore.this) {
        ensureOpen();
        if (epochs.get(taskId) != epoch) {
          throw new TaskLockedException(
              "task " + taskId + " was taken over; this session can no longer write");
        }
        Map<String, StoreRecord> records = tasks.get(taskId);
        for (RecordChange c : changes) {
          String id = c.kind() + '\0' + c.key();
          if (c.isDelete()) {
            records.remove(id);
          } else {
            records.put(id, new StoreRecord(c.kind(), c.key(), c.data(), "memory"));
          }
        }
      }
    }

    @Override
    public void close() {
      synchronized (InMemoryStore.this) {
        if (!closed) {
          closed = true;
          if (epochs.get(taskId) == epoch) {
            open.put(taskId, false);
          }
        }
      }
    }

    private void ensureOpen() {
      if (closed) {
        throw new IllegalStateException("session of task " + taskId + " is closed");
      }
    }
  }
}
