package dev.checkpoint.testkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import dev.checkpoint.Batch;
import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.Position;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The fixtures a user's pipeline test gets: a fresh PostgreSQL schema, a fresh Mongo database. */
@ExtendWith(PipelineFixtures.class)
class PipelineFixturesIT {
  static final TableRef SOURCE = TableRef.of("mongo", "app", "source");

  @Test
  void eachTestGetsAnEmptySchemaThatUnqualifiedNamesLandIn(PgSchema a, PgSchema b)
      throws SQLException {
    assertThat(a.schema()).isNotEqualTo(b.schema());
    try (Connection c = a.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id int)");
      try (ResultSet rs =
          s.executeQuery(
              "SELECT table_schema FROM information_schema.tables WHERE table_name = 't'"
                  + " AND table_schema LIKE 'pipeline_%'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo(a.schema());
        assertThat(rs.next()).isFalse();
      }
    }
    assertThat(a.toString()).doesNotContain("postgres").contains(a.schema());
  }

  @Test
  void aMongoPipelineKeyedOnIdPassesTheCheck(MongoDatabase db) {
    MongoCollection<Document> source = db.getCollection("source");
    MongoCollection<Document> target = db.getCollection("target");
    insert(
        db,
        "source",
        IntStream.range(0, 23).mapToObj(i -> new Document("_id", i).append("v", "v" + i)).toList());

    int tried =
        PipelineCheck.of(
                run -> {
                  try (Checkpointer cp =
                      Checkpointer.builder()
                          .taskId("mongo-copy")
                          .store(run.store())
                          .policy(CheckpointPolicy.everyBatch())
                          .build()) {
                    cp.run(SOURCE, run.source(byId(source)), run.sink(rows -> upsert(db, rows)));
                  }
                })
            .freshTarget(() -> delete(db, new Document()))
            .target(() -> target.find().into(new ArrayList<>()))
            .verify();

    // 5 batches of 5 (the last of 3): AFTER_BATCH, IN_SINK and AFTER_COMMIT at 1..5, and the
    // store's 5 positions and the finished mark
    assertThat(tried).isEqualTo(5 + 5 + 5 + 6);
    assertThat(target.countDocuments()).isEqualTo(23);
  }

  /** Reads {@code _id > last} in batches of 5, each a query of its own. */
  static Source<Document> byId(MongoCollection<Document> source) {
    return decision -> {
      int[] after = {
        decision
            .position()
            .map(p -> Integer.parseInt(((Position.Keyed) p).values().get(0)))
            .orElse(-1)
      };
      return new Source.Cursor<>() {
        @Override
        public Batch<Document> next() {
          List<Document> rows = new ArrayList<>();
          try (MongoCursor<Document> c =
              source
                  .find(new Document("_id", new Document("$gt", after[0])))
                  .sort(new Document("_id", 1))
                  .limit(5)
                  .iterator()) {
            c.forEachRemaining(rows::add);
          }
          if (rows.isEmpty()) {
            return null;
          }
          after[0] = rows.get(rows.size() - 1).getInteger("_id");
          return new Batch<>(rows, Position.keyed("_id", Integer.toString(after[0])));
        }

        @Override
        public void close() {}
      };
    };
  }

  /** An upsert by _id: the rows' old versions go, the new ones come. */
  static void upsert(MongoDatabase db, List<Document> rows) {
    List<Object> ids = rows.stream().map(d -> d.get("_id")).toList();
    delete(db, new Document("_id", new Document("$in", ids)));
    insert(db, "target", rows);
  }

  // As commands, so that this test names no class of the driver's core module.
  static void insert(MongoDatabase db, String collection, List<Document> rows) {
    db.runCommand(new Document("insert", collection).append("documents", rows));
  }

  static void delete(MongoDatabase db, Document filter) {
    db.runCommand(
        new Document("delete", "target")
            .append("deletes", List.of(new Document("q", filter).append("limit", 0))));
  }
}
