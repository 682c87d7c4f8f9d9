package dev.checkpoint.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCursor;
import org.bson.RawBsonDocument;

/** The documents of one open query. */
final class QueryDocs implements DocStream {
  private final ReadSpec<?> spec;
  private final MongoCursor<RawBsonDocument> cursor;

  QueryDocs(ReadSpec<?> spec, MongoCursor<RawBsonDocument> cursor) {
    this.spec = spec;
    this.cursor = cursor;
  }

  @Override
  public RawBsonDocument next() {
    try {
      return cursor.hasNext() ? cursor.next() : null;
    } catch (MongoException e) {
      throw spec.failed("fetching documents", e);
    }
  }

  @Override
  public void close() {
    cursor.close();
  }
}
