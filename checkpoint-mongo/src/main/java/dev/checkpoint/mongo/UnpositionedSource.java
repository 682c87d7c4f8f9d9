package dev.checkpoint.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.FindIterable;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;

/** Strategy NONE: reads everything every time and records no position. */
final class UnpositionedSource<T> implements Source<T> {
  private final ReadSpec<T> spec;
  private final BsonDocument sort;

  /**
   * @param sort the order to read in; empty for the server's natural order
   */
  UnpositionedSource(ReadSpec<T> spec, BsonDocument sort) {
    this.spec = spec;
    this.sort = sort;
  }

  @Override
  public Cursor<T> open(ResumeDecision decision) {
    if (decision.finished()) {
      return new BatchingCursor<>(spec, DocStream.empty(), (last, n) -> Position.none());
    }
    FindIterable<RawBsonDocument> find = spec.find(spec.filter());
    if (!sort.isEmpty()) {
      find = find.sort(sort);
    }
    try {
      return new BatchingCursor<>(
          spec, new QueryDocs(spec, find.iterator()), (last, n) -> Position.none());
    } catch (MongoException e) {
      throw spec.failed("running the query", e);
    }
  }
}
