package dev.checkpoint.mongo;

import com.mongodb.client.MongoCollection;
import dev.checkpoint.Source;
import dev.checkpoint.Strategy;
import dev.checkpoint.chunk.ChunkedSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.conversions.Bson;

/**
 * Settings of a Mongo reader; {@link #build()} validates them. Obtained from {@link MongoSources}.
 *
 * <p>Documents are handed to the sink as the collection's document class ({@code Document}, {@code
 * BsonDocument}, {@code RawBsonDocument}, a POJO). Positions are always taken from the raw BSON, so
 * key types are exact whatever that class is; use {@code BsonDocument} or {@code RawBsonDocument}
 * to copy deprecated types such as symbols unchanged.
 */
public final class MongoSourceBuilder<T> {
  private final MongoCollection<T> collection;
  private final Strategy strategy;
  private List<String> key;
  private Bson filter;
  private Bson projection;
  private Bson sort;
  private Bson hint;
  private boolean noHint;
  private int batchSize = 1000;
  private boolean checkKey = true;

  MongoSourceBuilder(MongoCollection<T> collection, Strategy strategy) {
    this.collection = collection;
    this.strategy = strategy;
  }

  /**
   * The key to read and resume by: one field or several, each a field name or a dotted path.
   * Default: {@code _id}. Other than {@code _id}, the fields need a unique index on exactly these
   * fields, ascending, neither sparse nor partial (checked when the read opens). Only for {@code
   * KEY} and {@code AUTO}.
   *
   * @param fields the key fields, in key order
   * @return this builder
   * @throws IllegalArgumentException for no field, an empty or repeated one
   */
  public MongoSourceBuilder<T> key(String... fields) {
    Objects.requireNonNull(fields, "fields");
    if (fields.length == 0) {
      throw new IllegalArgumentException("key needs at least one field, was none");
    }
    List<String> list = new ArrayList<>();
    for (String f : fields) {
      if (f == null
          || f.isEmpty()
          || f.startsWith("$")
          || f.startsWith(".")
          || f.endsWith(".")
          || f.contains("..")) {
        throw new IllegalArgumentException(
            "key field must be a field name or dotted path, was \"" + f + "\"");
      }
      if (list.contains(f)) {
        throw new IllegalArgumentException("key field \"" + f + "\" is given twice");
      }
      list.add(f);
    }
    this.key = List.copyOf(list);
    return this;
  }

  /**
   * Only documents matching this filter are read. Default: all documents.
   *
   * @param filter the filter
   * @return this builder
   */
  public MongoSourceBuilder<T> filter(Bson filter) {
    this.filter = Objects.requireNonNull(filter, "filter");
    return this;
  }

  /**
   * Which fields the sink gets. Default: whole documents. A keyed read must keep its key fields (it
   * records them); a row-skip read fingerprints the projected document.
   *
   * @param projection the projection
   * @return this builder
   */
  public MongoSourceBuilder<T> projection(Bson projection) {
    this.projection = Objects.requireNonNull(projection, "projection");
    return this;
  }

  /**
   * The order of a {@code ROW_SKIP} or {@code NONE} read. Required for {@code ROW_SKIP}; {@code
   * _id} ascending is appended as a tie-breaker unless the sort names {@code _id}, so the order is
   * total. Not allowed for {@code KEY}, which reads in key order. Default: none.
   *
   * @param sort the sort
   * @return this builder
   */
  public MongoSourceBuilder<T> sort(Bson sort) {
    this.sort = Objects.requireNonNull(sort, "sort");
    return this;
  }

  /**
   * The index every query is told to use. Default: for {@code KEY}, the key's index ({@code
   * {_id:1}}), so a user filter never makes the server sort in memory; otherwise none.
   *
   * @param index the index, as its key document
   * @return this builder
   */
  public MongoSourceBuilder<T> hint(Bson index) {
    this.hint = Objects.requireNonNull(index, "index");
    this.noHint = false;
    return this;
  }

  /**
   * Lets the server choose the index, e.g. when the filter has a better one that also sorts.
   *
   * @return this builder
   */
  public MongoSourceBuilder<T> noHint() {
    this.hint = null;
    this.noHint = true;
    return this;
  }

