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
 * <p>Rows are read in passes, one per combination of NULL / not NULL over the nullable key columns.
 * A pass is numbered by bits, the first nullable column being the most significant bit and a set
 * bit meaning "IS NULL"; passes run in increasing number, so the rows where every key column has a
 * value come first and the rows where all nullable ones are NULL come last, whatever the database's
 * NULLS FIRST/LAST default. Inside pass {@code p} the rows are ordered by the key columns that are
 * not NULL in it. A position holds every key column; its NULL values say which pass it is in.
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

  /**
   * A nullable unique key (AUTO, as ape-dts chooses): two passes, the rows with a value in every
   * key column in key order, then every row with a NULL in a key column, which the key does not
   * make unique, read in one pass of its own that resumes from its start.
   */
  final boolean nullRowsApart;

  private KeyPlan(
      TableRef ref,
      Relation relation,
      Dialect dialect,
      List<Column> columns,
      List<Column> key,
      List<Column> tieBreaker) {
    this(ref, relation, dialect, columns, key, tieBreaker, false);
  }

  private KeyPlan(
      TableRef ref,
      Relation relation,
      Dialect dialect,
      List<Column> columns,
      List<Column> key,
      List<Column> tieBreaker,
      boolean nullRowsApart) {
    this.nullRowsApart = nullRowsApart;
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
   * Resolves the key. For a table: the given columns, with the primary key (else the smallest NOT
   * NULL unique key) appended when they are not unique; with no columns given, the primary key or
   * else the smallest NOT NULL unique key. For a query: the given columns, which the user declares
   * unique.
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

  /**
   * The plan for a unique key some of whose columns may be NULL: rows with a NULL in the key are
   * read in a pass of their own (see {@link #nullRowsApart}).
   */
  static KeyPlan withNullRowsApart(
      Connection c, Dialect d, Relation rel, List<String> keyColumns, TableRef ref) {
    List<Column> columns = rel.columns(c, d);
    List<Column> key = ColumnNames.findAll(columns, keyColumns, "key column", ref, rel, d);
    KeyPlan plan = new KeyPlan(ref, rel, d, columns, key, List.of(), true);
    plan.checkTypes();
    return plan;
  }

  private void check() {
    checkTypes();
    checkNullable();
  }

  private void checkTypes() {
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
  }

  private void checkNullable() {
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
    if (nullRowsApart) {
      return nullable.isEmpty() ? 1 : 2;
    }
    return 1 << nullable.size();
  }

  /** Whether the nullable column {@code j} is NULL in {@code pass}. */
  boolean isNullIn(int pass, int j) {
    return (pass >> (nullable.size() - 1 - j) & 1) == 1;
  }

  /** The WHERE condition that selects the pass's rows, or null for none. */
  String passCondition(int pass) {
    if (nullable.isEmpty()) {
      return null;
    }
    List<String> conds = new ArrayList<>();
    for (int j = 0; j < nullable.size(); j++) {
      String col = dialect.quote(nullable.get(j).name());
      if (nullRowsApart) {
        conds.add(col + (pass == 0 ? " IS NOT NULL" : " IS NULL"));
      } else {
        conds.add(col + (isNullIn(pass, j) ? " IS NULL" : " IS NOT NULL"));
      }
    }
    if (nullRowsApart && pass == 1) {
      return conds.size() == 1 ? conds.get(0) : "(" + String.join(" OR ", conds) + ")";
    }
    return String.join(" AND ", conds);
  }

  /** The key columns that hold a value in the pass: its order and keyset columns. */
  List<Column> orderIn(int pass) {
    if (nullRowsApart) {
      return key; // the NULL pass is ordered by the whole key too, but never resumed mid-way
    }
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
    if (nullRowsApart) {
      for (boolean b : isNull) {
        if (b) {
          return 1;
        }
      }
      return 0;
    }
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
