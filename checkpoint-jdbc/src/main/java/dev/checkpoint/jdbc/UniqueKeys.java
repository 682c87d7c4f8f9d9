package dev.checkpoint.jdbc;

import dev.checkpoint.CheckpointException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The primary key and unique indexes of a table, from {@link DatabaseMetaData}. */
final class UniqueKeys {

  /**
   * One unique key.
   *
   * @param name the index or constraint name
   * @param columns its columns in index order
   * @param primary whether it is the primary key
   */
  record UniqueKey(String name, List<String> columns, boolean primary) {}

  private final List<UniqueKey> keys;

  private UniqueKeys(List<UniqueKey> keys) {
    this.keys = keys;
  }

  /** Reads the table's primary key and its unique, non-partial, plain-column indexes. */
  static UniqueKeys of(Connection c, Dialect d, Relation table) {
    try {
      DatabaseMetaData md = c.getMetaData();
      String schema = table.schema();
      if (schema == null || schema.isEmpty()) {
        schema = d == Dialect.MYSQL ? c.getCatalog() : c.getSchema();
      }
      String catalog = d.metadataCatalog(schema);
      String metaSchema = d.metadataSchema(schema);
      List<UniqueKey> keys = new ArrayList<>();
      Map<Short, String> pk = new TreeMap<>();
      String pkName = null;
      try (ResultSet rs = md.getPrimaryKeys(catalog, metaSchema, table.table())) {
        while (rs.next()) {
          pk.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
          pkName = rs.getString("PK_NAME");
        }
      }
      if (!pk.isEmpty()) {
        keys.add(new UniqueKey(pkName == null ? "PRIMARY" : pkName, List.copyOf(pk.values()), true));
      }
      Map<String, TreeMap<Short, String>> indexes = new TreeMap<>();
      Set<String> partial = new java.util.HashSet<>();
      try (ResultSet rs = md.getIndexInfo(catalog, metaSchema, table.table(), true, true)) {
        while (rs.next()) {
          if (rs.getShort("TYPE") == DatabaseMetaData.tableIndexStatistic
              || rs.getBoolean("NON_UNIQUE")) {
            continue;
          }
          String name = rs.getString("INDEX_NAME");
          if (rs.getString("FILTER_CONDITION") != null) {
            partial.add(name); // a partial index is unique only among the rows it covers
          }
          indexes
              .computeIfAbsent(name, n -> new TreeMap<>())
              .put(rs.getShort("ORDINAL_POSITION"), rs.getString("COLUMN_NAME"));
        }
      }
      for (Map.Entry<String, TreeMap<Short, String>> e : indexes.entrySet()) {
        List<String> cols = List.copyOf(e.getValue().values());
        boolean isPk = !pk.isEmpty() && cols.equals(List.copyOf(pk.values()));
        if (!isPk && !partial.contains(e.getKey())) {
          keys.add(new UniqueKey(e.getKey(), cols, false));
        }
      }
      return new UniqueKeys(keys);
    } catch (SQLException e) {
      throw new CheckpointException(
          "cannot read the keys of " + table.describe(d) + ": " + e.getMessage(), e);
    }
  }

  Optional<UniqueKey> primaryKey() {
    return keys.stream().filter(UniqueKey::primary).findFirst();
  }

  /**
   * The keys that are unique over every row: the primary key, and unique indexes whose columns
   * are all real NOT NULL columns (an expression index names no real column; NULLs repeat).
   */
  List<UniqueKey> nonNullKeys(List<Column> columns) {
    Map<String, Column> byName =
        columns.stream().collect(Collectors.toMap(Column::name, c -> c, (a, b) -> a));
    return keys.stream()
        .filter(
            k ->
                k.columns().stream()
                    .allMatch(n -> byName.containsKey(n) && (k.primary() || !byName.get(n).nullable())))
        .collect(Collectors.toList());
  }

  /** The primary key, else the non-null unique key with the fewest columns (then by name). */
  Optional<UniqueKey> smallestNonNullKey(List<Column> columns) {
    List<UniqueKey> candidates = nonNullKeys(columns);
    Optional<UniqueKey> pk = candidates.stream().filter(UniqueKey::primary).findFirst();
    if (pk.isPresent()) {
      return pk;
    }
    return candidates.stream()
        .min(Comparator.comparingInt((UniqueKey k) -> k.columns().size()).thenComparing(UniqueKey::name));
  }

  /** Whether the columns include every column of some key that is unique over every row. */
  boolean coveredBy(List<String> keyColumns, List<Column> columns) {
    return nonNullKeys(columns).stream().anyMatch(k -> keyColumns.containsAll(k.columns()));
  }
}
