package dev.checkpoint.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MongoPositionStoreBuilderTest {

  @Test
  void needsAClientOrAUri() {
    assertThatThrownBy(() -> MongoPositionStore.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("client or uri is required, was neither");
  }

  @Test
  void aBadUriIsReportedWithoutItsPassword() {
    assertThatThrownBy(() -> MongoPositionStore.builder().uri("mongo://user:s3cret@host/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("uri is not a MongoDB connection string")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void theCollectionIsDatabaseDotCollection() {
    assertThatThrownBy(() -> MongoPositionStore.builder().collection("nodot"))
        .hasMessage("collection must be database.collection, was \"nodot\"");
    assertThatThrownBy(() -> MongoPositionStore.builder().collection("db."))
        .hasMessage("collection must be database.collection, was \"db.\"");
    assertThatThrownBy(() -> MongoPositionStore.builder().collection("db", "system.views"))
        .hasMessageContaining("non-system");
    try (MongoPositionStore store =
        MongoPositionStore.builder()
            .uri("mongodb://127.0.0.1:1")
            .collection("meta.positions.v2")
            .build()) {
      // The database ends at the first dot; collection names may hold more.
      assertThat(store.location()).isEqualTo("mongo:meta.positions.v2");
    }
    try (MongoPositionStore store =
        MongoPositionStore.builder().uri("mongodb://127.0.0.1:1").build()) {
      assertThat(store.location()).isEqualTo("mongo:" + MongoPositionStore.DEFAULT_COLLECTION);
    }
  }

  @Test
  void theHeartbeatMustBeShorterThanTheLease() {
    assertThatThrownBy(
            () ->
                MongoPositionStore.builder()
                    .uri("mongodb://127.0.0.1:1")
                    .leaseDuration(Duration.ofSeconds(5))
                    .heartbeatInterval(Duration.ofSeconds(5))
                    .build())
        .hasMessage("heartbeatInterval must be shorter than leaseDuration (PT5S), was PT5S");
    assertThatThrownBy(() -> MongoPositionStore.builder().leaseDuration(Duration.ZERO))
        .hasMessage("leaseDuration must be at least 1 ms, was PT0S");
    assertThatThrownBy(() -> MongoPositionStore.builder().ownerId(" "))
        .hasMessage("ownerId must not be blank, was \" \"");
  }
}
