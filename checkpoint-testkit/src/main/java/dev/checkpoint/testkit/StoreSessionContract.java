package dev.checkpoint.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.Position;
import dev.checkpoint.PositionJson;
import dev.checkpoint.PositionKey;
import dev.checkpoint.PositionStore;
import dev.checkpoint.ResumeState;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskLockedException;
import dev.checkpoint.TaskSession;
import dev.checkpoint.spi.ForwardingStore;
import dev.checkpoint.spi.RecordChange;
import dev.checkpoint.spi.RecordKinds;
import dev.checkpoint.spi.RecordSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The part of the store contract about the session itself: how a store is made and reopened, the
 * fence of a stale writer, writes after close, flush, one store call per checkpoint, and the
 * atomicity of one apply. {@link PositionStoreContract} adds what the records mean; a store's test
 * extends that.
 */
public abstract class StoreSessionContract {

  private PositionStore store;
  private String taskId;

  /**
   * A store over fresh, empty storage (a new directory, database or collection).
   *
   * @return the store; the contract closes it after each test
   */
  protected abstract PositionStore newStore();

  /**
   * A second store instance over the same storage as {@code store}, as a restarted process would
   * open it. The default returns the same instance, which suits stores that have no other.
   *
   * @param store the store to open again
   * @return the second instance, or {@code store} itself; the contract closes a second instance
   */
  protected PositionStore reopen(PositionStore store) {
    return store;
  }

  /**
   * Makes the task's live writer stale the way this store can lose one (its lock connection killed,
   * its lease run out, its lock released behind its back), so that a new session can open the task
   * while the old one still exists. Returns false, with the reason in the store's docs, for a store
   * where a stale writer cannot exist (an OS lock that dies with its process).
   *
   * @param store the store the writer's session came from
   * @param taskId the task whose writer is lost
   * @return true if the writer is now stale, false if this store cannot have a stale writer
   * @throws Exception if the writer could not be made stale
   */
  protected abstract boolean loseWriter(PositionStore store, String taskId) throws Exception;

  /**
   * A change this store refuses inside {@link RecordSession#apply}, to check that a failing apply
   * leaves none of its changes (a key longer than a column holds, a record too large for a
   * document), or empty when the store cannot fail part-way (an in-memory map).
   *
   * @return the change, or empty
   */
  protected abstract Optional<RecordChange> aChangeTheStoreRefuses();

  /**
   * Whether the store keeps several tasks apart (a database does; a log directory holds one).
   *
   * @return whether it does; the default is true
   */
  protected boolean holdsManyTasks() {
    return true;
  }

