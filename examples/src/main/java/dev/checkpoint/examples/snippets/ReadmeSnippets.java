package dev.checkpoint.examples.snippets;

import com.mongodb.client.MongoClient;
import dev.checkpoint.InMemoryStore;
import dev.checkpoint.PositionStore;
import dev.checkpoint.jdbc.JdbcPositionStore;
import dev.checkpoint.mongo.MongoPositionStore;
import javax.sql.DataSource;

/**
 * The README's store configurations, compiled; DocsCodeBlocksTest checks it quotes them verbatim.
 */
@SuppressWarnings("unused")
abstract class ReadmeSnippets {
  DataSource targetDs;
  MongoClient client;

  void jdbcStore() {
    // tag::readme-jdbc-store[]
    // from_target: the position table lives in the target database (needed for exactly-once)
    JdbcPositionStore inTarget = JdbcPositionStore.builder().dataSource(targetDs).build();
    // from_db: a database of its own; the store makes a pool of one connection
    JdbcPositionStore separate = JdbcPositionStore.builder()
        .url("jdbc:postgresql://ops-db:5432/ops?user=checkpoint")
        .tableFullName("checkpoint.positions")     // default apecloud_metadata.apedts_task_position
        .build();
    // end::readme-jdbc-store[]
  }

  void mongoStore() {
    // tag::readme-mongo-store[]
    MongoPositionStore store = MongoPositionStore.builder()
        .client(client)                            // or .uri("mongodb://...")
        .collection("checkpoint.positions")        // default apecloud_metadata.apedts_task_position
        .build();
    // end::readme-mongo-store[]
  }

  void memoryStore() {
    // tag::readme-memory-store[]
    PositionStore store = new InMemoryStore();     // a new Checkpointer on it is the "restart"
    // end::readme-memory-store[]
  }
}
