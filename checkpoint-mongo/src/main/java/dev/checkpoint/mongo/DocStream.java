package dev.checkpoint.mongo;

import org.bson.RawBsonDocument;

/** Documents in read order, one at a time; {@code null} at the end. */
interface DocStream extends AutoCloseable {
  RawBsonDocument next();

  @Override
  void close();

  /** No documents: the stream of a finished table. */
  static DocStream empty() {
    return new DocStream() {
      @Override
      public RawBsonDocument next() {
        return null;
      }

      @Override
      public void close() {}
    };
  }
}
