package dev.checkpoint.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCursor;
import dev.checkpoint.CheckpointException;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;

/**
 * Re-runs a deterministic ordered find and skips the committed rows on the server. Before handing
 * out anything it re-reads the last committed row and compares its fingerprint with the one
 * recorded, so a source that changed under the committed rows is reported instead of silently
 * skipping the wrong rows.
 */
final class RowSkipSource<T> implements Source<T> {
  private final ReadSpec<T> spec;
  private final BsonDocument sort;

  /**
   * @param sort a total order: the user's sort with an {@code _id} tie-breaker
   */
  RowSkipSource(ReadSpec<T> spec, BsonDocument sort) {
    this.spec = spec;
    this.sort = sort;
  }

  BsonDocument sort() {
    return sort;
  }

  @Override
  public Cursor<T> open(ResumeDecision decision) {
    if (decision.finished()) {
      return new BatchingCursor<>(spec, DocStream.empty(), (last, n) -> Position.none());
    }
    Position.RowOffset from = decision.resumes() ? rowOffset(decision) : null;
    long committed = from == null ? 0 : from.rows();
    FindIterable<RawBsonDocument> find = spec.find(spec.filter()).sort(sort);
    // The server skips up to the last committed row; that row itself is read to check it.
    long toSkip = Math.max(0, committed - 1);
    int onServer = (int) Math.min(toSkip, Integer.MAX_VALUE);
    MongoCursor<RawBsonDocument> cursor;
    try {
      cursor = (onServer > 0 ? find.skip(onServer) : find).iterator();
    } catch (MongoException e) {
      throw spec.failed("running the row-skip query", e);
    }
    QueryDocs docs = new QueryDocs(spec, cursor);
    try {
      for (long i = onServer; i < toSkip; i++) {
        if (docs.next() == null) {
          throw changed(committed, "it now has only " + i + " rows");
        }
      }
      if (committed > 0) {
        verify(docs.next(), from, committed);
      }
    } catch (RuntimeException e) {
      docs.close();
      throw e;
    }
    long[] rows = {committed};
    return new BatchingCursor<>(
        spec,
        docs,
        (last, n) -> {
          rows[0] += n;
          return Position.rowOffset(rows[0], Fingerprints.of(last));
        });
  }

  private Position.RowOffset rowOffset(ResumeDecision d) {
    Position p = d.position().get();
    if (p instanceof Position.RowOffset r) {
      return r;
    }
    throw new CheckpointException(
        "cannot resume "
            + spec.what()
            + " by row offset: the stored position"
            + d.source().map(s -> " (from " + s + ")").orElse("")
            + " is "
            + p
            + "; read it with the strategy that wrote it, or reset the table");
  }

  private void verify(RawBsonDocument row, Position.RowOffset from, long committed) {
    if (row == null) {
      throw changed(committed, "it now has fewer rows");
    }
    String now = Fingerprints.of(row);
    if (!now.equals(from.lastRowFingerprint())) {
      throw changed(
          committed,
          "row "
              + committed
              + " (the last committed one) now has fingerprint "
              + now
              + ", recorded was "
              + from.lastRowFingerprint());
    }
  }

  private CheckpointException changed(long committed, String detail) {
    return new CheckpointException(
        "the source changed: "
            + spec.what()
            + " in order "
            + sort.toJson()
            + " cannot be resumed after row "
            + committed
            + " because "
            + detail
            + ". Skipping "
            + committed
            + " rows would skip the wrong documents; reset the table to read it again");
  }
}
