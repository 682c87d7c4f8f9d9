package dev.checkpoint.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;

/**
 * The MongoDB of the Mongo scenarios: {@code CHECKPOINT_MONGO_URI} if set, else
 * mongo-java-server in this JVM (the wire protocol over an in-memory backend, sharing this
 * process's CPU: its figures say how the library's code compares with a raw find, not how fast a
 * real MongoDB is).
 */
final class MongoEnv implements AutoCloseable {
  final MongoClient client;
  final String label;
  private final MongoServer server;

  private MongoEnv(MongoClient client, String label, MongoServer server) {
    this.client = client;
    this.label = label;
    this.server = server;
  }

  static MongoEnv start() {
    String uri = System.getenv("CHECKPOINT_MONGO_URI");
    if (uri != null && !uri.isBlank()) {
      MongoClient c = MongoClients.create(uri);
      Document info = c.getDatabase("admin").runCommand(new Document("buildInfo", 1));
      return new MongoEnv(c, "MongoDB " + info.getString("version"), null);
    }
    MongoServer server = new MongoServer(new MemoryBackend());
    String conn = server.bindAndGetConnectionString();
    return new MongoEnv(MongoClients.create(conn), "mongo-java-server (in-process)", server);
  }

  /** The short label used in tables. */
  String db() {
    return server == null ? "MongoDB" : "Mongo";
  }

  @Override
  public void close() {
    client.close();
    if (server != null) {
      server.shutdownNow();
    }
  }
}
