package dev.checkpoint.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCursor;
import java.util.Iterator;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;

/**
 * The documents of a keyed read: the plan's queries run one after the other, each sorted by the
 * key. A query is opened only when the one before it is exhausted.
 */
final class SegmentDocs implements DocStream {
  private final ReadSpec<?> spec;
  private final BsonDocument sort;
  private final Iterator<BsonDocument> queries;
  private MongoCursor<RawBsonDocument> current;
  private BsonDocument currentQuery;

  SegmentDocs(ReadSpec<?> spec, List<BsonDocument> queries, BsonDocument sort) {
    this.spec = spec;
    this.sort = sort;
    this.queries = queries.iterator();
  }

  @Override
  public RawBsonDocument next() {
    try {
      while (true) {
        if (current != null && current.hasNext()) {
          return current.next();
        }
        if (current != null) {
          current.close();
          current = null;
        }
        if (!queries.hasNext()) {
          return null;
        }
        currentQuery = queries.next();
        current = spec.find(currentQuery).sort(sort).iterator();
      }
    } catch (MongoException e) {
      throw spec.failed("running " + currentQuery.toJson(), e);
    }
  }

  @Override
  public void close() {
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
