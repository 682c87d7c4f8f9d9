package dev.checkpoint.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import dev.checkpoint.CheckpointException;
import java.util.function.Function;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;

/**
 * What every Mongo reader needs: the collection read as raw BSON (so key values keep their exact
 * types whatever the user's document class), how to hand documents to the user, the user's filter
 * and projection, and the batch size.
 */
record ReadSpec<T>(
    MongoCollection<RawBsonDocument> raw,
    Function<RawBsonDocument, T> decoder,
    BsonDocument filter,
    BsonDocument projection,
    BsonDocument hint,
    int batchSize) {

  /**
   * @param hint the index every query is told to use, or {@code null} to let the server choose
   */
  static <T> ReadSpec<T> of(
      MongoCollection<T> collection,
      BsonDocument filter,
      BsonDocument projection,
      BsonDocument hint,
      int batchSize) {
    Class<T> type = collection.getDocumentClass();
    Function<RawBsonDocument, T> decoder;
    if (type.isAssignableFrom(RawBsonDocument.class)) {
      decoder = type::cast;
    } else {
      Codec<T> codec = collection.getCodecRegistry().get(type);
      decoder = raw -> raw.decode(codec);
    }
    return new ReadSpec<>(
        collection.withDocumentClass(RawBsonDocument.class),
        decoder,
        filter,
        projection,
        hint,
        batchSize);
  }

  /** The collection for messages: {@code db.coll}. */
  String what() {
    return raw.getNamespace().getFullName();
  }

  FindIterable<RawBsonDocument> find(BsonDocument query) {
    FindIterable<RawBsonDocument> it = raw.find(query).batchSize(batchSize);
    if (hint != null) {
      it = it.hint(hint);
    }
    return projection.isEmpty() ? it : it.projection(projection);
  }

  CheckpointException failed(String action, MongoException e) {
    return new CheckpointException(
        "reading " + what() + " failed while " + action + ": " + e.getMessage(), e);
  }
}
