package dev.checkpoint.cli;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * The source and target of the Mongo copy ITs, on one server: a source database whose name has odd
 * characters ({@code cp-src@...}) with four collections of odd names, one with {@code _id}s of
 * several BSON types, one more that the filter ignores, and a target database of another name
 * ([router] db_map).
 */
final class CopyCollections {
  static final String ORDERS = "orders";
  static final String ITEMS = "order-items";
  static final String ODD = "finished_table_*1";
  static final String DOTTED = "a.b c";
  static final String IGNORED = "skip_me";
  static final List<String> COPIED = List.of(DOTTED, ODD, ITEMS, ORDERS);

  final MongoClient client;
  final String uri;
  final String src;
  final String dst;
  final int orderDocs;

  CopyCollections(MongoClient client, String uri, int orderDocs) {
    this.client = client;
    this.uri = uri;
    this.orderDocs = orderDocs;
    String id = UUID.randomUUID().toString().substring(0, 8);
    this.src = "cp-src@" + id;
    this.dst = "cp_dst_" + id;
    MongoDatabase db = client.getDatabase(src);
    List<Document> orders = new ArrayList<>();
    for (int n = 1; n <= orderDocs; n++) {
      orders.add(
          new Document("_id", (long) n)
              .append("grp", n % 17)
              .append("name", "order ñ " + n)
              .append("amount", new Decimal128(java.math.BigDecimal.valueOf(n * 125L, 2)))
              .append("lines", List.of(new Document("sku", "s" + n), n)));
      if (orders.size() == 5_000) {
        db.getCollection(ORDERS).insertMany(orders);
        orders.clear();
      }
    }
    if (!orders.isEmpty()) {
      db.getCollection(ORDERS).insertMany(orders);
    }
    // _ids of several types: each type bracket is read by its own query
    List<Document> items = new ArrayList<>();
    for (int n = 0; n < 3_000; n++) {
      Object key =
          switch (n % 4) {
            case 0 -> n;
            case 1 -> "item-" + n;
            case 2 -> new ObjectId();
            default -> new Document("order", n / 3).append("line", n % 3);
          };
      items.add(new Document("_id", key).append("sku", "sku-" + n).append("qty", n % 7));
    }
    db.getCollection(ITEMS).insertMany(items);
    List<Document> odd = new ArrayList<>();
    for (int n = 1; n <= 500; n++) {
      odd.add(new Document("_id", "v" + n).append("v", n));
    }
    db.getCollection(ODD).insertMany(odd);
    db.getCollection(DOTTED).insertOne(new Document("_id", new ObjectId()).append("x", "only"));
    db.getCollection(IGNORED).insertOne(new Document("_id", 1));
  }

  MongoCollection<BsonDocument> coll(String db, String name) {
    return client.getDatabase(db).getCollection(name, BsonDocument.class);
  }

  long count(String db, String name) {
    return client.getDatabase(db).getCollection(name).countDocuments();
  }

  /** Every document, sorted by {@code _id}: a missing, extra or changed one shows. */
  List<BsonDocument> dump(String db, String name) {
    List<BsonDocument> out = new ArrayList<>();
    coll(db, name).find().into(out);
    out.sort((a, b) -> a.get("_id").toString().compareTo(b.get("_id").toString()));
    return out;
  }

  /** The collections whose target differs from the source. */
  List<String> differences(String target) {
    List<String> out = new ArrayList<>();
    for (String c : COPIED) {
      List<BsonDocument> a = dump(src, c);
      List<BsonDocument> b = dump(target, c);
      if (!a.equals(b)) {
        out.add(c + ": source " + a.size() + " documents, target " + b.size());
      }
    }
    return out;
  }

  /** A task in ape-dts's layout: the source database mapped to the target's in [router]. */
  Path ini(Path dir, String task, String... extra) throws java.io.IOException {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "[global]",
                "task_id=" + task,
                "[extractor]",
                "db_type=mongo",
                "extract_type=snapshot",
                "url=" + uri,
                "app_name=checkpoint-it",
                "batch_size=500",
                "parallel_size=2",
                "[sinker]",
                "db_type=mongo",
                "sink_type=write",
                "url=" + uri,
                "batch_size=200",
                "[filter]",
                "do_dbs=",
                "do_tbs=" + src + ".*",
                "ignore_tbs=" + src + ".skip_*",
                "[router]",
                "db_map=" + src + ":" + dst,
                "[pipeline]",
                "checkpoint_interval_secs=0",
                "[runtime]",
                "log_dir=" + dir.resolve("logs")));
    lines.addAll(List.of(extra));
    Path file = dir.resolve(task + ".ini");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }
}
