package dev.checkpoint.testkit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.checkpoint.TaskIds;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The MongoDB a test class runs against, started once per class:
 *
 * <ol>
 *   <li>{@code CHECKPOINT_MONGO_URI} if set: a real server (a replica set URI, e.g. {@code
 *       mongodb://host/?replicaSet=rs0}, for the transaction tests);
 *   <li>else, where {@code org.testcontainers:mongodb} is on the class path and a Docker engine
 *       runs, {@code mongo:7} as a one-node replica set;
 *   <li>else mongo-java-server in-process: the wire protocol, without sessions, transactions or
 *       {@code explain}.
 * </ol>
 *
 * Tests that need a real server call {@link #requireRealServer}; with only the in-process server
 * they are skipped with a message saying how to run them. A configured server that cannot be
 * reached fails the test class. The caller brings the MongoDB driver and mongo-java-server.
 */
public final class TestMongo implements AutoCloseable {
  /** The environment variable that names a real MongoDB. */
  public static final String URI_ENV = "CHECKPOINT_MONGO_URI";

  static final String HOW_TO_RUN =
      "run them with a real server: CHECKPOINT_MONGO_URI=mongodb://host/?replicaSet=rs0"
          + " mvn -pl checkpoint-mongo verify (or on a machine with a Docker engine)";

  private final String description;
  private final boolean real;
  private final MongoClient client;
  private final Runnable server;

  private TestMongo(String uri, String description, boolean real, Runnable server) {
    this.description = description;
    this.real = real;
    this.server = server;
    this.client = MongoClients.create(uri);
    // Fail now, naming the server, rather than in the middle of a test.
    client.getDatabase("admin").runCommand(new Document("ping", 1));
  }

  /**
   * Connects to (or starts) the MongoDB of this run; close it when done.
   *
   * @return the server, connected
   */
  public static TestMongo start() {
    String env = System.getenv(URI_ENV);
    if (env != null && !env.isBlank()) {
      return new TestMongo(env, URI_ENV + "=" + TaskIds.stripSecrets(env), true, null);
    }
    Optional<MongoContainers.Started> container = OptionalServers.mongo();
    if (container.isPresent()) {
      return new TestMongo(
          container.get().uri(),
          "Testcontainers mongo:7 replica set",
          true,
          container.get().stop());
    }
    return inProcess();
  }

  /**
   * mongo-java-server in this JVM, whatever the environment names: for tests that need a server of
   * their own (fixed database names, an empty server to start with).
   *
   * @return the server, connected
   */
  public static TestMongo inProcess() {
    MongoServer server = new MongoServer(new MemoryBackend());
    String uri = server.bindAndGetConnectionString();
    return new TestMongo(uri, "mongo-java-server (in-process)", false, server::shutdownNow);
  }

  /**
   * A real MongoDB (not the in-process wire-protocol server).
   *
   * @return whether this is a real server
   */
  public boolean real() {
    return real;
  }

  /**
   * The client connected to this server.
   *
   * @return the client, closed with this object
   */
  public MongoClient client() {
    return client;
  }

  /**
   * Which server this is, for messages; never a password.
   *
   * @return a description
   */
  public String description() {
    return description;
  }

  /**
   * A database no other test uses.
   *
   * @param prefix the start of its name
   * @return the database (created on first write)
   */
  public MongoDatabase freshDatabase(String prefix) {
    return client.getDatabase(prefix + "_" + UUID.randomUUID().toString().substring(0, 8));
  }

  /**
   * Drops a test database on a real server, which outlives the tests. The in-process server dies
   * with them, and its dropDatabase fails once an index was dropped in it.
   *
   * @param db the database to drop
   */
  public void drop(MongoDatabase db) {
    if (real) {
      db.drop();
    }
  }

  /**
   * Skips the calling test, loudly, unless a real server is at hand.
   *
   * @param why what the test needs that only a real server has
   */
  public void requireRealServer(String why) {
    if (!real) {
      String message =
          "SKIPPED: needs a real MongoDB ("
              + why
              + "); only "
              + description
              + " is here. "
              + HOW_TO_RUN;
      System.err.println("\n*** " + message + " ***\n");
      Assumptions.abort(message);
    }
  }

  /** As {@link #requireRealServer}, and the server must run transactions (a replica set). */
  public void requireTransactions() {
    requireRealServer("multi-document transactions");
    if (!replicaSetOrSharded()) {
      String message =
          description + " is a standalone server: transactions need a replica set. " + HOW_TO_RUN;
      if (System.getenv("CI") != null) {
        Assertions.fail(message);
      }
      System.err.println("\n*** SKIPPED: " + message + " ***\n");
      Assumptions.abort(message);
    }
  }

  private boolean replicaSetOrSharded() {
    Document hello = client.getDatabase("admin").runCommand(new Document("hello", 1));
    return hello.containsKey("setName") || "isdbgrid".equals(hello.getString("msg"));
  }

  @Override
  public void close() {
    client.close();
    if (server != null) {
      server.run();
    }
  }

  @Override
  public String toString() {
    return description;
  }
}
