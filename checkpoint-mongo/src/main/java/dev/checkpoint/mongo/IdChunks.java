package dev.checkpoint.mongo;

import static dev.checkpoint.mongo.IdRanges.ID;

import dev.checkpoint.CheckpointException;
import dev.checkpoint.InvalidPositionException;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.chunk.Chunk;
import dev.checkpoint.chunk.ChunkPlan;
import java.util.List;
import java.util.Objects;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * What {@link KeyedSource} does as a {@link dev.checkpoint.chunk.ChunkedSource}: chunks are ranges
 * of {@code _id}, their bounds kept as the typed text positions hold ({@link KeyValues}), and a
 * chunk is read keyed on {@code _id} inside its range.
 */
final class IdChunks {
  private IdChunks() {}

  static ChunkPlan plan(KeyedSource<?> src, TableRef table, int chunkRows, String start) {
    Objects.requireNonNull(table, "table");
    if (chunkRows < 1) {
      throw new IllegalArgumentException("chunkRows must be >= 1, was " + chunkRows);
    }
    ReadSpec<?> spec = src.spec();
    requireId(src, table);
    BsonValue from = start == null ? null : bound(spec, start, "the start of the plan of " + table);
    if (src.checksKey()) {
      KeyIndexCheck.refuseUnorderedTypes(spec, List.of(ID));
    }
    return new IdPlanner(spec, src.plan()).plan(table, chunkRows, from, start);
  }

  static <T> Source.Cursor<T> open(KeyedSource<T> src, Chunk chunk, ResumeDecision within) {
    Objects.requireNonNull(chunk, "chunk");
    Objects.requireNonNull(within, "within");
    ReadSpec<T> spec = src.spec();
    requireId(src, chunk.table());
    if (chunk.nulls() || !chunk.column().equals(ID)) {
      throw new CheckpointException(
          spec.what()
              + " is read in chunks of _id, without a NULL chunk; "
              + chunk.describe()
              + " is not one of its plans");
    }
    String what = chunk.describe();
    BsonValue hi = chunk.hi() == null ? null : bound(spec, chunk.hi(), "upper bound of " + what);
    BsonValue lo = chunk.lo() == null ? null : bound(spec, chunk.lo(), "lower bound of " + what);
    if (within.finished()) {
      return new BatchingCursor<>(spec, DocStream.empty(), (last, rows) -> null);
    }
    // Inside the chunk, resume after the last recorded _id: (position, hi] is the rest of it.
    BsonValue after =
        KeyedResume.values(within, List.of(ID), spec.what() + " " + what)
            .map(v -> v.get(0))
            .orElse(lo);
    List<BsonDocument> queries;
    try {
      queries = IdRanges.queries(src.plan(), after, hi);
    } catch (IllegalArgumentException e) {
      throw new InvalidPositionException(
          "cannot read " + what + " of " + spec.what() + " after " + after + ": " + e.getMessage());
    }
    return new BatchingCursor<>(
        spec,
        new SegmentDocs(spec, queries, src.plan().sort()),
        (last, rows) -> KeyedResume.positionOf(last, List.of(ID), spec.what()));
  }

  private static void requireId(KeyedSource<?> src, TableRef table) {
    if (!src.plan().keys().equals(List.of(ID))) {
      throw new CheckpointException(
          src.spec().what()
              + " ("
              + table
              + ") is read by key "
              + src.plan().keys()
              + "; chunks are ranges of _id: build the source keyed on _id to read it in chunks");
    }
  }

  private static BsonValue bound(ReadSpec<?> spec, String text, String what) {
    try {
      BsonValue v = KeyValues.decode(text);
      Bracket.of(v);
      return v;
    } catch (IllegalArgumentException e) {
      throw new InvalidPositionException(
          spec.what() + ": " + what + " is \"" + text + "\": " + e.getMessage());
    }
  }
}
