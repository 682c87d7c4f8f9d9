package dev.checkpoint.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.checkpoint.ConfigException;
import dev.checkpoint.ResumeType;
import dev.checkpoint.StoreException;
import dev.checkpoint.TaskConfig;
import dev.checkpoint.TaskIds;
import dev.checkpoint.TaskLockedException;
import dev.checkpoint.TransactionalStore;
import dev.checkpoint.spi.StoreRecord;
import dev.checkpoint.spi.TransactionalSharedStore;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;

/**
 * Keeps a task's positions as documents in a MongoDB collection: the same records as the JDBC
 * position table, one per table and kind:
 *
 * <pre>
 * { task_id: "orders-sync", resumer_type: "SnapshotDoing",       // or "SnapshotFinished"
 *   position_key: "shop-orders",                                // core PositionKey: schema-tb, or
 *                                                               // ["a-b","c"] if the schema has a -
 *   position_data: "{\"type\":\"RdbSnapshot\",…}",               // the position JSON
 *   created_at: ISODate(…), updated_at: ISODate(…), epoch: 3 }
 * </pre>
 *
 * with a unique index on {@code (task_id, resumer_type, position_key)}, created on the first {@link
 * #open}. Finishing a table replaces its position record with a finished one. Table statuses
 * ({@code TableStatus}) and the task state ({@code TaskState}) are records of their own.
 *
 * <p>{@link #open} takes the task's lease (a {@code TaskLock} document in the same collection); a
 * second live writer gets {@link TaskLockedException}. {@link #read} takes nothing and creates
 * nothing: it is for {@code show} and monitoring.
 *
 * <pre>{@code
 * try (MongoPositionStore store = MongoPositionStore.builder().client(client).build();
 *     Checkpointer cp = Checkpointer.builder().taskId("orders-sync").store(store).build()) { ... }
 * }</pre>
 *
 * <p>It is also a shared store ({@link TransactionalSharedStore}): {@link #compareAndSet} changes
 * one record if it holds what the caller expects, without a session or a lease, so that the workers
 * of a {@link dev.checkpoint.chunk.ChunkedRun}, in any number of processes, coordinate through this
 * collection alone.
 *
 * <p>Over 350 lines: its nested {@link Builder} with each setting's default and validation, and
 * {@link #fromConfig}; the conditional writes of chunked runs live in SharedDocs.
 */
