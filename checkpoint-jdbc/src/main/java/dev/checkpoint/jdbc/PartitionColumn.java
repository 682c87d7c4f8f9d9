package dev.checkpoint.jdbc;

import dev.checkpoint.CheckpointException;
import dev.checkpoint.Strategy;
import dev.checkpoint.TableRef;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;

/** Which column a table is split on. */
final class PartitionColumn {
  private PartitionColumn() {}

  /**
   * The column the user named; else the first column of the key the table is read by (the given
   * keys, else the primary key, else the smallest NOT NULL unique key, else the smallest nullable
   * unique key, as AUTO chooses); else the first column of a ROW_SKIP order given; else the table's
   * first column the database can order by.
   *
   * @throws CheckpointException naming the column when it is not a column of the table, or cannot
   *     be a partition column
   */
  static Column choose(
      JdbcSource src, Connection c, Dialect d, Relation rel, TableRef ref, List<Column> columns) {
    Column col;
    if (src.partitionColumn != null) {
      col = ColumnNames.find(columns, src.partitionColumn, "partition column", ref, rel, d);
    } else if (!src.keys.isEmpty()) {
      col = ColumnNames.find(columns, src.keys.get(0), "key column", ref, rel, d);
    } else {
      col = fromKeys(src, c, d, rel, ref, columns).orElse(null);
      if (col == null) {
        col =
            columns.stream()
                .filter(x -> CursorFactory.orderable(x, d))
                .findFirst()
                .orElseThrow(
                    () ->
                        new CheckpointException(
                            ref
                                + " has no column the database can order by to split it in"
                                + " chunks: name one with partitionColumn(...)"));
      }
    }
    check(col, d, ref);
    return col;
  }

  private static Optional<Column> fromKeys(
      JdbcSource src, Connection c, Dialect d, Relation rel, TableRef ref, List<Column> columns) {
    UniqueKeys uks = UniqueKeys.of(c, d, rel);
    Optional<UniqueKeys.UniqueKey> key = uks.smallestNonNullKey(columns);
    if (key.isEmpty() && src.strategy != Strategy.KEY) {
      key = uks.smallestNullableKey(columns);
    }
    if (key.isPresent()) {
      return Optional.of(
          ColumnNames.find(columns, key.get().columns().get(0), "key column", ref, rel, d));
    }
    if (!src.orderBy.isEmpty()) {
      return Optional.of(
          ColumnNames.find(columns, src.orderBy.get(0), "order column", ref, rel, d));
    }
    return Optional.empty();
  }

  private static void check(Column col, Dialect d, TableRef ref) {
    if (d == Dialect.MYSQL && col.type() == ColumnType.REAL) {
      throw new CheckpointException(
          "partition column "
              + col.describe()
              + " of "
              + ref
              + " cannot split a table on MySQL/MariaDB: the server sends FLOAT values rounded to"
              + " 6 significant digits, so a bound could not be told apart from its neighbours;"
              + " name another column with partitionColumn(...)");
    }
    if (!CursorFactory.orderable(col, d)) {
      throw new CheckpointException(
          "partition column "
              + col.describe()
              + " of "
              + ref
              + " has no order the database can compare by: name another column with"
              + " partitionColumn(...)");
    }
  }
}
