package dev.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CheckpointerStateTest {
  private final RecordingStore store = new RecordingStore();
  private long now;

  private Checkpointer checkpointer(CheckpointPolicy policy, int maxBytes) {
    return Checkpointer.builder()
        .taskId("t")
        .store(store)
        .policy(policy)
        .maxStateBytes(maxBytes)
        .nanoClock(() -> now)
        .build();
  }

  private Checkpointer checkpointer(CheckpointPolicy policy) {
    return checkpointer(policy, Checkpointer.DEFAULT_MAX_STATE_BYTES);
  }

  @Test
  void stateIsWrittenByThePolicyAndAlwaysOnClose() {
    try (Checkpointer cp = checkpointer(CheckpointPolicy.every(Duration.ofSeconds(10)))) {
      cp.recordState("{\"total\":1}");
      assertThat(store.writes).isEmpty();
      now += TimeUnit.SECONDS.toNanos(10);
      cp.recordState("{\"total\":2}");
      assertThat(store.writes).containsExactly("state {\"total\":2}");
      cp.recordState("{\"total\":3}");
      assertThat(store.writes).hasSize(1);
      assertThat(cp.state()).contains("{\"total\":3}");
    }
    assertThat(store.writes).last().isEqualTo("state {\"total\":3}");
    assertThat(store.readState("t")).contains("{\"total\":3}");
  }

  @Test
  void everyBatchPolicyWritesEachStateAndOnlyTheLatestIsKept() {
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      cp.recordState("{\"offsets\":[1]}");
      cp.recordState("{\"offsets\":[1,2]}");
      assertThat(store.writes).hasSize(2);
    }
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      assertThat(cp.state()).contains("{\"offsets\":[1,2]}");
    }
  }

  @Test
  void aPendingStateIsLostWithTheProcessButTheWrittenOneStands() {
    Checkpointer dying = checkpointer(CheckpointPolicy.every(Duration.ofSeconds(10)));
    now += TimeUnit.SECONDS.toNanos(10);
    dying.recordState("{\"n\":1}");
    dying.recordState("{\"n\":2}");
    store.crash();
    assertThatThrownBy(dying::close).isInstanceOf(StoreException.class);
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      assertThat(cp.state()).contains("{\"n\":1}");
    }
  }

  @Test
  void aStateOverTheLimitIsRefusedNamingItsSizeAndTheLimitAndNothingChanges() {
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch(), 20)) {
      cp.recordState("{\"n\":1}");
      String big = "{\"s\":\"" + "é".repeat(10) + "\"}"; // 28 bytes in UTF-8, 18 characters
      assertThatThrownBy(() -> cp.recordState(big))
          .isInstanceOf(StateTooLargeException.class)
          .hasMessage(
              "task state of task t is 28 bytes, over the limit of 20 bytes"
                  + " (Checkpointer.Builder.maxStateBytes); nothing was written, the previous"
                  + " state stands")
          .satisfies(e -> assertThat(((StateTooLargeException) e).size()).isEqualTo(28));
      assertThat(cp.state()).contains("{\"n\":1}");
    }
    assertThat(store.readState("t")).contains("{\"n\":1}");
  }

  @Test
  void theDefaultLimitIs64KiB() {
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      String justFits = "\"" + "x".repeat(64 * 1024 - 2) + "\"";
      cp.recordState(justFits);
      assertThatThrownBy(() -> cp.recordState("\"" + "x".repeat(64 * 1024 - 1) + "\""))
          .isInstanceOf(StateTooLargeException.class)
          .hasMessageContaining("65,537 bytes, over the limit of 65,536 bytes");
    }
  }

  @Test
  void aStateThatIsNotOneJsonDocumentIsRefused() {
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      assertThatThrownBy(() -> cp.recordState("{\"n\":"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("task state must be a JSON document");
      assertThatThrownBy(() -> cp.recordState("{} {}"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("one JSON document");
      assertThatThrownBy(() -> cp.recordState(" ")).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(store.writes).isEmpty();
  }

  @Test
  void resetAllDropsTheStateAndTheStatuses() {
    TableRef t = TableRef.of("pg", "public", "a");
    try (Checkpointer cp = checkpointer(CheckpointPolicy.everyBatch())) {
      cp.recordState("{\"n\":1}");
      cp.tableStarted(t);
      cp.resetAll();
      assertThat(cp.state()).isEmpty();
      assertThat(cp.statuses()).isEmpty();
    }
    assertThat(store.readState("t")).isEmpty();
    assertThat(store.readStatuses("t")).isEmpty();
  }

  @Test
  void aStoreThatCannotWriteTheStateFailsTheWriteClearly() {
    // Every store keeps task state as a record now; what remains is a store that fails to write.
    CountingStore plain = new CountingStore();
    Checkpointer cp =
        Checkpointer.builder()
            .taskId("t")
            .store(plain)
            .policy(CheckpointPolicy.everyBatch())
            .build();
    plain.failWrites = true;
    assertThatThrownBy(() -> cp.recordState("{}"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("disk full while state {}");
    // The state is still pending: closing must not pretend it was saved.
    assertThatThrownBy(cp::close).isInstanceOf(StoreException.class);
  }

  @Test
  void builderRefusesANonPositiveLimit() {
    assertThatThrownBy(() -> Checkpointer.builder().maxStateBytes(0))
        .hasMessage("maxStateBytes must be > 0, was 0");
  }
}