public final class MongoPositionStore
    implements TransactionalStore<ClientSession>, TransactionalSharedStore<ClientSession> {
  /** The seeds' default position table, as {@code database.collection}. */
  public static final String DEFAULT_COLLECTION = "apecloud_metadata.apedts_task_position";

  /** The unique index's name: ape-dts's, so either tool accepts the index the other created. */
  static final String INDEX_NAME = "uk_task_id_task_type_position_key";

  /** The server's answer to an index whose keys exist under another name. */
  private static final int INDEX_OPTIONS_CONFLICT = 85;

  private final MongoClient client;
  private final boolean ownsClient;
  private final MongoCollection<BsonDocument> coll;
  private final PositionDocs docs;
  private final SharedDocs shared;
  private final Duration leaseDuration;
  private final Duration heartbeatInterval;
  private final String ownerId;
  private final Clock clock;
  private final Set<MongoTaskSession> sessions = ConcurrentHashMap.newKeySet();
  private volatile boolean indexed;
  private ScheduledExecutorService heartbeats;

  private MongoPositionStore(Builder b, MongoClient client, boolean ownsClient) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.coll =
        client
            .getDatabase(b.database)
            .getCollection(b.collection, BsonDocument.class)
            .withWriteConcern(b.writeConcern)
            .withReadPreference(ReadPreference.primary());
    this.docs = new PositionDocs(coll, "mongo:" + b.database + "." + b.collection);
    this.shared = new SharedDocs(coll);
    this.leaseDuration = b.leaseDuration;
    this.heartbeatInterval =
        b.heartbeatInterval != null ? b.heartbeatInterval : b.leaseDuration.dividedBy(3);
    this.ownerId = b.ownerId != null ? b.ownerId : defaultOwner();
    this.clock = b.clock;
  }

  /**
   * The store a task's INI file names with {@code [resumer] resume_type=from_db} and {@code
   * db_type=mongo}, as ape-dts reads it: the MongoDB at {@code url}, the collection {@code
   * table_full_name} (default {@code apecloud_metadata.apedts_task_position}).
   *
   * @param config the task's settings
   * @return the store; the caller closes it
   * @throws ConfigException if the resume type is not {@code from_db} with {@code db_type=mongo},
   *     or the url is missing or not a MongoDB connection string
   */
  public static MongoPositionStore fromConfig(TaskConfig config) {
    Objects.requireNonNull(config, "config");
    if (config.resumeType() != ResumeType.FROM_DB || !"mongo".equals(config.dbType().orElse(""))) {
      throw new ConfigException(
          "MongoPositionStore.fromConfig builds resume_type=from_db with db_type=mongo only");
    }
    String url =
        config
            .url()
            .orElseThrow(() -> new ConfigException("resume_type=from_db needs [resumer] url"));
    try {
      return builder().uri(url).collection(config.tableFullName()).build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("[resumer] " + e.getMessage(), e);
    }
  }

  /**
   * Starts a store's settings.
   *
   * @return a builder; a client or a URI is required
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Opens the task for writing: creates the collection's unique index if needed, takes the lease
   * (or one that expired, with a higher epoch) and starts renewing it.
   *
   * @throws TaskLockedException if another live writer holds the task
   * @throws StoreException if the server cannot be reached or the index cannot be created
   */
  @Override
  public MongoTaskSession openSession(String taskId) {
    Objects.requireNonNull(taskId, "taskId");
    ensureIndex();
    // Each session is its own owner: two sessions of one process on one task are two writers.
    Lease lease =
        new Lease(
            coll,
            taskId,
            ownerId + "#" + UUID.randomUUID().toString().substring(0, 8),
            leaseDuration,
            clock,
            docs.source());
    try {
      lease.acquire();
      docs.stamp(taskId, lease.epoch());
    } catch (MongoException e) {
      throw new StoreException(
          docs.source() + ": could not open task " + taskId + ": " + e.getMessage(), e);
    }
    MongoTaskSession session = new MongoTaskSession(taskId, docs, lease, sessions::remove);
    sessions.add(session);
    long every = Math.max(1, heartbeatInterval.toMillis());
    session.heartbeat(
        heartbeats()
            .scheduleAtFixedRate(session::renewQuietly, every, every, TimeUnit.MILLISECONDS));
    return session;
  }

  /** Reads the task's records without taking the lease or creating anything. */
  @Override
  public List<StoreRecord> readRecords(String taskId) {
    Objects.requireNonNull(taskId, "taskId");
    try {
      return docs.records(taskId);
    } catch (MongoException e) {
      throw new StoreException(
          docs.source() + ": could not read task " + taskId + ": " + e.getMessage(), e);
    }
  }

  /**
   * Sets one record to {@code next} if it holds {@code expected} now, in one atomic write: an
   * insert that a record of the same key refuses (the unique index), a delete or an update
   * conditional on {@code position_data}. Takes no lease; creates the unique index on first use.
   *
   * @throws IllegalArgumentException if {@code expected} and {@code next} are both null
   * @throws StoreException if the server cannot be reached or refuses the write
   */
  @Override
  public boolean compareAndSet(
      String taskId, String kind, String key, String expected, String next) {
    return conditional(null, taskId, kind, key, expected, next);
  }

  /**
   * As {@link #compareAndSet}, inside the caller's session, typically in the transaction that also
   * writes the batch (a replica set or a sharded cluster). A refusal is no write error: the
   * transaction stays usable, and the caller aborts it.
   *
   * @throws IllegalArgumentException if {@code expected} and {@code next} are both null
   * @throws StoreException if the server refuses the write (the transaction is then aborted)
   */
  @Override
  public boolean compareAndSetIn(
      ClientSession transaction,
      String taskId,
      String kind,
      String key,
      String expected,
      String next) {
    Objects.requireNonNull(transaction, "transaction");
    return conditional(transaction, taskId, kind, key, expected, next);
  }

  @Override
  public Class<ClientSession> transactionType() {
    return ClientSession.class;
  }

  private boolean conditional(
      ClientSession session, String taskId, String kind, String key, String expected, String next) {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    // Outside the session: an index cannot be created inside a transaction on an existing
    // collection.
    ensureIndex();
    try {
      return shared.compareAndSet(session, taskId, kind, key, expected, next);
    } catch (MongoException e) {
      throw new StoreException(
          docs.source()
              + ": could not write "
              + kind
              + " "
              + key
              + " of task "
              + taskId
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** The raw session this store has open for the task, if any: for tests. */
  MongoTaskSession openSessionOf(String taskId) {
    return sessions.stream().filter(s -> s.taskId().equals(taskId)).findFirst().orElse(null);
  }

  /**
   * Where the positions are: {@code mongo:db.collection}.
   *
   * @return the location, as messages name it
   */
  public String location() {
    return docs.source();
  }

  private void ensureIndex() {
    if (indexed) {
      return;
    }
    try {
      // Idempotent on the server: creating an existing identical index is a no-op, and two
      // processes creating it at once both succeed. The name is ape-dts's, so that either tool
      // can create the index first and the other finds it as its own.
      coll.createIndex(
          Indexes.ascending(
              StoreFields.TASK_ID, StoreFields.RESUMER_TYPE, StoreFields.POSITION_KEY),
          new IndexOptions().unique(true).name(INDEX_NAME));
    } catch (MongoCommandException e) {
      if (e.getErrorCode() != INDEX_OPTIONS_CONFLICT) {
        throw indexFailed(e);
      }
      // The same unique keys under another name (an earlier version of this store named it
      // after its keys): it serves the same purpose.
    } catch (MongoException e) {
      throw indexFailed(e);
    }
    indexed = true;
  }

  private StoreException indexFailed(MongoException e) {
    return new StoreException(
        docs.source()
            + ": could not create the unique index on (task_id, resumer_type, position_key): "
            + e.getMessage()
            + ". The user needs the createIndex privilege on the collection, or create the"
            + " index yourself (see docs/mongo.md)",
        e);
  }

  private synchronized ScheduledExecutorService heartbeats() {
    if (heartbeats == null) {
      heartbeats =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "checkpoint-mongo-lease");
                t.setDaemon(true);
                return t;
              });
    }
    return heartbeats;
  }

  /**
   * Closes sessions still open, stops the heartbeat, and closes the client if the store made it.
   */
  @Override
  public void close() {
    for (MongoTaskSession s : sessions.toArray(new MongoTaskSession[0])) {
      s.close();
    }
    synchronized (this) {
      if (heartbeats != null) {
        heartbeats.shutdownNow();
        heartbeats = null;
      }
    }
    if (ownsClient) {
      client.close();
    }
  }

  @Override
  public String toString() {
    return "MongoPositionStore[" + docs.source() + "]";
  }

  private static String defaultOwner() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return host + "/" + ManagementFactory.getRuntimeMXBean().getPid();
  }

  /** Settings of a {@link MongoPositionStore}; {@link #build()} validates them. */
  public static final class Builder {
    private MongoClient client;
    private String uri;
    private String database = "apecloud_metadata";
    private String collection = "apedts_task_position";
    private Duration leaseDuration = Duration.ofSeconds(30);
    private Duration heartbeatInterval;
    private String ownerId;
    private WriteConcern writeConcern = WriteConcern.MAJORITY.withJournal(true);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The client to use; the caller keeps it and closes it. Set this or {@link #uri}; the later
     * call wins.
     *
     * @param client the client
     * @return this builder
     */
    public Builder client(MongoClient client) {
      this.client = Objects.requireNonNull(client, "client");
      this.uri = null;
      return this;
    }

    /**
     * A connection string; the store makes its own client and closes it. Set this or {@link
     * #client}; the later call wins.
     *
     * @param uri the connection string
     * @return this builder
     * @throws IllegalArgumentException if {@code uri} is not a MongoDB connection string (the
     *     message leaves out its credentials)
     */
    public Builder uri(String uri) {
      Objects.requireNonNull(uri, "uri");
      try {
        new ConnectionString(uri);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "uri is not a MongoDB connection string, was \""
                + TaskIds.stripSecrets(uri)
                + "\": "
                + TaskIds.stripSecrets(String.valueOf(e.getMessage())));
      }
      this.uri = uri;
      this.client = null;
      return this;
    }

    /**
     * Where positions live, as {@code database.collection} (the seeds' {@code table_full_name}):
     * the database is up to the first dot. Default: {@value MongoPositionStore#DEFAULT_COLLECTION}.
     *
     * @param fullName the database and collection, e.g. {@code apecloud_metadata.positions}
     * @return this builder
     * @throws IllegalArgumentException if {@code fullName} has no dot, or nothing before or after
     *     it, or a part is not a valid name (see {@link #collection(String, String)})
     */
    public Builder collection(String fullName) {
      Objects.requireNonNull(fullName, "fullName");
      int dot = fullName.indexOf('.');
      if (dot <= 0 || dot == fullName.length() - 1) {
        throw new IllegalArgumentException(
            "collection must be database.collection, was \"" + fullName + "\"");
      }
      return collection(fullName.substring(0, dot), fullName.substring(dot + 1));
    }

    /**
     * Where positions live. Default: {@code apecloud_metadata}, {@code apedts_task_position}.
     *
     * @param database the database
     * @param collection the collection
     * @return this builder
     * @throws IllegalArgumentException if {@code database} is empty or has a dot, or {@code
     *     collection} is empty or a {@code system.} collection
     */
    public Builder collection(String database, String collection) {
      if (database == null || database.isEmpty() || database.contains(".")) {
        throw new IllegalArgumentException(
            "database must be a non-empty name without dots, was \"" + database + "\"");
      }
      if (collection == null || collection.isEmpty() || collection.startsWith("system.")) {
        throw new IllegalArgumentException(
            "collection must be a non-empty, non-system name, was \"" + collection + "\"");
      }
      this.database = database;
      this.collection = collection;
      return this;
    }

    /**
     * How long a writer's lease lasts without renewal; after that another process may take the task
     * over. Default: 30 seconds.
     *
     * @param leaseDuration the lease's duration
     * @return this builder
     * @throws IllegalArgumentException if {@code leaseDuration} is under 1 ms
     */
    public Builder leaseDuration(Duration leaseDuration) {
      Objects.requireNonNull(leaseDuration, "leaseDuration");
      if (leaseDuration.toMillis() < 1) {
        throw new IllegalArgumentException(
            "leaseDuration must be at least 1 ms, was " + leaseDuration);
      }
      this.leaseDuration = leaseDuration;
      return this;
    }

    /**
     * How often an open session renews its lease. Default: a third of the lease duration.
     *
     * @param heartbeatInterval the interval; must be shorter than the lease ({@link #build} checks)
     * @return this builder
     * @throws IllegalArgumentException if {@code heartbeatInterval} is under 1 ms
     */
    public Builder heartbeatInterval(Duration heartbeatInterval) {
      Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
      if (heartbeatInterval.toMillis() < 1) {
        throw new IllegalArgumentException(
            "heartbeatInterval must be at least 1 ms, was " + heartbeatInterval);
      }
      this.heartbeatInterval = heartbeatInterval;
      return this;
    }

    /**
     * Names this process in the lease, for the message another writer gets. Default: {@code
     * host/pid}. Each session appends a random suffix.
     *
     * @param ownerId the name
     * @return this builder
     * @throws IllegalArgumentException if {@code ownerId} is null or blank
     */
    public Builder ownerId(String ownerId) {
      if (ownerId == null || ownerId.isBlank()) {
        throw new IllegalArgumentException("ownerId must not be blank, was \"" + ownerId + "\"");
      }
      this.ownerId = ownerId;
      return this;
    }

    /**
     * The write concern of position writes. Default: majority, journaled: a recorded position
     * survives a crash and a failover.
     *
     * @param writeConcern the write concern
     * @return this builder
     */
    public Builder writeConcern(WriteConcern writeConcern) {
      this.writeConcern = Objects.requireNonNull(writeConcern, "writeConcern");
      return this;
    }

    /** For tests: the clock leases are timed by. */
    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the store, making its own client if it was given a URI.
     *
     * @return the store; close it to stop its heartbeat (and its own client)
     * @throws IllegalArgumentException if neither client nor uri is set, or the heartbeat is not
     *     shorter than the lease
     */
    public MongoPositionStore build() {
      if (client == null && uri == null) {
        throw new IllegalArgumentException("client or uri is required, was neither");
      }
      Duration heartbeat =
          heartbeatInterval != null ? heartbeatInterval : leaseDuration.dividedBy(3);
      if (heartbeat.compareTo(leaseDuration) >= 0) {
        throw new IllegalArgumentException(
            "heartbeatInterval must be shorter than leaseDuration ("
                + leaseDuration
                + "), was "
                + heartbeat);
      }
      if (client != null) {
        return new MongoPositionStore(this, client, false);
      }
      return new MongoPositionStore(this, MongoClients.create(uri), true);
    }
  }
}
