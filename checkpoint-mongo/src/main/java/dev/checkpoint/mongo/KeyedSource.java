package dev.checkpoint.mongo;

import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.chunk.Chunk;
import dev.checkpoint.chunk.ChunkPlan;
import dev.checkpoint.chunk.ChunkedSource;
import java.util.List;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Reads a collection in key order and resumes after the last committed key; keyed on {@code _id},
 * it also reads the collection in chunks of {@code _id} ({@link IdChunks}).
 */
final class KeyedSource<T> implements Source<T>, ChunkedSource<T> {
  private final ReadSpec<T> spec;
  private final KeyedPlan plan;
  private final boolean checkKey;

  /**
   * @param checkKey whether to check the key's index and value types when opening
   */
  KeyedSource(ReadSpec<T> spec, List<String> keys, boolean checkKey) {
    this.spec = spec;
    this.plan = new KeyedPlan(keys, spec.filter());
    this.checkKey = checkKey;
  }

  KeyedPlan plan() {
    return plan;
  }

  ReadSpec<T> spec() {
    return spec;
  }

  boolean checksKey() {
    return checkKey;
  }

  @Override
  public ChunkPlan plan(TableRef table, int chunkRows, String start) {
    return IdChunks.plan(this, table, chunkRows, start);
  }

  @Override
  public Cursor<T> open(Chunk chunk, ResumeDecision within) {
    return IdChunks.open(this, chunk, within);
  }

  /** The queries this source would run for the decision, in order. */
  List<BsonDocument> queries(ResumeDecision decision) {
    Optional<List<BsonValue>> after = KeyedResume.values(decision, plan.keys(), spec.what());
    return after.map(plan::after).orElseGet(plan::fromStart);
  }

  @Override
  public Cursor<T> open(ResumeDecision decision) {
    List<BsonDocument> queries = decision.finished() ? List.of() : queries(decision);
    if (checkKey && !queries.isEmpty()) {
      KeyIndexCheck.requireUniqueIndex(spec, plan.keys(), plan.sort());
      KeyIndexCheck.refuseUnorderedTypes(spec, plan.keys());
    }
    return new BatchingCursor<>(
        spec,
        new SegmentDocs(spec, queries, plan.sort()),
        (last, rows) -> KeyedResume.positionOf(last, plan.keys(), spec.what()));
  }
}
