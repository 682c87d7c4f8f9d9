package dev.checkpoint.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import dev.checkpoint.examples.DocBlocks.Block;
import dev.checkpoint.mongo.MongoPositionStore;
import dev.checkpoint.testkit.TestMongo;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The mongo shell statements of the docs ({@code js} blocks): an index a user creates by hand must
 * be the one MongoPositionStore creates itself, on the collection it uses by default. Checked on
 * mongo-java-server, the MongoDB these machines have.
 */
class DocsMongoIT {
  private static final Pattern CREATE_INDEX =
      Pattern.compile(
          "db\\.getSiblingDB\\(\"([^\"]+)\"\\)\\.([\\w.]+)\\.createIndex\\(\\s*(\\{[^}]*\\})\\s*,\\s*(\\{[^}]*\\})\\s*\\)",
          Pattern.DOTALL);

  @Test
  void everyIndexTheDocsCreateIsTheOneTheStoreCreates() {
    List<Block> blocks = DocsCodeBlocksTest.blocks("js");
    assertThat(blocks).isNotEmpty();
    try (TestMongo server = TestMongo.inProcess()) {
      MongoClient client = server.client();
      try (MongoPositionStore store = MongoPositionStore.builder().client(client).build()) {
        store.open("docs-check").close(); // the first open creates the index
      }
      for (Block b : blocks) {
        Matcher m = CREATE_INDEX.matcher(b.text());
        assertThat(m.find()).as(b.where() + ": a js block is a createIndex statement").isTrue();
        assertThat(m.group(1) + "." + m.group(2))
            .as(b.where())
            .isEqualTo(MongoPositionStore.DEFAULT_COLLECTION);
        Document keys = Document.parse(m.group(3));
        Document options = Document.parse(m.group(4));
        List<Document> indexes =
            client
                .getDatabase(m.group(1))
                .getCollection(m.group(2))
                .listIndexes()
                .into(new ArrayList<>());
        assertThat(indexes)
            .as(b.where() + ": the store's indexes " + indexes)
            .anySatisfy(
                i -> {
                  assertThat(i.get("key", Document.class)).isEqualTo(keys);
                  assertThat(i.getBoolean("unique", false))
                      .isEqualTo(options.getBoolean("unique", false));
                  if (options.containsKey("name")) {
                    assertThat(i.getString("name")).isEqualTo(options.getString("name"));
                  }
                });
      }
    }
  }
}
