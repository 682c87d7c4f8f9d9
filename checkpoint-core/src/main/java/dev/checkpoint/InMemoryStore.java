package dev.checkpoint;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps positions in memory: for unit tests of pipelines, where a "crash" is an exception and the
 * "restart" is a new {@link Checkpointer} on the same store. Thread-safe. Positions are lost with
 * the JVM.
 */
public final class InMemoryStore implements PositionStore {
  private final Map<String, Task> tasks = new HashMap<>();
  private final Set<String> open = new HashSet<>();

  @Override
  public synchronized TaskSession open(String taskId) {
    Objects.requireNonNull(taskId, "taskId");
    if (!open.add(taskId)) {
      throw new TaskLockedException("task " + taskId + " is already open in this in-memory store");
    }
    tasks.computeIfAbsent(taskId, t -> new Task());
    return new Session(taskId);
  }

  @Override
  public synchronized ResumeState read(String taskId) {
    Task t = tasks.get(taskId);
    return t == null ? ResumeState.empty() : t.state();
  }

  @Override
  public synchronized Map<TableRef, TableStatus> readStatuses(String taskId) {
    Task t = tasks.get(taskId);
    return t == null ? Map.of() : Map.copyOf(t.statuses);
  }

  @Override
  public synchronized Optional<String> readState(String taskId) {
    Task t = tasks.get(taskId);
    return t == null ? Optional.empty() : Optional.ofNullable(t.state);
  }

  private static final class Task {
    final Map<TableRef, Position> positions = new LinkedHashMap<>();
    final Set<TableRef> finished = new HashSet<>();
    final Map<TableRef, TableStatus> statuses = new LinkedHashMap<>();
    String state;

    ResumeState state() {
      ResumeState.Builder b = ResumeState.builder();
      positions.forEach((t, p) -> b.position(t, p, "memory"));
      finished.forEach(t -> b.finished(t, "memory"));
      return b.build();
    }
  }

  private final class Session implements TaskSession {
    private final String taskId;
    private boolean closed;

    Session(String taskId) {
      this.taskId = taskId;
    }

    @Override
    public String taskId() {
      return taskId;
    }

    private Task task() {
      if (closed) {
        throw new IllegalStateException("session of task " + taskId + " is closed");
      }
      return tasks.get(taskId);
    }

    @Override
    public ResumeState load() {
      synchronized (InMemoryStore.this) {
        return task().state();
      }
    }

    @Override
    public void record(TableRef table, Position position) {
      Objects.requireNonNull(table, "table");
      if (!(position instanceof Position.Keyed || position instanceof Position.RowOffset)) {
        throw new IllegalArgumentException("record takes a keyed or row-offset position, was " + position);
      }
      synchronized (InMemoryStore.this) {
        task().positions.put(table, position);
      }
    }

    @Override
    public void finish(TableRef table) {
      Objects.requireNonNull(table, "table");
      synchronized (InMemoryStore.this) {
        task().finished.add(table);
      }
    }

    @Override
    public void reset(TableRef table) {
      synchronized (InMemoryStore.this) {
        Task t = task();
        t.positions.remove(table);
        t.finished.remove(table);
        t.statuses.remove(table);
      }
    }

    @Override
    public void resetAll() {
      synchronized (InMemoryStore.this) {
        Task t = task();
        t.positions.clear();
        t.finished.clear();
        t.statuses.clear();
        t.state = null;
      }
    }

    @Override
    public Map<TableRef, TableStatus> loadStatuses() {
      synchronized (InMemoryStore.this) {
        return Map.copyOf(task().statuses);
      }
    }

    @Override
    public void recordStatus(TableStatus status) {
      Objects.requireNonNull(status, "status");
      synchronized (InMemoryStore.this) {
        task().statuses.put(status.table(), status);
      }
    }

    @Override
    public Optional<String> loadState() {
      synchronized (InMemoryStore.this) {
        return Optional.ofNullable(task().state);
      }
    }

    @Override
    public void recordState(String json) {
      Objects.requireNonNull(json, "json");
      synchronized (InMemoryStore.this) {
        task().state = json;
      }
    }

    @Override
    public void close() {
      synchronized (InMemoryStore.this) {
        if (!closed) {
          closed = true;
          open.remove(taskId);
        }
      }
    }
  }
}
