package dev.checkpoint.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.checkpoint.Strategy;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Builder validation: no server is contacted until a source opens. */
class MongoSourceBuilderTest {
  private static MongoClient client;
  private static MongoCollection<Document> coll;

  @BeforeAll
  static void client() {
    client = MongoClients.create("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=10");
    coll = client.getDatabase("db").getCollection("c");
  }

  @AfterAll
  static void close() {
    client.close();
  }

  @Test
  void batchSizeMustBePositive() {
    assertThatThrownBy(() -> MongoSources.keyed(coll).batchSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batchSize must be > 0, was 0");
  }

  @Test
  void rowSkipNeedsASort() {
    assertThatThrownBy(() -> MongoSources.rowSkip(coll).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sort is required for ROW_SKIP")
        .hasMessageContaining("was not set");
    assertThatThrownBy(() -> MongoSources.rowSkip(coll).sort(new Document()).build())
        .hasMessageContaining("was {}");
  }

  @Test
  void keyedReadsRefuseASortAndRowSkipRefusesAKey() {
    assertThatThrownBy(() -> MongoSources.keyed(coll).sort(new Document("a", 1)).build())
        .hasMessage("sort must not be set for KEY (a keyed read is in key order), was {\"a\": 1}");
    assertThatThrownBy(() -> MongoSources.rowSkip(coll).sort(new Document("a", 1)).key("a").build())
        .hasMessageContaining("key is only for KEY or AUTO, was [a] for ROW_SKIP");
    assertThatThrownBy(
            () -> MongoSources.of(coll, Strategy.AUTO).key("a").sort(new Document("a", 1)).build())
        .hasMessageContaining("AUTO got both a key [a] and a sort");
  }

  @Test
  void keyFieldsAreNamesOrDottedPaths() {
    for (String bad : new String[] {"", "$a", ".a", "a.", "a..b"}) {
      assertThatThrownBy(() -> MongoSources.keyed(coll).key(bad))
          .hasMessage("key field must be a field name or dotted path, was \"" + bad + "\"");
    }
    assertThatThrownBy(() -> MongoSources.keyed(coll).key("a", "a")).hasMessageContaining("twice");
    assertThatThrownBy(() -> MongoSources.keyed(coll).key()).hasMessageContaining("at least one");
  }

  @Test
  void aProjectionMustKeepTheKey() {
    assertThatThrownBy(() -> MongoSources.keyed(coll).projection(new Document("_id", 0)).build())
        .hasMessageContaining("projection must keep key field _id");
    assertThatThrownBy(
            () -> MongoSources.keyed(coll).key("a.b").projection(new Document("x", 1)).build())
        .hasMessageContaining("projection must keep key field a.b");
    assertThatThrownBy(
            () -> MongoSources.keyed(coll).key("a.b").projection(new Document("a", false)).build())
        .hasMessageContaining("projection must keep key field a.b");
    // Inclusion of the key (or of a parent of it) keeps it; _id stays unless excluded.
    assertThat(MongoSources.keyed(coll).key("a.b").projection(new Document("a", 1)).build())
        .isNotNull();
    assertThat(MongoSources.keyed(coll).projection(new Document("x", 1)).build()).isNotNull();
    assertThat(MongoSources.keyed(coll).projection(new Document("x", 0)).build()).isNotNull();
  }

  @Test
  void autoIsKeyedOnIdUnlessToldOtherwise() {
    assertThat(MongoSources.of(coll, Strategy.AUTO).build()).isInstanceOf(KeyedSource.class);
    assertThat(((KeyedSource<Document>) MongoSources.of(coll, Strategy.AUTO).build()).plan().keys())
        .containsExactly("_id");
    assertThat(MongoSources.of(coll, Strategy.AUTO).key("code").build())
        .isInstanceOf(KeyedSource.class);
    assertThat(MongoSources.of(coll, Strategy.AUTO).sort(new Document("a", 1)).build())
        .isInstanceOf(RowSkipSource.class);
  }

  @Test
  void rowSkipAppendsIdAsTieBreakerUnlessTheSortHasIt() {
    RowSkipSource<Document> s =
        (RowSkipSource<Document>) MongoSources.rowSkip(coll).sort(new Document("a", -1)).build();
    assertThat(s.sort().toJson()).isEqualTo("{\"a\": -1, \"_id\": 1}");
    RowSkipSource<Document> t =
        (RowSkipSource<Document>)
            MongoSources.rowSkip(coll).sort(new Document("_id", -1).append("a", 1)).build();
    assertThat(t.sort().toJson()).isEqualTo("{\"_id\": -1, \"a\": 1}");
  }

  @Test
  void aKeyedReadHintsTheKeyIndexByDefault() {
    KeyedSource<Document> s =
        (KeyedSource<Document>) MongoSources.keyed(coll).key("a", "b").build();
    assertThat(s.spec().hint().toJson()).isEqualTo("{\"a\": 1, \"b\": 1}");
    KeyedSource<Document> planner =
        (KeyedSource<Document>) MongoSources.keyed(coll).noHint().build();
    assertThat(planner.spec().hint()).isNull();
  }
}
