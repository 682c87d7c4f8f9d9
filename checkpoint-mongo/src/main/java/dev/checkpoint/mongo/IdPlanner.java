package dev.checkpoint.mongo;

import static dev.checkpoint.mongo.IdRanges.ID;

import com.mongodb.MongoException;
import com.mongodb.client.FindIterable;
import dev.checkpoint.TableRef;
import dev.checkpoint.chunk.ChunkPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits a collection on {@code _id} by walking its index: each bound is the {@code chunkRows}-th
 * {@code _id} after the last one, as the server sorts them ({@code find().sort({_id:1})
 * .skip(n-1).limit(1)}), so no two values are compared in Java.
 *
 * <p>A walk stays inside one type bracket, because a comparison only matches values of its
 * operand's bracket. When the collection holds several ({@code _id}s that are ObjectIds and
 * strings, say), each bracket is walked in turn and closed at its largest {@code _id}: every chunk
 * of the plan then holds values of one bracket, and a bracket with fewer than {@code chunkRows}
 * documents is a chunk of its own.
 */
final class IdPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(IdPlanner.class);
  private static final BsonDocument ASCENDING = new BsonDocument(ID, new BsonInt32(1));
  private static final BsonDocument DESCENDING = new BsonDocument(ID, new BsonInt32(-1));

  private final ReadSpec<?> spec;
  private final KeyedPlan keyed;

  IdPlanner(ReadSpec<?> spec, KeyedPlan keyed) {
    this.spec = spec;
    this.keyed = keyed;
  }

  /**
   * @param start the value to plan after, decoded, or {@code null} for the whole collection
   * @param startText its text as given, kept in the plan
   */
  ChunkPlan plan(TableRef table, int chunkRows, BsonValue start, String startText) {
    List<String> bounds = new ArrayList<>();
    List<Bracket> present = new ArrayList<>();
    String previousMax = null;
    Bracket first = start == null ? Bracket.all().get(0) : Bracket.of(start);
    for (Bracket b : Bracket.all().subList(first.ordinal(), Bracket.all().size())) {
      Optional<BsonDocument> rest = IdRanges.rest(b, b == first ? start : null);
      if (rest.isEmpty() || idAt(rest.get(), 0, ASCENDING) == null) {
        continue;
      }
      // A bracket after the first with documents: the one before ends a chunk at its maximum.
      if (previousMax != null && (bounds.isEmpty() || !last(bounds).equals(previousMax))) {
        bounds.add(previousMax);
      }
      present.add(b);
      walk(b, rest.get(), chunkRows, bounds);
      previousMax = KeyValues.encode(idAt(rest.get(), 0, DESCENDING));
    }
    LOG.info(
        "{} split on _id in {} ranges{}",
        spec.what(),
        bounds.size() + 1,
        present.isEmpty() ? " (no documents)" : ", type brackets " + present);
    return new ChunkPlan(table, ID, startText, bounds, false);
  }

  /** Adds the bounds of one bracket: every {@code chunkRows}-th value after the last. */
  private void walk(Bracket b, BsonDocument rest, int chunkRows, List<String> bounds) {
    BsonDocument condition = rest;
    while (true) {
      BsonValue bound = idAt(condition, chunkRows - 1, ASCENDING);
      if (bound == null) {
        return;
      }
      String text = KeyValues.encode(bound);
      // The server only returns values after the last bound; the same text again would mean a
      // value whose text does not select it, and the walk would never end.
      if (!bounds.isEmpty() && last(bounds).equals(text)) {
        return;
      }
      bounds.add(text);
      Optional<BsonDocument> after = b.after(ID, bound);
      if (after.isEmpty()) {
        return;
      }
      condition = after.get();
    }
  }

  /** The {@code _id} of the document {@code skip} places into the condition's range, or null. */
  private BsonValue idAt(BsonDocument condition, int skip, BsonDocument order) {
    BsonDocument query = keyed.and(List.of(condition));
    try {
      FindIterable<RawBsonDocument> it =
          spec.raw()
              .find(query)
              .sort(order)
              .skip(skip)
              .limit(1)
              .projection(new BsonDocument(ID, new BsonInt32(1)));
      RawBsonDocument doc = (spec.hint() == null ? it : it.hint(spec.hint())).first();
      return doc == null ? null : doc.get(ID);
    } catch (MongoException e) {
      throw spec.failed("planning chunks with " + query.toJson(), e);
    }
  }

  private static String last(List<String> bounds) {
    return bounds.get(bounds.size() - 1);
  }
}
