package dev.checkpoint.jdbc;

import dev.checkpoint.CheckpointException;
import dev.checkpoint.KeyColumn;
import dev.checkpoint.Position;
import dev.checkpoint.TableRef;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resolved key of a keyed read: its columns in order (the user's, then any tie-breaker), and
 * which of them may be NULL.
 *
 * <p>Rows are read in passes, one per combination of NULL / not NULL over the nullable key
 * columns. A pass is numbered by bits, the first nullable column being the most significant bit
 * and a set bit meaning "IS NULL"; passes run in increasing number, so the rows where every key
 * column has a value come first and the rows where all nullable ones are NULL come last,
 * whatever the database's NULLS FIRST/LAST default. Inside pass {@code p} the rows are ordered by
 * the key columns that are not NULL in it. A position holds every key column; its NULL values say
 * which pass it is in.
 */
final class KeyPlan {
  private static final Logger LOG = LoggerFactory.getLogger(KeyPlan.class);
  static final int MAX_NULLABLE = 3;

  final TableRef ref;
  final Relation relation;
  final Dialect dialect;
  final List<Column> columns;
  final List<Column> key;
  final List<Column> nullable;
  final List<Column> tieBreaker;

  private KeyPlan(
      TableRef ref,
      Relation relation,
      Dialect dialect,
      List<Column> columns,
      List<Column> key,
      List<Column> tieBreaker) {
    this.ref = ref;
    this.relation = relation;
    this.dialect = dialect;
    this.columns = List.copyOf(columns);
    this.key = List.copyOf(key);
    this.tieBreaker = List.copyOf(tieBreaker);
    List<Column> n = new ArrayList<>();
    for (Column c : key) {
      if (c.nullable()) {
        n.add(c);
      }
    }
    this.nullable = List.copyOf(n);
  }

  /**
   * Resolves the key. For a table: the given columns, with the primary key (else the smallest
   * NOT NULL unique key) appended when they are not unique; with no columns given, the primary
   * key or else the smallest NOT NULL unique key. For a query: the given columns, which the user
   * declares unique.
   */
  static KeyPlan resolve(
      Connection c, Dialect d, Relation rel, List<String> requested, TableRef ref) {
    List<Column> columns = rel.columns(c, d);
    List<Column> key;
    List<Column> tie = List.of();
    if (rel.isTable()) {
      UniqueKeys uks = UniqueKeys.of(c, d, rel);
      if (requested.isEmpty()) {
        UniqueKeys.UniqueKey k =
            uks.smallestNonNullKey(columns)
                .orElseThrow(
                    () ->
                        new CheckpointException(
                            ref
                                + " has no primary key or NOT NULL unique key to read by:"
                                + " name the key columns with key(...), or use ROW_SKIP"));
        key = ColumnNames.findAll(columns, k.columns(), "key column", ref, rel, d);
      } else {
        key = ColumnNames.findAll(columns, requested, "key column", ref, rel, d);
        List<String> names = key.stream().map(Column::name).toList();
        if (!uks.coveredBy(names, columns)) {
          UniqueKeys.UniqueKey k =
              uks.smallestNonNullKey(columns)
                  .orElseThrow(
                      () ->
                          new CheckpointException(
                              "key ("
                                  + String.join(", ", names)
                                  + ") of "
                                  + ref
                                  + " is not unique and the table has no primary key or NOT NULL"
                                  + " unique key to break ties: add a unique column to the key,"
                                  + " or use ROW_SKIP"));
          List<Column> extra = new ArrayList<>();
          for (Column col : ColumnNames.findAll(columns, k.columns(), "key column", ref, rel, d)) {
            if (!key.contains(col)) {
              extra.add(col);
            }
          }
          LOG.info(
              "key ({}) of {} is not unique; appending {} ({}) as a tie-breaker",
              String.join(", ", names),
              ref,
              k.primary() ? "primary key" : "unique key " + k.name(),
              ColumnNames.names(extra));
          tie = extra;
          key = new ArrayList<>(key);
          key.addAll(extra);
        }
      }
    } else {
      if (requested.isEmpty()) {
        throw new CheckpointException(
            "a keyed read of a query needs its key columns: keys(...) (for " + ref + ")");
      }
      key = ColumnNames.findAll(columns, requested, "key column", ref, rel, d);
    }
    KeyPlan plan = new KeyPlan(ref, rel, d, columns, key, tie);
    plan.check();
    return plan;
  }

  private void check() {
    for (Column c : key) {
      if (dialect == Dialect.MYSQL && c.type() == ColumnType.REAL) {
        throw new CheckpointException(
            "key column "
                + c.describe()
                + " of "
                + ref
                + " cannot be a key on MySQL/MariaDB: the server sends FLOAT values rounded to 6"
                + " significant digits, so a position could not tell neighbouring values apart;"
                + " key on a DOUBLE or DECIMAL column, or use ROW_SKIP");
      }
    }
    if (nullable.size() == key.size()) {
      throw new CheckpointException(
          "every key column of "
              + ref
              + " may be NULL ("
              + ColumnNames.names(key)
              + "): rows where all are NULL cannot be ordered; add a NOT NULL unique column to"
              + " the key, or filter the NULLs out in the query");
    }
    if (nullable.size() > MAX_NULLABLE) {
      throw new CheckpointException(
          "at most "
              + MAX_NULLABLE
              + " key columns may be NULL, but "
              + ColumnNames.names(nullable)
              + " of "
              + ref
              + " are nullable: choose a key of NOT NULL columns");
    }
  }

  int passCount() {
    return 1 << nullable.size();
  }

  /** Whether the nullable column {@code j} is NULL in {@code pass}. */
  boolean isNullIn(int pass, int j) {
    return (pass >> (nullable.size() - 1 - j) & 1) == 1;
  }

  /** The key columns that hold a value in the pass: its order and keyset columns. */
  List<Column> orderIn(int pass) {
    List<Column> out = new ArrayList<>(key.size());
    for (Column c : key) {
      int j = nullable.indexOf(c);
      if (j < 0 || !isNullIn(pass, j)) {
        out.add(c);
      }
    }
    return out;
  }

  /** The pass a position whose NULL values are these belongs to. */
  int passOf(boolean[] isNull) {
    int pass = 0;
    for (int j = 0; j < nullable.size(); j++) {
      pass = pass << 1 | (isNull[key.indexOf(nullable.get(j))] ? 1 : 0);
    }
    return pass;
  }

  List<String> keyNames() {
    return key.stream().map(Column::name).toList();
  }

  /** The position after a row, from its values ({@code SELECT *} order). */
  Position.Keyed positionOf(Object[] values) {
    List<KeyColumn> cols = new ArrayList<>(key.size());
    for (Column c : key) {
      Object v = values[c.index() - 1];
      cols.add(new KeyColumn(c.name(), v == null ? null : c.type().encode(v)));
    }
    return Position.keyed(cols);
  }
}
