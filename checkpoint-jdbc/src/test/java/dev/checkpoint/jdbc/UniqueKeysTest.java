package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The index query is the costliest metadata call of a read's open, so it runs only when the primary
 * key cannot answer: these tests count it on a stub connection. On PostgreSQL the primary key comes
 * from the dialect's own catalog query, bound with schema and table.
 */
class UniqueKeysTest {
  private final AtomicInteger indexQueries = new AtomicInteger();
  private final List<Object> bound = new java.util.ArrayList<>();

  private static final List<Column> COLUMNS =
      List.of(
          new Column("id", 1, ColumnType.INTEGER, "BIGINT", false),
          new Column("code", 2, ColumnType.STRING, "VARCHAR", false),
          new Column("note", 3, ColumnType.STRING, "VARCHAR", true));

  @Test
  void aKeyedReadOnThePrimaryKeyNeverReadsTheIndexes() {
    UniqueKeys keys =
        UniqueKeys.of(
            connection(List.of(row("id", 1, "pk_t")), List.of()),
            Dialect.MYSQL,
            Relation.table("s", "t"));

    assertThat(keys.smallestNonNullKey(COLUMNS).orElseThrow().columns()).containsExactly("id");
    assertThat(keys.coveredBy(List.of("id"), COLUMNS)).isTrue();
    assertThat(keys.coveredBy(List.of("note", "id"), COLUMNS)).isTrue();
    assertThat(keys.primaryKey().orElseThrow().name()).isEqualTo("pk_t");
    assertThat(indexQueries).hasValue(0);
  }

  @Test
  void aKeyThePrimaryKeyDoesNotCoverReadsTheIndexesOnce() {
    UniqueKeys keys =
        UniqueKeys.of(
            connection(List.of(row("id", 1, "pk_t")), List.of(index("uk_code", "code", 1))),
            Dialect.POSTGRES,
            Relation.table("s", "t"));

    assertThat(keys.coveredBy(List.of("code"), COLUMNS)).isTrue();
    assertThat(keys.coveredBy(List.of("note"), COLUMNS)).isFalse();
    assertThat(indexQueries).hasValue(1);
  }

  @Test
  void postgresReadsThePrimaryKeyWithItsCatalogQueryInKeyOrder() {
    UniqueKeys keys =
        UniqueKeys.of(
            connection(List.of(row("b", 2, "pk_ab"), row("a", 1, "pk_ab")), List.of()),
            Dialect.POSTGRES,
            Relation.table("my schema", "t\"x"));

    assertThat(keys.primaryKey().orElseThrow().columns()).containsExactly("a", "b");
    assertThat(keys.primaryKey().orElseThrow().name()).isEqualTo("pk_ab");
    assertThat(bound).containsExactly("my schema", "t\"x");
    assertThat(indexQueries).hasValue(0);
  }

  @Test
  void withoutAPrimaryKeyTheSmallestNonNullUniqueIndexIsChosen() {
    UniqueKeys keys =
        UniqueKeys.of(
            connection(
                List.of(), List.of(index("uk_note", "note", 1), index("uk_code", "code", 1))),
            Dialect.MYSQL,
            Relation.table("s", "t"));

    assertThat(keys.primaryKey()).isEmpty();
    assertThat(keys.smallestNonNullKey(COLUMNS).orElseThrow().name()).isEqualTo("uk_code");
    assertThat(indexQueries).hasValue(1);
  }

  @Test
  void withOnlyNullableUniqueKeysTheOneWithFewestColumnsIsTheNullableChoice() {
    UniqueKeys keys =
        UniqueKeys.of(
            connection(
                List.of(),
                List.of(
                    index("uk_wide", "note", 1),
                    index("uk_wide", "code", 2),
                    index("uk_b_note", "note", 1),
                    index("uk_a_note", "note", 1),
                    index("uk_0_expression", "lower(note)", 1))),
            Dialect.MYSQL,
            Relation.table("s", "t"));
    List<Column> nullable =
        List.of(
            new Column("code", 1, ColumnType.STRING, "VARCHAR", true),
            new Column("note", 2, ColumnType.STRING, "VARCHAR", true));

    assertThat(keys.smallestNonNullKey(nullable)).isEmpty();
    // Fewest columns, then by name; an index on an expression names no column of the table.
    assertThat(keys.smallestNullableKey(nullable).orElseThrow().name()).isEqualTo("uk_a_note");
  }

  private static String column(Object nameOrPosition) {
    return nameOrPosition instanceof Integer i ? PK_COLUMNS.get(i - 1) : (String) nameOrPosition;
  }

  private static Map<String, Object> row(String column, int seq, String pkName) {
    return Map.of("COLUMN_NAME", column, "KEY_SEQ", (short) seq, "PK_NAME", pkName);
  }

  private static Map<String, Object> index(String name, String column, int position) {
    return Map.of(
        "INDEX_NAME",
        name,
        "COLUMN_NAME",
        column,
        "ORDINAL_POSITION",
        (short) position,
        "TYPE",
        (short) DatabaseMetaData.tableIndexOther,
        "NON_UNIQUE",
        false);
  }

  private Connection connection(List<Map<String, Object>> pk, List<Map<String, Object>> indexes) {
    DatabaseMetaData md =
        (DatabaseMetaData)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class},
                (p, m, args) -> {
                  switch (m.getName()) {
                    case "getPrimaryKeys":
                      return rows(pk);
                    case "getIndexInfo":
                      indexQueries.incrementAndGet();
                      return rows(indexes);
                    default:
                      throw new UnsupportedOperationException(m.getName());
                  }
                });
    PreparedStatement pkQuery =
        (PreparedStatement)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class},
                (p, m, args) -> {
                  switch (m.getName()) {
                    case "setString":
                      bound.add(args[1]);
                      return null;
                    case "executeQuery":
                      return rows(pk);
                    case "close":
                      return null;
                    default:
                      throw new UnsupportedOperationException(m.getName());
                  }
                });
    return (Connection)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Connection.class},
            (p, m, args) -> {
              if (m.getName().equals("getMetaData")) {
                return md;
              }
              if (m.getName().equals("prepareStatement")
                  && Dialect.POSTGRES.primaryKeySql().equals(args[0])) {
                return pkQuery;
              }
              throw new UnsupportedOperationException(m.getName());
            });
  }

  /** The columns of the PostgreSQL primary key query, by position. */
  private static final List<String> PK_COLUMNS = List.of("COLUMN_NAME", "KEY_SEQ", "PK_NAME");

  /**
   * A result set over the rows, by column name or by position in the primary key query; a missing
   * column reads as SQL NULL.
   */
  private static ResultSet rows(List<Map<String, Object>> rows) {
    int[] at = {-1};
    return (ResultSet)
        Proxy.newProxyInstance(
            UniqueKeysTest.class.getClassLoader(),
            new Class<?>[] {ResultSet.class},
            (p, m, args) -> {
              switch (m.getName()) {
                case "next":
                  return ++at[0] < rows.size();
                case "close":
                  return null;
                case "getString":
                  return (String) rows.get(at[0]).get(column(args[0]));
                case "getShort":
                  Object v = rows.get(at[0]).get(column(args[0]));
                  return v == null ? (short) 0 : (Short) v;
                case "getBoolean":
                  return Boolean.TRUE.equals(rows.get(at[0]).get(column(args[0])));
                default:
                  throw new UnsupportedOperationException(m.getName());
              }
            });
  }
}
