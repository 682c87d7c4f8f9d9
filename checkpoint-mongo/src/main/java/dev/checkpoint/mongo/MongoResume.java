package dev.checkpoint.mongo;

import com.mongodb.MongoClientSettings;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeDecision;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

/**
 * Resumes a cursor loop you write yourself: the filter and sort to read with, and the position to
 * record after each committed batch.
 *
 * <pre>{@code
 * ResumeDecision d = checkpointer.resume(table);
 * if (!d.finished()) {
 *   MongoResume r = MongoResume.of(d);                       // key _id
 *   List<Document> batch = new ArrayList<>();
 *   for (Document doc : coll.find(r.filter(myFilter)).sort(r.sort()).hint(r.sort())) {
 *     batch.add(doc);
 *     if (batch.size() == 1_000) {
 *       target.insertMany(batch);                            // commit
 *       checkpointer.committed(table, r.positionAfter(doc), batch.size());
 *       batch.clear();
 *     }
 *   }
 *   // ... the last partial batch likewise, then checkpointer.finish(table)
 * }
 * }</pre>
 *
 * <p>After a position the filter is an {@code $or} of one index range per type bracket (the rest of
 * the last key's bracket, then each later bracket), so it resumes correctly over mixed key types;
 * the server merges the ranges in key order. The key needs a unique index (for {@code _id} there
 * always is one). The built-in reader ({@link MongoSources#keyed}) runs the same ranges one after
 * the other instead, which is exact even on servers that order types differently.
 */
public final class MongoResume {
  private final ResumeDecision decision;
  private final KeyedPlan plan;
  private final String what;
  private final Optional<List<BsonValue>> after;

  private MongoResume(ResumeDecision decision, List<String> keys) {
    this.decision = decision;
    this.plan = new KeyedPlan(keys, new BsonDocument());
    this.what = decision.table().schema() + "." + decision.table().table();
    this.after = KeyedResume.values(decision, keys, what);
  }

  /**
   * Resumes by {@code _id}.
   *
   * @param decision the checkpointer's decision for the collection
   * @return the resume plan
   * @throws dev.checkpoint.InvalidPositionException if the stored value does not parse (naming the
   *     collection, field, value and where it came from)
   */
  public static MongoResume of(ResumeDecision decision) {
    return of(decision, "_id");
  }

  /**
   * Resumes by the given unique key fields, in this order.
   *
   * @param decision the checkpointer's decision for the collection
   * @param keyFields the key fields, each a field name or dotted path, with a unique index on them
   * @return the resume plan
   * @throws IllegalArgumentException if no field is given
   * @throws dev.checkpoint.InvalidPositionException if the stored position has other key fields or
   *     a value that does not parse
   */
  public static MongoResume of(ResumeDecision decision, String... keyFields) {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(keyFields, "keyFields");
    if (keyFields.length == 0) {
      throw new IllegalArgumentException("keyFields needs at least one field, was none");
    }
    return new MongoResume(decision, List.of(keyFields));
  }

  /**
   * The table is finished: read nothing.
   *
   * @return true if the decision says finished
   */
  public boolean finished() {
    return decision.finished();
  }

  /**
   * Whether reading continues after a stored position (otherwise it starts from the beginning).
   *
   * @return true if there is a position to continue after
   */
  public boolean resumes() {
    return after.isPresent() && !decision.finished();
  }

  /**
   * The filter that reads what is left: everything, or the documents after the position.
   *
   * @return the filter for {@code find}
   */
  public BsonDocument filter() {
    return filter(new BsonDocument());
  }

  /**
   * {@link #filter()} ANDed with your own filter.
   *
   * @param userFilter your filter
   * @return the filter for {@code find}
   */
  public BsonDocument filter(Bson userFilter) {
    BsonDocument user =
        Objects.requireNonNull(userFilter, "userFilter")
            .toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());
    if (!resumes()) {
      return user;
    }
    List<BsonDocument> ranges = plan.after(after.get());
    BsonDocument rest =
        ranges.isEmpty()
            // Nothing sorts after the position (it was MaxKey): match nothing.
            ? new BsonDocument(plan.keys().get(0), new BsonDocument("$in", new BsonArray()))
            : new BsonDocument("$or", new BsonArray(ranges));
    return user.isEmpty() ? rest : new BsonDocument("$and", new BsonArray(List.of(user, rest)));
  }

  /**
   * The key fields ascending; also the index to hint.
   *
   * @return {@code {k1: 1, k2: 1, ...}}
   */
  public BsonDocument sort() {
    return plan.sort();
  }

  /**
   * The position to record once a batch ending with {@code lastDocument} is committed.
   *
   * @return the keyed position of that document
   * @throws dev.checkpoint.CheckpointException if a key field is missing, an array, or of a type
   *     with no place in key order
   * @param lastDocument a {@code Document}, {@code BsonDocument} or any {@link Bson} document that
   *     holds the key fields
   */
  public Position.Keyed positionAfter(Bson lastDocument) {
    BsonDocument doc =
        Objects.requireNonNull(lastDocument, "lastDocument")
            .toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());
    return KeyedResume.positionOf(doc, plan.keys(), what);
  }
}
