package dev.checkpoint.jdbc;

import dev.checkpoint.Batch;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.Strategy;
import dev.checkpoint.TableRef;
import dev.checkpoint.chunk.Chunk;
import dev.checkpoint.chunk.ChunkPlan;
import dev.checkpoint.chunk.ChunkedSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A resumable JDBC reader of one table or query, made by {@link JdbcSources}. Each {@link #open}
 * takes its own connection from the data source for the whole read, streams one query per pass with
 * bounded memory, and cuts batches client-side; the sink must write on another connection.
 * Immutable and reusable: open it once per run (and, without a table or query of its own, for every
 * table a runner hands it).
 *
 * <p>A table (not a query) can also be split into chunks on a partition column and read one chunk
 * at a time ({@link ChunkedSource}): {@link #plan} splits it, {@link #open(Chunk, ResumeDecision)}
 * reads one chunk and resumes inside it.
 */
public final class JdbcSource implements Source<Row>, ChunkedSource<Row> {
  final DataSource dataSource;
  final Strategy strategy;
  final TableRef table;
  final String query;
  final List<String> keys;
  final List<String> orderBy;
  final int batchSize;
  final int fetchSize;
  final Dialect dialect;
  final boolean restartOnKeyMismatch;
  final String partitionColumn;

  private JdbcSource(Builder b) {
    this.dataSource = b.dataSource;
    this.strategy = b.strategy;
    this.table = b.table;
    this.query = b.query;
    this.keys = List.copyOf(b.keys);
    this.orderBy = List.copyOf(b.orderBy);
    this.batchSize = b.batchSize;
    this.fetchSize = b.fetchSize;
    this.dialect = b.dialect;
    this.restartOnKeyMismatch = b.restartOnKeyMismatch;
    this.partitionColumn = b.partitionColumn;
  }

  /**
   * Opens a cursor after the decision's position (or at the start).
   *
   * @throws dev.checkpoint.InvalidPositionException for a position this source cannot use: a value
   *     that does not parse as its column's type, another key, another kind of position
   * @throws dev.checkpoint.CheckpointException for a missing key column, a missing order, a source
   *     that changed under a row offset, or a database error (naming table and SQL)
   */
  @Override
  public Cursor<Row> open(ResumeDecision decision) {
    Objects.requireNonNull(decision, "decision");
    if (decision.finished()) {
      return empty();
    }
    Relation rel =
        query != null
            ? Relation.query(query)
            : table != null
                ? Relation.table(table.schema(), table.table())
                : Relation.table(decision.table().schema(), decision.table().table());
    ReadSession session = ReadSession.open(dataSource, dialect, decision.table());
    try {
      return CursorFactory.open(this, session, rel, decision);
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /**
   * Splits the table on its partition column: the one set with {@link Builder#partitionColumn},
   * else the first column of the key the table is read by (the given keys, else the primary key,
   * else the smallest unique key), else the table's first column. An integer column whose values
   * are dense enough (between 0.05 and 1000 values per row) is split evenly between its MIN and
   * MAX; any other column by walking its order in the database, {@code chunkRows} rows at a time.
   * The last range has no upper bound, so rows inserted above the maximum are read too; a nullable
   * column gets a chunk for its NULLs.
   *
   * @param table the table; this source's own table, if it has one, is read instead
   * @param chunkRows about how many rows a chunk should hold, at least 1
   * @param start the exclusive lower bound to plan from, as position text, or {@code null}
   * @return the plan
   * @throws IllegalArgumentException if {@code chunkRows} is below 1
   * @throws dev.checkpoint.InvalidPositionException if {@code start} does not parse as the
   *     partition column's type
   * @throws dev.checkpoint.CheckpointException for a query source or strategy NONE, a partition
   *     column that is not a column of the table, or a database error (naming table, column and
   *     SQL)
   */
  @Override
  public ChunkPlan plan(TableRef table, int chunkRows, String start) {
    return ChunkedReads.plan(this, table, chunkRows, start, ChunkPlanner.COUNT_BELOW);
  }

  /**
   * Opens a cursor over one chunk's rows: those whose partition column lies in the chunk's range
   * (or is NULL, for the NULL chunk). A table with a primary key or NOT NULL unique key (or keys
   * given) is read in the order of the partition column then that key, and each batch's position is
   * keyed on those columns; a table without one (or strategy ROW_SKIP) is read ordered by the
   * partition column then every other column (or the order given), and each batch's position counts
   * the chunk's rows read, with the last one's fingerprint.
   *
   * @param chunk a chunk of a plan made for this table
   * @param within where to resume inside the chunk: a position this method returned in a batch of
   *     the same chunk, or none
   * @return a cursor; the caller closes it
   * @throws dev.checkpoint.InvalidPositionException for a bound or position value that does not
   *     parse as its column's type, or a position of another key or kind
   * @throws dev.checkpoint.CheckpointException for a query source or strategy NONE, a missing
   *     column, a source that changed under a row offset, or a database error; the message names
   *     the chunk
   */
  @Override
  public Cursor<Row> open(Chunk chunk, ResumeDecision within) {
    Objects.requireNonNull(within, "within");
    return within.finished() ? empty() : ChunkedReads.open(this, chunk, within);
  }

  private static Cursor<Row> empty() {
    return new Cursor<>() {
      @Override
      public Batch<Row> next() {
        return null;
      }

      @Override
      public void close() {}
    };
  }

  /**
   * The table's row count as the database's statistics estimate it; -1 for a query source or
   * strategy NONE, which are not read in chunks.
   *
   * @param table the table (ignored when the source has a table of its own)
   * @return the estimate, 0 for a table never analysed, or -1
   */
  @Override
  public long estimatedRows(TableRef table) {
    return ChunkedReads.estimatedRows(this, table);
  }

  @Override
  public String toString() {
    return "JdbcSource{"
        + strategy
        + (query != null ? ", query" : table != null ? ", table " + table : "")
        + (keys.isEmpty() ? "" : ", keys " + keys)
        + (orderBy.isEmpty() ? "" : ", orderBy " + orderBy)
        + (partitionColumn == null ? "" : ", partitionColumn " + partitionColumn)
        + ", batchSize "
        + batchSize
        + "}";
  }

  /**
   * Settings of a {@link JdbcSource}; every setter checks its argument and names it in the error.
   */
  public static final class Builder {
    private final DataSource dataSource;
    private Strategy strategy;
    private TableRef table;
    private String query;
    private final List<String> keys = new ArrayList<>();
    private final List<String> orderBy = new ArrayList<>();
    private int batchSize = 1000;
    private int fetchSize = 1000;
    private Dialect dialect;
    private boolean restartOnKeyMismatch;
    private String partitionColumn;

    Builder(DataSource dataSource, Strategy strategy) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      this.strategy = Objects.requireNonNull(strategy, "strategy");
    }

    /**
     * The strategy; set by the {@link JdbcSources} factory used, changeable here.
     *
     * @param strategy the strategy
     * @return this builder
     */
    public Builder strategy(Strategy strategy) {
      this.strategy = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /**
     * The table to read: its schema (the MySQL database or PostgreSQL schema; empty for the
     * connection's current one) and name, quoted as given. Default: the table of the {@link
     * ResumeDecision} passed to {@link #open}, so one source can serve many tables.
     *
     * @param table the table
     * @return this builder
     * @throws IllegalArgumentException if a query is set already
     */
    public Builder table(TableRef table) {
      Objects.requireNonNull(table, "table");
      if (query != null) {
        throw new IllegalArgumentException("table and query are exclusive; query is already set");
      }
      this.table = table;
      return this;
    }

    /**
     * {@link #table(TableRef)} by schema and table name.
     *
     * @param schema the schema (the MySQL database), empty for the connection's current one
     * @param table the table name
     * @return this builder
     * @throws IllegalArgumentException if a query is set already
     */
    public Builder table(String schema, String table) {
      return table(TableRef.of("jdbc", schema == null ? "" : schema, table));
    }

    /**
     * The user's own SELECT instead of a table; KEY reads it as {@code SELECT * FROM (<query>) src
     * WHERE <keyset> ORDER BY <key>}. Its key columns must be named with {@link #keys} and be
     * unique. Trailing semicolons are dropped.
     *
     * @param sql a SELECT
     * @return this builder
     * @throws IllegalArgumentException if it is blank, or a table is set already
     */
    public Builder query(String sql) {
      Objects.requireNonNull(sql, "query");
      if (sql.isBlank()) {
        throw new IllegalArgumentException("query must not be blank, was \"" + sql + "\"");
      }
      if (table != null) {
        throw new IllegalArgumentException("table and query are exclusive; table is already set");
      }
      if (partitionColumn != null) {
        throw new IllegalArgumentException(
            "a query cannot be read in chunks; partitionColumn \""
                + partitionColumn
                + "\" is already set");
      }
      this.query = sql;
      return this;
    }

    /**
     * One key column: {@code keys(column)}.
     *
     * @param column the key column
     * @return this builder
     * @throws IllegalArgumentException if it is empty
     */
    public Builder key(String column) {
      return keys(column);
    }

    /**
     * The key columns, in order (KEY and AUTO). Default for a table: the primary key, else the
     * smallest NOT NULL unique key. A table key that is not unique gets the primary key appended as
     * a tie-breaker; a nullable key column is read in its own NULL pass.
     *
     * @param columns the key columns, in order
     * @return this builder
     * @throws IllegalArgumentException if one is empty or named twice
     */
    public Builder keys(String... columns) {
      keys.clear();
      for (String c : Objects.requireNonNull(columns, "keys")) {
        keys.add(column("key", c, keys));
      }
      return this;
    }

    /**
     * The order of a ROW_SKIP read (and of AUTO when it falls back to ROW_SKIP). It must be
     * deterministic; for a table the primary key is appended when the order is not unique. Without
     * it, a query's own ORDER BY is used (rows then skipped client-side).
     *
     * @param columns the order columns, in order
     * @return this builder
     * @throws IllegalArgumentException if one is empty or named twice
     */
    public Builder orderBy(String... columns) {
      orderBy.clear();
      for (String c : Objects.requireNonNull(columns, "orderBy")) {
        orderBy.add(column("orderBy", c, orderBy));
      }
      return this;
    }

    /**
     * Rows per batch, each batch a unit of commit and position. Default 1000.
     *
     * @param batchSize rows per batch
     * @return this builder
     * @throws IllegalArgumentException if it is not above 0
     */
    public Builder batchSize(int batchSize) {
      if (batchSize <= 0) {
        throw new IllegalArgumentException("batchSize must be > 0, was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Rows per round trip on PostgreSQL (its cursor fetch size, which bounds memory). Default 1000.
     * MySQL always streams row by row.
     *
     * @param fetchSize rows per round trip
     * @return this builder
     * @throws IllegalArgumentException if it is not above 0
     */
    public Builder fetchSize(int fetchSize) {
      if (fetchSize <= 0) {
        throw new IllegalArgumentException("fetchSize must be > 0, was " + fetchSize);
      }
      this.fetchSize = fetchSize;
      return this;
    }

    /**
     * What a keyed read does with a stored position on other key columns than the table's key
     * (other columns, or another count, e.g. a position ape-dts wrote before the key changed).
     * Default false: an {@link dev.checkpoint.InvalidPositionException} naming the table, both keys
     * and where the position came from. True: the table is read again from its first row, with a
     * WARN naming the table, the stored key and the table's key, as ape-dts does (it logs at INFO);
     * the rows copied before are delivered again, so the sink must upsert or the target table be
     * cleared.
     *
     * @param restart whether to read the table again from its first row
     * @return this builder
     */
    public Builder restartOnKeyMismatch(boolean restart) {
      this.restartOnKeyMismatch = restart;
      return this;
    }

    /**
     * The column a table is split on when it is read in chunks ({@link JdbcSource#plan}). Default:
     * the first column of the key the table is read by, else its first column. It should be the
     * first column of an index, or each chunk's read scans the table. Reads of a whole table ignore
     * it.
     *
     * @param column the partition column
     * @return this builder
     * @throws IllegalArgumentException if it is empty, or a query is set already (a query cannot be
     *     read in chunks)
     */
    public Builder partitionColumn(String column) {
      if (column == null || column.isEmpty()) {
        throw new IllegalArgumentException(
            "partitionColumn must not be empty, was " + (column == null ? "null" : "\"\""));
      }
      if (query != null) {
        throw new IllegalArgumentException(
            "partitionColumn \""
                + column
                + "\" applies to a table read in chunks; a query cannot be read in chunks");
      }
      this.partitionColumn = column;
      return this;
    }

    /**
     * Default: detected from the connection's metadata.
     *
     * @param dialect the dialect to speak
     * @return this builder
     */
    public Builder dialect(Dialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    /**
     * Checks the combination of settings.
     *
     * @return the immutable source; without a table or query of its own it serves every table a
     *     runner hands it
     * @throws IllegalArgumentException for keys with ROW_SKIP, or an order with KEY
     */
    public JdbcSource build() {
      if (strategy == Strategy.ROW_SKIP && !keys.isEmpty()) {
        throw new IllegalArgumentException(
            "keys " + keys + " apply to KEY and AUTO, not ROW_SKIP; give its order with orderBy");
      }
      if (strategy == Strategy.KEY && !orderBy.isEmpty()) {
        throw new IllegalArgumentException(
            "orderBy " + orderBy + " applies to ROW_SKIP and AUTO; KEY reads in key order");
      }
      return new JdbcSource(this);
    }

    private static String column(String what, String c, List<String> seen) {
      if (c == null || c.isEmpty()) {
        throw new IllegalArgumentException(
            what + " column must not be empty, was " + (c == null ? "null" : "\"\""));
      }
      if (seen.contains(c)) {
        throw new IllegalArgumentException(what + " column \"" + c + "\" is named twice");
      }
      return c;
    }
  }
}
