package dev.checkpoint.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.checkpoint.ConfigException;
import dev.checkpoint.StoreException;
import dev.checkpoint.TaskConfig;
import dev.checkpoint.TransactionalSession;
import dev.checkpoint.TransactionalStore;
import dev.checkpoint.spi.StoreRecord;
import dev.checkpoint.spi.TransactionalRecordSession;
import dev.checkpoint.spi.TransactionalSharedStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps positions in a MySQL/MariaDB or PostgreSQL table with the seeds' system's columns ({@code
 * id, task_id, resumer_type, position_key, position_data, created_at, updated_at}, unique {@code
 * (task_id, resumer_type, position_key)}), so a table written by either reads in the other.
 *
 * <pre>{@code
 * // from_target: the position table lives in the target database
 * JdbcPositionStore store = JdbcPositionStore.builder().dataSource(targetDs).build();
 * // from_db: a separately specified database, with the store's own pool
 * JdbcPositionStore store = JdbcPositionStore.builder().url("mysql://user:pass@db:3306").build();
 * }</pre>
 *
 * <p>Building the store connects, picks the dialect, and creates the database/schema and table if
 * they are missing (race-safe; a missing privilege is named in the error). {@link #open} takes the
 * task: a second live writer gets a {@link dev.checkpoint.TaskLockedException}, and a stale writer
 * whose task was taken over can never write again. The session {@link #open} returns can also write
 * a batch's position in the caller's own transaction ({@link TransactionalSession#recordIn}), so
 * data and position commit together. A status and its position are one transaction: one commit per
 * checkpoint.
 *
 * <p>While a task is open the store holds one connection from its data source. Thread-safe.
 *
 * <p>Over 350 lines: the store's two SPIs (task sessions, and the conditional writes of chunked
 * runs, whose SQL lives in StoreRows), the store's Javadoc and its nested builder, with each
 * setting's default and validation.
 */
public final class JdbcPositionStore
    implements TransactionalStore<Connection>, TransactionalSharedStore<Connection> {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcPositionStore.class);
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final StoreStatements sql;
  private final StoreErrors errors;
  private final StoreConnection connection;
  private final HikariDataSource ownPool;

  private JdbcPositionStore(
      StoreStatements sql, StoreErrors errors, DataSource dataSource, HikariDataSource ownPool) {
    this.sql = sql;
    this.errors = errors;
    this.connection = new StoreConnection(dataSource, sql, errors);
    this.ownPool = ownPool;
  }

  /**
   * Starts a store's settings.
   *
   * @return a builder; a data source or a URL is required
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A store from the seeds' {@code [resumer]} settings: {@code resume_type=from_target} keeps
   * positions in the target database reached through {@code target}; {@code from_db} in the
   * database at {@code url} ({@code mysql://user:pass@host:3306} or a {@code jdbc:} URL) of {@code
   * db_type}, with a pool of {@code max_connections}. Both use {@code table_full_name}.
   *
   * @param config the task's settings
   * @param target the target database, required for from_target and unused otherwise
   * @return the store; the caller closes it
   * @throws ConfigException if the resume type keeps no positions in a database, or a setting
   *     contradicts another
   */
  public static JdbcPositionStore fromConfig(TaskConfig config, DataSource target) {
    Objects.requireNonNull(config, "config");
    Builder b = builder().tableFullName(config.tableFullName());
    String type = config.resumeType().name().toLowerCase(Locale.ROOT);
    switch (config.resumeType()) {
      case FROM_TARGET:
        if (target == null) {
          throw new ConfigException(
              "resume_type=from_target keeps positions in the target database: pass the target's"
                  + " DataSource");
        }
        if (config.settings().containsKey("resumer.max_connections")) {
          LOG.info(
              "resume_type=from_target: positions use the target's DataSource;"
                  + " [resumer] max_connections applies to from_db only");
        }
        return b.dataSource(target).build();
      case FROM_DB:
        if ("mongo".equals(config.dbType().orElse(""))) {
          throw new ConfigException(
              "[resumer] db_type=mongo keeps positions in MongoDB: MongoPositionStore.fromConfig"
                  + " (checkpoint-mongo) builds that store");
        }
        String url =
            config
                .url()
                .orElseThrow(() -> new ConfigException("resume_type=from_db needs [resumer] url"));
        Dialect dialect =
            "pg".equals(config.dbType().orElse("")) ? Dialect.POSTGRES : Dialect.MYSQL;
        StoreUrl parsed = StoreUrl.parse(url);
        if (parsed.dialect().isPresent() && parsed.dialect().get() != dialect) {
          throw new ConfigException(
              "[resumer] db_type="
                  + config.dbType().orElse("")
                  + " does not match url "
                  + parsed.display());
        }
        return b.url(url).dialect(dialect).maxConnections(config.maxConnections()).build();
      default:
        throw new ConfigException(
            "resume_type="
                + type
                + " keeps no positions in a database (from_target or from_db do)");
    }
  }

  /**
   * Opens the task for writing: takes its lock (held on the store's connection until the session
   * closes) and starts a new fencing epoch, which makes any earlier writer of the task stale.
   * {@link #open} gives the same as a {@link TransactionalSession}, which also writes in the
   * caller's transaction ({@code recordIn(connection, table, position)}).
   *
   * @param taskId at most 255 characters
   * @throws dev.checkpoint.TaskLockedException if another live writer holds the task, or this store
   *     has it open already
   */
  @Override
  public TransactionalRecordSession<Connection> openSession(String taskId) {
    requireTaskId(taskId);
    return connection.open(
        taskId, epoch -> new StoreSession(taskId, epoch, connection, sql, errors));
  }

  /** Reads the task's rows without taking it. Origins are labelled {@code db.table#id=12}. */
  @Override
  public List<StoreRecord> readRecords(String taskId) {
    requireTaskId(taskId);
    return connection.run("reading task " + taskId, c -> StoreRows.records(c, sql, taskId));
  }

  /**
   * A conditional write of one record for chunked runs, committed at once. It takes no task lock:
   * many workers share the task and agree through these writes alone.
   */
  @Override
  public boolean compareAndSet(
      String taskId, String kind, String key, String expected, String next) {
    requireTaskId(taskId);
    return connection.run(
        "writing " + kind + " " + key + " of task " + taskId,
        c -> {
          try (java.sql.Statement s = c.createStatement()) {
            s.execute(sql.claimLockTimeout());
          }
          try {
            return StoreRows.compareAndSet(c, sql, taskId, kind, key, expected, next);
          } catch (SQLException e) {
            if (sql.isLockTimeout(e)) {
              c.rollback();
              return false; // held in a paused writer's transaction: not this worker's now
            }
            throw e;
          } finally {
            String end = sql.claimLockTimeoutEnd();
            if (end != null) {
              try (java.sql.Statement s = c.createStatement()) {
                s.execute(end);
              }
            }
          }
        });
  }

  /**
   * As {@link #compareAndSet}, in the caller's transaction on the database that holds the position
   * table (from_target): the chunk's position commits with the batch's rows or not at all.
   */
  @Override
  public boolean compareAndSetIn(
      Connection transaction,
      String taskId,
      String kind,
      String key,
      String expected,
      String next) {
    requireTaskId(taskId);
    try {
      String idle = sql.idleInTransactionTimeout();
      if (idle != null) {
        try (java.sql.Statement s = transaction.createStatement()) {
          s.execute(idle);
        }
      }
      return StoreRows.compareAndSet(transaction, sql, taskId, kind, key, expected, next);
    } catch (SQLException e) {
      throw errors.wrap("writing " + kind + " " + key + " of task " + taskId, e);
    }
  }

  @Override
  public Class<Connection> transactionType() {
    return Connection.class;
  }

  /** For tests: the lock connection is no longer watched, as in a frozen or dying process. */
  void pauseWatchdog() {
    connection.pauseWatchdog();
  }

  /** The server-side id of the connection holding the open tasks' locks: for tests. */
  long lockConnectionId() throws SQLException {
    return connection.backendId();
  }

  /**
   * The dialect in use: detected, or as given to the builder.
   *
   * @return the dialect
   */
  public Dialect dialect() {
    return sql.dialect;
  }

  /**
   * The position table, as {@code database.table} or {@code schema.table}.
   *
   * @return the table's full name
   */
  public String tableFullName() {
    return sql.name.fullName();
  }

  /** Closes the open sessions and, if the store made its own pool, the pool. */
  @Override
  public void close() {
    try {
      connection.closeAll();
    } finally {
      if (ownPool != null) {
        ownPool.close();
      }
    }
  }

  @Override
  public String toString() {
    return "JdbcPositionStore[" + sql.dialect + " " + sql.name + "]";
  }

  private static void requireTaskId(String taskId) {
    if (taskId == null || taskId.isBlank()) {
      throw new IllegalArgumentException("taskId must not be blank, was \"" + taskId + "\"");
    }
    if (taskId.codePointCount(0, taskId.length()) > 255) {
      throw new IllegalArgumentException(
          "taskId must be at most 255 characters (the task_id column), was " + taskId.length());
    }
  }

  /**
   * Settings of a {@link JdbcPositionStore}. Give either a {@link #dataSource} or a {@link #url};
   * everything else has a default.
   */
  public static final class Builder {
    private DataSource dataSource;
    private StoreUrl url;
    private String user;
    private String password;
    private Integer maxConnections;
    private StoreTableName table = StoreTableName.parse(TaskConfig.DEFAULT_TABLE_FULL_NAME);
    private Dialect dialect;
    private boolean createTable = true;

    private Builder() {}

    /**
     * Uses the caller's data source as it is (for from_target: the target's pool, so that {@link
     * TransactionalSession#recordIn recordIn(tx, table, position)} reaches the same database). The
     * store never closes it.
     *
     * @param dataSource the database that holds the position table
     * @return this builder
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * Makes the store's own HikariCP pool on this URL: {@code jdbc:mysql://...}, {@code
     * jdbc:postgresql://...}, or the seeds' {@code mysql://user:pass@host:3306} and {@code
     * postgres://user:pass@host:5432/db}. Credentials in the URL are taken out of it and handed to
     * the pool as properties.
     *
     * @param url the database that holds the position table
     * @return this builder
     * @throws IllegalArgumentException if {@code url} is blank or of another scheme
     */
    public Builder url(String url) {
      this.url = StoreUrl.parse(url);
      return this;
    }

    /**
     * The user of the store's own pool. Default: the URL's, else the driver's default.
     *
     * @param user the database user
     * @return this builder
     */
    public Builder user(String user) {
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    /**
     * The password of the store's own pool. Default: the URL's, else none. Never logged.
     *
     * @param password the database user's password
     * @return this builder
     */
    public Builder password(String password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * The size of the store's own pool. Default 1, as the seeds: the store needs one connection
     * while tasks are open; more only let {@link #read} calls run beside the writes.
     *
     * @param maxConnections the pool's size
     * @return this builder
     * @throws IllegalArgumentException if {@code maxConnections} is not positive
     */
    public Builder maxConnections(int maxConnections) {
      if (maxConnections <= 0) {
        throw new IllegalArgumentException("maxConnections must be > 0, was " + maxConnections);
      }
      this.maxConnections = maxConnections;
      return this;
    }

    /**
     * The position table as {@code <database or schema>.<table>}, exactly one dot. Default {@value
     * TaskConfig#DEFAULT_TABLE_FULL_NAME}.
     *
     * @param tableFullName the table's full name
     * @return this builder
     * @throws IllegalArgumentException if {@code tableFullName} is null, or is not two non-empty
     *     names joined by exactly one dot ({@link #build} checks their length)
     */
    public Builder tableFullName(String tableFullName) {
      this.table = StoreTableName.parse(tableFullName);
      return this;
    }

    /**
     * The SQL dialect. Default: detected from the database's metadata.
     *
     * @param dialect the dialect
     * @return this builder
     */
    public Builder dialect(Dialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    /**
     * Whether to create the database/schema and table when missing. Default {@code true}. With
     * {@code false} a missing table is an error.
     *
     * @param createTable whether to create what is missing
     * @return this builder
     */
    public Builder createTable(boolean createTable) {
      this.createTable = createTable;
      return this;
    }

    /**
     * Connects, detects the dialect and makes sure the table exists.
     *
     * @return the store; close it to release its connections
     * @throws IllegalArgumentException if the settings contradict each other, or a part of the
     *     table's name is longer than the database allows (64 characters on MySQL, 63 bytes on
     *     PostgreSQL)
     * @throws StoreException if the database cannot be reached, or the table cannot be created (the
     *     message names a missing privilege)
     */
    public JdbcPositionStore build() {
      if ((dataSource == null) == (url == null)) {
        throw new IllegalArgumentException(
            "give exactly one of dataSource(...) and url(...), was "
                + (dataSource == null ? "neither" : "both"));
      }
      if (dataSource != null && (user != null || password != null || maxConnections != null)) {
        throw new IllegalArgumentException(
            "user, password and maxConnections configure the store's own pool made from url(...);"
                + " they do not apply to a given dataSource");
      }
      if (url != null && user != null && url.user().isPresent()) {
        throw new IllegalArgumentException("user is given both in url and by user(...)");
      }
      if (url != null && password != null && url.password().isPresent()) {
        throw new IllegalArgumentException("password is given both in url and by password(...)");
      }
      String secret =
          password != null ? password : url == null ? null : url.password().orElse(null);
      HikariDataSource pool = url == null ? null : pool(secret);
      try {
        DataSource ds = pool != null ? pool : dataSource;
        Dialect d = dialect != null ? dialect : detect(ds, secret);
        StoreStatements sql = StoreStatements.of(d, table);
        StoreErrors errors = new StoreErrors(sql, secret);
        new StoreTableCreator(sql, errors).ensure(ds, createTable);
        return new JdbcPositionStore(sql, errors, ds, pool);
      } catch (RuntimeException e) {
        if (pool != null) {
          pool.close();
        }
        throw e;
      }
    }

    private HikariDataSource pool(String secret) {
      HikariConfig cfg = new HikariConfig();
      cfg.setJdbcUrl(url.jdbcUrl());
      String u = user != null ? user : url.user().orElse(null);
      if (u != null) {
        cfg.setUsername(u);
      }
      if (secret != null) {
        cfg.setPassword(secret);
      }
      cfg.setMaximumPoolSize(maxConnections == null ? 1 : maxConnections);
      cfg.setMinimumIdle(0);
      cfg.setPoolName("checkpoint-store-" + POOLS.incrementAndGet());
      try {
        return new HikariDataSource(cfg);
      } catch (RuntimeException e) {
        throw new StoreException(
            StoreErrors.scrub(
                "cannot connect to the position store database "
                    + url.display()
                    + (u == null ? "" : " as user " + u)
                    + ": "
                    + e.getMessage(),
                secret),
            e);
      }
    }

    private static Dialect detect(DataSource ds, String secret) {
      try (Connection c = ds.getConnection()) {
        return Dialect.detect(c);
      } catch (SQLException e) {
        throw new StoreException(
            StoreErrors.scrub(
                "cannot connect to detect the position store's dialect: " + e.getMessage(), secret),
            e);
      }
    }
  }
}
