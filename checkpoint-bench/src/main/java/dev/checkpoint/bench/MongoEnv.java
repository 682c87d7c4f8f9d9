package dev.checkpoint.bench;

import com.mongodb.client.MongoClient;
import dev.checkpoint.testkit.TestMongo;
import org.bson.Document;

/**
 * The MongoDB of the Mongo scenarios, found by the tests' own {@link TestMongo}: {@code
 * CHECKPOINT_MONGO_URI} if set, else mongo-java-server in this JVM (the wire protocol over an
 * in-memory backend, sharing this process's CPU: its figures say how the library's code compares
 * with a raw find, not how fast a real MongoDB is).
 */
final class MongoEnv implements AutoCloseable {
  final MongoClient client;
  final String label;
  private final TestMongo mongo;

  private MongoEnv(TestMongo mongo, String label) {
    this.mongo = mongo;
    this.client = mongo.client();
    this.label = label;
  }

  static MongoEnv start() {
    TestMongo mongo = TestMongo.start();
    if (!mongo.real()) {
      return new MongoEnv(mongo, mongo.description());
    }
    Document info = mongo.client().getDatabase("admin").runCommand(new Document("buildInfo", 1));
    return new MongoEnv(mongo, "MongoDB " + info.getString("version"));
  }

  /** The short label used in tables. */
  String db() {
    return mongo.real() ? "MongoDB" : "Mongo";
  }

  @Override
  public void close() {
    mongo.close();
  }
}