  /**
   * Documents per batch, and per round trip to the server. Default: 1000. A batch's position is
   * recorded after the sink returns.
   *
   * @param batchSize documents per batch
   * @return this builder
   * @throws IllegalArgumentException if it is not above 0
   */
  public MongoSourceBuilder<T> batchSize(int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be > 0, was " + batchSize);
    }
    this.batchSize = batchSize;
    return this;
  }

  /**
   * Whether a keyed read checks, when it opens, that the key has a suitable unique index and that
   * no document's key is of a type without a place in key order (array, regex, JavaScript,
   * DBPointer, undefined). Default: {@code true}. Turn it off only for a view or a key you have
   * checked yourself: a document with such a key would otherwise be skipped without a word.
   *
   * @param check whether to check
   * @return this builder
   */
  public MongoSourceBuilder<T> checkKey(boolean check) {
    this.checkKey = check;
    return this;
  }

  /**
   * @return the source; one instance serves one collection
   * @throws IllegalArgumentException naming the setting and the bad value
   */
  public Source<T> build() {
    Strategy resolved = resolve();
    BsonDocument filterDoc = toDocument(filter);
    BsonDocument projectionDoc = toDocument(projection);
    BsonDocument sortDoc = toDocument(sort);
    switch (resolved) {
      case KEY:
        List<String> keys = key == null ? List.of("_id") : key;
        Projections.requireKeys(projectionDoc, keys);
        BsonDocument pattern = new BsonDocument();
        keys.forEach(k -> pattern.append(k, new BsonInt32(1)));
        BsonDocument keyHint = noHint ? null : hint == null ? pattern : toDocument(hint);
        return new KeyedSource<>(
            ReadSpec.of(collection, filterDoc, projectionDoc, keyHint, batchSize), keys, checkKey);
      case ROW_SKIP:
        BsonDocument total = sortDoc.clone();
        if (!total.containsKey("_id")) {
          total.append("_id", new BsonInt32(1));
        }
        return new RowSkipSource<>(
            ReadSpec.of(collection, filterDoc, projectionDoc, otherHint(), batchSize), total);
      default:
        return new UnpositionedSource<>(
            ReadSpec.of(collection, filterDoc, projectionDoc, otherHint(), batchSize), sortDoc);
    }
  }

  /**
   * A keyed reader on {@code _id} that also splits the collection into ranges of {@code _id} and
   * reads one range at a time, for {@link dev.checkpoint.chunk.ChunkedRun}: the plan walks the
   * {@code _id} index on the server, each type bracket of {@code _id} in its own chunks. The object
   * returned is also a {@link Source} of the whole collection, as {@link #build()} makes it.
   *
   * @return the chunked source
   * @throws IllegalArgumentException if the strategy is not {@code KEY} (or {@code AUTO} resolving
   *     to it), or the key is not {@code _id}, or a setting is invalid as for {@link #build()}
   */
  public ChunkedSource<T> buildChunked() {
    if (resolve() != Strategy.KEY) {
      throw new IllegalArgumentException(
          "a chunked read is keyed on _id; strategy must be KEY or AUTO without a sort, was "
              + strategy);
    }
    if (key != null && !key.equals(List.of("_id"))) {
      throw new IllegalArgumentException(
          "a chunked read splits the collection on _id; key must be _id, was " + key);
    }
    return (KeyedSource<T>) build();
  }

  private Strategy resolve() {
    Strategy s = strategy;
    if (s == Strategy.AUTO) {
      // "_id unless told otherwise": a key means KEY on it, a sort alone means that order.
      if (key != null && sort != null) {
        throw new IllegalArgumentException(
            "AUTO got both a key " + key + " and a sort " + json(sort) + "; give one of them");
      }
      s = sort != null ? Strategy.ROW_SKIP : Strategy.KEY;
    }
    if (s == Strategy.KEY && sort != null) {
      throw new IllegalArgumentException(
          "sort must not be set for KEY (a keyed read is in key order), was " + json(sort));
    }
    if (s == Strategy.ROW_SKIP && (sort == null || toDocument(sort).isEmpty())) {
      throw new IllegalArgumentException(
          "sort is required for ROW_SKIP (skipping committed rows needs a deterministic order),"
              + " was "
              + (sort == null ? "not set" : json(sort)));
    }
    if (s != Strategy.KEY && key != null) {
      throw new IllegalArgumentException("key is only for KEY or AUTO, was " + key + " for " + s);
    }
    return s;
  }

  private BsonDocument otherHint() {
    return noHint || hint == null ? null : toDocument(hint);
  }

  private BsonDocument toDocument(Bson bson) {
    return bson == null
        ? new BsonDocument()
        : bson.toBsonDocument(BsonDocument.class, collection.getCodecRegistry());
  }

  private String json(Bson bson) {
    return toDocument(bson).toJson();
  }
}
