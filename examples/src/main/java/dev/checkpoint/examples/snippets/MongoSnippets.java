package dev.checkpoint.examples.snippets;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.ResumeState;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.TransactionalSession;
import dev.checkpoint.mongo.MongoPositionStore;
import dev.checkpoint.mongo.MongoResume;
import dev.checkpoint.mongo.MongoSources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/** The code of docs/mongo.md, compiled; DocsCodeBlocksTest checks the page quotes it verbatim. */
@SuppressWarnings("unused")
abstract class MongoSnippets {
  MongoClient client;
  MongoCollection<Document> coll;
  MongoCollection<Document> source;
  MongoCollection<Document> target;
  Checkpointer checkpointer;
  TableRef table;
  Bson myFilter;

  void quickStart() {
    // tag::mongo-quick-start[]
    MongoCollection<Document> orders = client.getDatabase("shop").getCollection("orders");
    try (MongoPositionStore store = MongoPositionStore.builder().client(client).build();
         Checkpointer cp = Checkpointer.builder().taskId("orders-sync").store(store).build()) {
      cp.run(TableRef.of("mongo", "shop", "orders"),
             MongoSources.keyed(orders).batchSize(1_000).build(),
             batch -> target.insertMany(batch));          // the position is recorded after this returns
    }
    // end::mongo-quick-start[]
  }

  void rowSkip() {
    // tag::mongo-row-skip[]
    Source<Document> events = MongoSources.rowSkip(coll).sort(new Document("ts", 1)).build();
    // end::mongo-row-skip[]
  }

  void ownCursorLoop() {
    // tag::mongo-own-loop[]
    ResumeDecision d = checkpointer.resume(table);
    if (!d.finished()) {
      MongoResume r = MongoResume.of(d);                      // or MongoResume.of(d, "a", "b")
      List<Document> batch = new ArrayList<>();
      for (Document doc : coll.find(r.filter(myFilter)).sort(r.sort()).hint(r.sort())) {
        batch.add(doc);
        if (batch.size() == 1_000) {
          target.insertMany(batch);                           // committed: now record its position
          checkpointer.committed(table, r.positionAfter(doc), batch.size());
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        target.insertMany(batch);
      }
      checkpointer.finish(table);
    }
    // end::mongo-own-loop[]
  }

  void store() {
    // tag::mongo-store[]
    MongoPositionStore store = MongoPositionStore.builder()
        .client(client)                                   // or .uri("mongodb://…"): the store makes and closes the client
        .collection("apecloud_metadata.apedts_task_position")
        .leaseDuration(Duration.ofSeconds(30))
        .build();
    // end::mongo-store[]
  }

  void sameTransaction(MongoPositionStore store) {
    // tag::mongo-same-transaction[]
    try (TransactionalSession<ClientSession> s = store.open("orders-sync");
         ClientSession cs = client.startSession()) {
      ResumeState state = s.load();
      ResumeDecision d = new ResumeDecision(
          table, state.isFinished(table), state.position(table), Optional.of(store.location()));
      if (!d.finished()) {
        MongoResume r = MongoResume.of(d);                    // r.filter(), r.sort() for the find
        try (MongoCursor<Document> docs = source.find(r.filter()).sort(r.sort()).iterator()) {
          while (docs.hasNext()) {
            List<Document> batch = new ArrayList<>();
            while (docs.hasNext() && batch.size() < 1_000) {
              batch.add(docs.next());
            }
            cs.withTransaction(() -> {                        // the batch and its position, or neither
              target.insertMany(cs, batch);
              s.recordIn(cs, table, r.positionAfter(batch.get(batch.size() - 1)));
              return null;
            });
          }
        }
        s.finish(table);                                      // or s.finishIn(cs, table) in a transaction
      }
    }
    // end::mongo-same-transaction[]
  }
}
