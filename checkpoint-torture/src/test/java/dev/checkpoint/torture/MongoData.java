package dev.checkpoint.torture;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.checkpoint.torture.TortureData.Comparison;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * The Mongo side of the torture runs: an in-process server in the test's JVM, which outlives the
 * killed children that copy through it; a source collection, and the comparison of a target (and of
 * its log of deliveries) with it.
 */
final class MongoData implements Side, AutoCloseable {
  private final MongoServer server = new MongoServer(new MemoryBackend());
  private final String uri = server.bindAndGetConnectionString();
  private final MongoClient client = MongoClients.create(uri);
  private int round;
  private String dst;

  @Override
  public String url() {
    return uri;
  }

  @Override
  public String src() {
    return "torture_src";
  }

  @Override
  public String dst() {
    return dst;
  }

  /** Documents {@code _id} 1..ROWS, their fields of several types. */
  void fillSource() {
    MongoCollection<BsonDocument> orders =
        client.getDatabase(src()).getCollection("orders", BsonDocument.class);
    List<BsonDocument> docs = new ArrayList<>();
    for (int i = 1; i <= TortureData.ROWS; i++) {
      docs.add(
          new BsonDocument("_id", new BsonInt64(i))
              .append("n", new BsonInt32(i % 97))
              .append("note", new BsonString("order " + i + " é")));
      if (docs.size() == 5_000) {
        orders.insertMany(docs);
        docs.clear();
      }
    }
  }

  /** A new target database for a round. */
  @Override
  public void freshTarget(Mode mode) {
    dst = "torture_dst_" + ++round;
  }

  @Override
  public String store(Mode mode, int round, Path dir) {
    return mode.logStore() ? dir.resolve("log-" + round).toString() : "positions";
  }

  @Override
  public Comparison compare(Mode mode) {
    List<BsonDocument> want =
        sorted(client.getDatabase(src()).getCollection("orders", BsonDocument.class));
    MongoDatabase db = client.getDatabase(dst);
    List<BsonDocument> got = sorted(db.getCollection("orders", BsonDocument.class));
    Set<BsonDocument> inTarget = new HashSet<>(got);
    Set<BsonDocument> inSource = new HashSet<>(want);
    long missing = want.stream().filter(d -> !inTarget.contains(d)).count();
    long extra = got.stream().filter(d -> !inSource.contains(d)).count();
    long delivered = db.getCollection("deliveries", BsonDocument.class).countDocuments();
    Set<BsonValue> distinct = new HashSet<>();
    for (BsonDocument d : db.getCollection("deliveries", BsonDocument.class).find()) {
      distinct.add(d.get("doc"));
    }
    return new Comparison(got.size(), missing, extra, delivered - distinct.size());
  }

  private static List<BsonDocument> sorted(MongoCollection<BsonDocument> c) {
    List<BsonDocument> out = new ArrayList<>();
    c.find().sort(new BsonDocument("_id", new BsonInt32(1))).into(out);
    return out;
  }

  @Override
  public void close() {
    client.close();
    server.shutdownNow();
  }
}
