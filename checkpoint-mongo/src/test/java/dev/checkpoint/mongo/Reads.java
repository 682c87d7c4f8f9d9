package dev.checkpoint.mongo;

import dev.checkpoint.Batch;
import dev.checkpoint.Position;
import dev.checkpoint.PositionJson;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/** Small helpers shared by the reader tests. */
final class Reads {
  private Reads() {}

  /** Every document a source hands out for the decision, in order. */
  static <T> List<T> all(Source<T> source, ResumeDecision decision) {
    List<T> out = new ArrayList<>();
    try (Source.Cursor<T> c = source.open(decision)) {
      Batch<T> b;
      while ((b = c.next()) != null) {
        out.addAll(b.rows());
      }
    }
    return out;
  }

  /** Every batch a source hands out for the decision. */
  static <T> List<Batch<T>> batches(Source<T> source, ResumeDecision decision) {
    List<Batch<T>> out = new ArrayList<>();
    try (Source.Cursor<T> c = source.open(decision)) {
      Batch<T> b;
      while ((b = c.next()) != null) {
        out.add(b);
      }
    }
    return out;
  }

  /**
   * A decision to resume at the position, after the position went through its JSON text as a store
   * would keep it.
   */
  static ResumeDecision resumeAt(TableRef table, Position p) {
    Position stored = PositionJson.read(PositionJson.write(table, p)).orElseThrow().position();
    return new ResumeDecision(table, false, Optional.of(stored), Optional.of("test"));
  }

  /** A value as canonical extended JSON: equal texts mean same type and same value. */
  static String exact(BsonValue v) {
    return BsonOrderTest.json(v);
  }

  static List<String> exact(List<? extends BsonValue> values) {
    return values.stream().map(Reads::exact).toList();
  }

  static List<String> ids(List<BsonDocument> docs) {
    return docs.stream().map(d -> exact(d.get("_id"))).toList();
  }
}
