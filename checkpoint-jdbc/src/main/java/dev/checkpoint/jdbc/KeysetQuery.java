package dev.checkpoint.jdbc;

import dev.checkpoint.Position;
import dev.checkpoint.ResumeDecision;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The keyed SQL for a resume decision, for users who keep their own {@code while (rs.next())} loop.
 * It is what the KEY source runs: {@code SELECT * FROM <table or (query) src> WHERE <keyset
 * predicate> ORDER BY <key>}, with every identifier quoted and every value bound with the column's
 * type.
 *
 * <pre>{@code
 * ResumeDecision d = checkpointer.resume(table);
 * if (!d.finished()) {
 *   for (KeysetQuery q = KeysetQuery.forTable(conn, d, "id"); q != null; q = q.next().orElse(null)) {
 *     try (PreparedStatement ps = q.prepare(conn); ResultSet rs = ps.executeQuery()) {
 *       while (rs.next()) {
 *         write(rs);
 *         if (++n % 1000 == 0) { commit(); checkpointer.committed(table, q.positionOf(rs), 1000); }
 *       }
 *     }
 *   }
 *   commit(); ... checkpointer.finish(table);
 * }
 * }</pre>
 *
 * <p>When a key column may be NULL the table is read in several passes (docs/strategies.md): {@link
 * #next()} gives the query of the following pass. For bounded memory, stream the result
 * (PostgreSQL: autocommit off and a fetch size; MySQL: fetch size {@code Integer.MIN_VALUE}).
 */
public final class KeysetQuery {
  private final KeyPlan plan;
  private final int pass;
  private final String sql;
  private final List<Object> values;
  private final int[] sqlTypes;
  private final ChunkRange range;

  private KeysetQuery(KeyPlan plan, KeyedResume at, Dialect.KeysetForm form) {
    this(plan, at, form, null);
  }

  /**
   * @param range the chunk's range of the partition column, ANDed to the pass and keyset
   *     conditions; or null for the whole relation
   */
  private KeysetQuery(KeyPlan plan, KeyedResume at, Dialect.KeysetForm form, ChunkRange range) {
    this.plan = plan;
    this.pass = at.pass();
    this.range = range;
    Dialect d = plan.dialect;
    List<Column> order = plan.orderIn(pass);
    List<String> conds = new ArrayList<>();
    String passCondition = plan.passCondition(pass);
    if (passCondition != null) {
      conds.add(passCondition);
    }
    List<Object> vals = new ArrayList<>();
    List<Integer> types = new ArrayList<>();
    if (range != null) {
      conds.add(range.condition());
      vals.addAll(range.values());
      types.addAll(range.sqlTypes());
    }
    if (at.after() != null) {
      conds.add(predicate(d, order, at.after(), form, vals, types));
    }
    StringBuilder b = new StringBuilder("SELECT * FROM ").append(plan.relation.from(d));
    if (!conds.isEmpty()) {
      b.append(" WHERE ").append(String.join(" AND ", conds));
    }
    b.append(" ORDER BY ");
    for (int i = 0; i < order.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(d.quote(order.get(i).name()));
    }
    this.sql = b.toString();
    this.values = Collections.unmodifiableList(vals);
    this.sqlTypes = types.stream().mapToInt(Integer::intValue).toArray();
  }

  static KeysetQuery of(KeyPlan plan, KeyedResume at) {
    return new KeysetQuery(plan, at, plan.dialect.keysetForm());
  }

  /** The query of one pass of a chunk: the chunk's range, then the keyset predicate. */
  static KeysetQuery within(KeyPlan plan, KeyedResume at, ChunkRange range) {
    return new KeysetQuery(plan, at, plan.dialect.keysetForm(), range);
  }

  /** For measuring the predicate forms against each other. */
  static KeysetQuery of(KeyPlan plan, KeyedResume at, Dialect.KeysetForm form) {
    return new KeysetQuery(plan, at, form);
  }

  /**
   * The query for a table, resuming after the decision's position.
   *
   * @return the query of the first pass
   * @param connection used to read the table's columns and keys; the dialect is detected from it
   * @param decision where to resume; its table names the table ({@code schema} is the MySQL
   *     database or the PostgreSQL schema)
   * @param keys the key columns; none means the primary key, else the smallest NOT NULL unique key.
   *     A key that is not unique gets the primary key appended as a tie-breaker.
   * @throws dev.checkpoint.CheckpointException for a missing key column, a position with another
   *     key or a value that does not parse as its column's type
   */
  public static KeysetQuery forTable(
      Connection connection, ResumeDecision decision, String... keys) {
    Objects.requireNonNull(decision, "decision");
    Relation rel = Relation.table(decision.table().schema(), decision.table().table());
    return forRelation(connection, rel, decision, keys);
  }

  /**
   * The query for the user's own SQL, wrapped as {@code SELECT * FROM (<sql>) src WHERE ...}.
   *
   * @param connection used to detect the dialect and to check the key columns
   * @param sql the user's SELECT
   * @param decision where to resume; its table names the table in positions
   * @return the query of the first pass
   * @throws dev.checkpoint.CheckpointException for a missing key column, a position with another
   *     key or a value that does not parse as its column's type
   * @param keys the key columns of the query's result, in order; they must be unique (a query has
   *     no metadata that says so)
   */
  public static KeysetQuery forQuery(
      Connection connection, String sql, ResumeDecision decision, String... keys) {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(sql, "sql");
    return forRelation(connection, Relation.query(sql), decision, keys);
  }

  private static KeysetQuery forRelation(
      Connection connection, Relation rel, ResumeDecision decision, String... keys) {
    Objects.requireNonNull(connection, "connection");
    Dialect d = Dialect.detect(connection);
    KeyPlan plan = KeyPlan.resolve(connection, d, rel, Arrays.asList(keys), decision.table());
    return of(plan, KeyedResume.of(plan, decision));
  }

  /**
   * The SQL, with a {@code ?} per parameter.
   *
   * @return the SQL text
   */
  public String sql() {
    return sql;
  }

  /**
   * The parameter values, in order, as {@link #bind} passes them to {@code setObject}. Prefer
   * {@link #bind}: a few types need a target SQL type as well.
   *
   * @return the values; unmodifiable
   */
  public List<Object> parameters() {
    return values;
  }

  /**
   * The key columns in order, including any tie-breaker.
   *
   * @return the column names; unmodifiable
   */
  public List<String> keyColumns() {
    return plan.keyNames();
  }

  /**
   * Binds the parameters to a statement prepared from {@link #sql()}.
   *
   * @param ps the statement
   * @throws SQLException if the driver refuses a value
   */
  public void bind(PreparedStatement ps) throws SQLException {
    for (int i = 0; i < sqlTypes.length; i++) {
      if (sqlTypes[i] == Types.NULL) {
        ps.setObject(i + 1, values.get(i));
      } else {
        ps.setObject(i + 1, values.get(i), sqlTypes[i]);
      }
    }
  }

  /**
   * Prepares {@link #sql()} on the connection and binds the parameters.
   *
   * @param connection the connection to read on (with streaming settings if you want them)
   * @return the bound statement; the caller closes it
   * @throws SQLException if the statement cannot be prepared or bound
   */
  public PreparedStatement prepare(Connection connection) throws SQLException {
    PreparedStatement ps = connection.prepareStatement(sql);
    try {
      bind(ps);
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
    return ps;
  }

  /**
   * The position after the current row of a result of this query.
   *
   * @param rs a result set of this query, on a row
   * @return the position after that row
   * @throws SQLException if a key column cannot be read
   */
  public Position.Keyed positionOf(ResultSet rs) throws SQLException {
    Object[] row = new Object[plan.columns.size()];
    for (Column c : plan.key) {
      row[c.index() - 1] = c.type().read(rs, c.index());
    }
    return plan.positionOf(row);
  }

  /**
   * The query of the next pass (rows with NULL in a key column), read from its start.
   *
   * @return the next pass's query, or empty after the last pass
   */
  public Optional<KeysetQuery> next() {
    if (pass + 1 >= plan.passCount()) {
      return Optional.empty();
    }
    return Optional.of(
        new KeysetQuery(plan, new KeyedResume(pass + 1, null), plan.dialect.keysetForm(), range));
  }

  KeyPlan plan() {
    return plan;
  }

  int[] sqlTypes() {
    return sqlTypes;
  }

  @Override
  public String toString() {
    return sql + " " + values;
  }

  private static String predicate(
      Dialect d,
      List<Column> order,
      Object[] after,
      Dialect.KeysetForm form,
      List<Object> vals,
      List<Integer> types) {
    if (order.size() == 1 || form == Dialect.KeysetForm.ROW_VALUE) {
      StringBuilder cols = new StringBuilder();
      StringBuilder marks = new StringBuilder();
      for (int i = 0; i < order.size(); i++) {
        cols.append(i == 0 ? "" : ", ").append(d.quote(order.get(i).name()));
        marks.append(i == 0 ? "?" : ", ?");
        add(d, order.get(i), after[i], vals, types);
      }
      return order.size() == 1 ? cols + " > ?" : "(" + cols + ") > (" + marks + ")";
    }
    // (k1 > ? OR (k1 = ? AND k2 > ?) OR (k1 = ? AND k2 = ? AND k3 > ?) ...)
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < order.size(); i++) {
      if (i > 0) {
        b.append(" OR (");
      }
      for (int j = 0; j < i; j++) {
        b.append(d.quote(order.get(j).name())).append(" = ? AND ");
        add(d, order.get(j), after[j], vals, types);
      }
      b.append(d.quote(order.get(i).name())).append(" > ?");
      add(d, order.get(i), after[i], vals, types);
      if (i > 0) {
        b.append(')');
      }
    }
    return b.append(')').toString();
  }

  private static void add(
      Dialect d, Column c, Object value, List<Object> vals, List<Integer> types) {
    vals.add(c.type().bindValue(value, d));
    types.add(c.type().bindSqlType(d));
  }
}
