package dev.checkpoint.mongo;

import dev.checkpoint.Batch;
import dev.checkpoint.Position;
import dev.checkpoint.Source;
import java.util.ArrayList;
import java.util.List;
import org.bson.RawBsonDocument;

/** Cuts a document stream into batches and stamps each with the position after its last row. */
final class BatchingCursor<T> implements Source.Cursor<T> {

  /** The position that holds once a batch ending with {@code last} is committed. */
  @FunctionalInterface
  interface Positions {
    Position after(RawBsonDocument last, int rowsInBatch);
  }

  private final ReadSpec<T> spec;
  private final DocStream docs;
  private final Positions positions;

  BatchingCursor(ReadSpec<T> spec, DocStream docs, Positions positions) {
    this.spec = spec;
    this.docs = docs;
    this.positions = positions;
  }

  @Override
  public Batch<T> next() {
    List<T> rows = new ArrayList<>(Math.min(spec.batchSize(), 4096));
    RawBsonDocument last = null;
    while (rows.size() < spec.batchSize()) {
      RawBsonDocument doc = docs.next();
      if (doc == null) {
        break;
      }
      rows.add(spec.decoder().apply(doc));
      last = doc;
    }
    if (last == null) {
      return null;
    }
    return new Batch<>(rows, positions.after(last, rows.size()));
  }

  @Override
  public void close() {
    docs.close();
  }
}
