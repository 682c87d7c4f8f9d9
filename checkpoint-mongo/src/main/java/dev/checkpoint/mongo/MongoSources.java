package dev.checkpoint.mongo;

import com.mongodb.client.MongoCollection;
import dev.checkpoint.Strategy;
import java.util.Objects;

/**
 * Resumable readers of a MongoDB collection, for {@link dev.checkpoint.Checkpointer#run}.
 *
 * <pre>{@code
 * Source<Document> orders = MongoSources.keyed(db.getCollection("orders")).batchSize(1_000).build();
 * checkpointer.run(TableRef.of("mongo", "shop", "orders"), orders, batch -> target.insertMany(batch));
 * }</pre>
 *
 * <ul>
 *   <li>{@link #keyed} reads in key order ({@code _id} unless told otherwise) and resumes after the
 *       last committed key, across mixed BSON types, on the key's index.
 *   <li>{@link #rowSkip} re-runs a sorted find, skips the committed rows on the server and checks a
 *       fingerprint of the last one.
 *   <li>{@link #of} picks by {@link Strategy}: {@code AUTO} is {@code KEY} on {@code _id} (or on
 *       {@link MongoSourceBuilder#key}), or {@code ROW_SKIP} when only a sort is given.
 * </ul>
 */
public final class MongoSources {
  private MongoSources() {}

  /**
   * A keyed reader: strategy {@link Strategy#KEY}, key {@code _id} unless set.
   *
   * @param <T> the collection's document class
   * @param collection the collection to read
   * @return a builder with strategy KEY
   */
  public static <T> MongoSourceBuilder<T> keyed(MongoCollection<T> collection) {
    return of(collection, Strategy.KEY);
  }

  /**
   * A row-skip reader: strategy {@link Strategy#ROW_SKIP}; a sort is required.
   *
   * @param <T> the collection's document class
   * @param collection the collection to read
   * @return a builder with strategy ROW_SKIP
   */
  public static <T> MongoSourceBuilder<T> rowSkip(MongoCollection<T> collection) {
    return of(collection, Strategy.ROW_SKIP);
  }

  /**
   * A reader for the given strategy, e.g. one parsed from configuration.
   *
   * @param <T> the collection's document class
   * @param collection the collection to read
   * @param strategy the strategy
   * @return a builder with that strategy
   */
  public static <T> MongoSourceBuilder<T> of(MongoCollection<T> collection, Strategy strategy) {
    return new MongoSourceBuilder<>(
        Objects.requireNonNull(collection, "collection"),
        Objects.requireNonNull(strategy, "strategy"));
  }
}
