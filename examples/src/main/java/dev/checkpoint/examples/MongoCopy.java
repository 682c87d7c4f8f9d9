package dev.checkpoint.examples;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.TableRef;
import dev.checkpoint.mongo.MongoPositionStore;
import dev.checkpoint.mongo.MongoSources;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Example 5: MongoDB to MongoDB, read in {@code _id} order and resumed after the last committed
 * {@code _id} (whatever its BSON type), positions in a collection of the target. The sink replaces
 * by {@code _id} with upsert, so a batch delivered again after a crash lands once.
 *
 * <p>{@code mongo-copy [MONGODB_URI]}: without a URI, on an in-process MongoDB wire server
 * (mongo-java-server).
 */
public final class MongoCopy {
  private MongoCopy() {}

  public static void main(String[] args) {
    MongoServer server = null;
    String uri = args.length > 0 ? args[0] : null;
    if (uri == null) {
      System.out.println(
          "Starting an in-process MongoDB wire server (mongo-java-server); pass a URI to use a real MongoDB");
      server = new MongoServer(new MemoryBackend());
      uri = server.bindAndGetConnectionString();
    }
    boolean same;
    try (MongoClient client = MongoClients.create(uri)) {
      MongoCollection<Document> source = client.getDatabase("shop").getCollection("orders");
      MongoCollection<Document> target = client.getDatabase("warehouse").getCollection("orders");
      source.drop();
      target.drop();
      source.insertMany(sampleOrders(10_000));
      long rows = copy(client, source, target);
      same = sameDocuments(source, target);
      System.out.printf(
          "copied %,d documents; shop.orders %,d, warehouse.orders %,d: %s%n",
          rows, source.countDocuments(), target.countDocuments(), same ? "identical" : "DIFFERENT");
    } finally {
      if (server != null) {
        server.shutdownNow();
      }
    }
    System.exit(same ? 0 : 1);
  }

  // tag::mongo-copy[]
  static long copy(MongoClient client, MongoCollection<Document> source, MongoCollection<Document> target) {
    TableRef orders = TableRef.of("mongo", "shop", "orders");
    try (MongoPositionStore store =
            MongoPositionStore.builder().client(client).collection("warehouse.checkpoint_positions").build();
        Checkpointer cp = Checkpointer.builder().taskId("mongo-copy").store(store).build()) {
      return cp.run(
          orders,
          MongoSources.keyed(source).batchSize(1_000).build(), // _id order, any _id types
          batch -> {
            List<WriteModel<Document>> writes = new ArrayList<>();
            for (Document d : batch) {
              writes.add(new ReplaceOneModel<>(Filters.eq("_id", d.get("_id")), d, new ReplaceOptions().upsert(true)));
            }
            target.bulkWrite(writes); // idempotent: a re-delivered batch replaces itself
          });
    }
  }
  // end::mongo-copy[]

  /** Both collections hold the same documents, compared in _id order. */
  static boolean sameDocuments(MongoCollection<Document> a, MongoCollection<Document> b) {
    Document byId = new Document("_id", 1);
    return a.find()
        .sort(byId)
        .into(new ArrayList<>())
        .equals(b.find().sort(byId).into(new ArrayList<>()));
  }

  /** Orders with _ids of several BSON types: ObjectIds, strings, numbers. */
  static List<Document> sampleOrders(int n) {
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Object id = i % 3 == 0 ? new ObjectId() : i % 3 == 1 ? "order-" + i : (Object) (long) i;
      docs.add(
          new Document("_id", id)
              .append("customer", i % 5 == 0 ? null : "Zoë " + i)
              .append("cents", i * 125L));
    }
    return docs;
  }
}