  @BeforeEach
  void createStore() {
    store = newStore();
    taskId = "contract-" + UUID.randomUUID();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  /**
   * The store of the current test, from {@link #newStore}.
   *
   * @return the store
   */
  protected PositionStore store() {
    return store;
  }

  /**
   * The current test's task: a new, unique id for each test.
   *
   * @return the task's id
   */
  protected String taskId() {
    return taskId;
  }

  /**
   * Loads the task as a restarted process would: through {@link #reopen}, in a new session that is
   * closed again.
   *
   * @return the task's state as the store holds it
   */
  protected ResumeState restartAndLoad() {
    PositionStore again = reopen(store);
    try (TaskSession s = again.open(taskId)) {
      return s.load();
    } finally {
      if (again != store) {
        again.close();
      }
    }
  }

  @Test
  void aStaleWriterIsFencedAndMovesNothingBackwards() throws Exception {
    TableRef t = TableRef.of("mysql", "s", "t");
    TaskSession stale = store.open(taskId);
    try {
      stale.record(t, Position.keyed("id", "5"));
      if (!loseWriter(store, taskId)) {
        return; // this store has no stale writers: its lock dies with the process
      }
      PositionStore again = reopen(store);
      try (TaskSession fresh = again.open(taskId)) {
        fresh.record(t, Position.keyed("id", "9"));
        assertThatThrownBy(() -> stale.record(t, Position.keyed("id", "6")))
            .isInstanceOf(TaskLockedException.class);
        assertThatThrownBy(() -> stale.finish(t)).isInstanceOf(TaskLockedException.class);
        assertThatThrownBy(() -> stale.reset(t)).isInstanceOf(TaskLockedException.class);
        fresh.record(t, Position.keyed("id", "10"));
      } finally {
        if (again != store) {
          again.close();
        }
      }
    } finally {
      try {
        stale.close();
      } catch (RuntimeException ignored) {
        // a fenced session may fail to release what it no longer holds
      }
    }
    assertThat(restartAndLoad().position(t)).contains(Position.keyed("id", "10"));
  }

  @Test
  void writesAfterCloseFail() {
    TableRef t = TableRef.of("mysql", "s", "t");
    TaskSession s = store.open(taskId);
    s.record(t, Position.keyed("id", "1"));
    s.close();
    assertThatThrownBy(() -> s.record(t, Position.keyed("id", "2")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.finish(t)).isInstanceOf(IllegalStateException.class);
    assertThat(restartAndLoad().position(t)).contains(Position.keyed("id", "1"));
  }

  @Test
  void flushedPositionsAreThereForTheNextProcess() {
    TableRef t = TableRef.of("mysql", "s", "t");
    try (TaskSession s = store.open(taskId)) {
      s.record(t, Position.keyed("id", "1"));
      s.recordState("{\"n\":1}");
      s.flush();
      PositionStore reader = reopen(store);
      try {
        assertThat(reader.read(taskId).position(t)).contains(Position.keyed("id", "1"));
        assertThat(reader.readState(taskId)).contains("{\"n\":1}");
      } finally {
        if (reader != store) {
          reader.close();
        }
      }
    }
  }

  @Test
  void aFailingApplyLeavesNoneOfItsChanges() {
    Optional<RecordChange> refused = aChangeTheStoreRefuses();
    TableRef t = TableRef.of("mysql", "s", "t");
    String before = PositionJson.write(t, Position.keyed("id", "1"));
    String after = PositionJson.write(t, Position.keyed("id", "2"));
    String key = PositionKey.of(t);
    try (RecordSession s = store.openSession(taskId)) {
      s.apply(List.of(RecordChange.upsert(RecordKinds.POSITION, key, before)));
      if (refused.isEmpty()) {
        return; // the store cannot fail part-way
      }
      assertThatThrownBy(
              () ->
                  s.apply(
                      List.of(
                          RecordChange.upsert(RecordKinds.POSITION, key, after),
                          RecordChange.upsert(RecordKinds.TASK_STATE, RecordKinds.STATE_KEY, "{}"),
                          refused.get())))
          .isInstanceOf(RuntimeException.class);
    }
    assertThat(restartAndLoad().position(t)).contains(Position.keyed("id", "1"));
    assertThat(store.readState(taskId)).isEmpty();
  }

  @Test
  void aStatusAndItsPositionAreOneApply() {
    TableRef t = TableRef.of("mysql", "s", "t");
    List<Integer> applies = new ArrayList<>();
    PositionStore counting =
        new ForwardingStore(store) {
          @Override
          protected void beforeApply(List<RecordChange> changes) {
            applies.add(changes.size());
          }
        };
    try (Checkpointer cp =
        Checkpointer.builder()
            .taskId(taskId)
            .store(counting)
            .policy(CheckpointPolicy.everyBatch())
            .build()) {
      cp.tableStarted(t);
      applies.clear();
      cp.committed(t, Position.keyed("id", "1"), 10);
      cp.committed(t, Position.keyed("id", "2"), 10);
      assertThat(applies).hasSize(2); // one store write per checkpoint, status and position
    }
    assertThat(store.readStatuses(taskId).get(t).rows()).isEqualTo(20);
    assertThat(store.read(taskId).position(t)).contains(Position.keyed("id", "2"));
  }
}
