package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.CheckpointException;
import dev.checkpoint.InvalidPositionException;
import dev.checkpoint.KeyColumn;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.TableRef;
import dev.checkpoint.jdbc.KeyTypes.KeyType;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a reader refuses to start says what is wrong, with the column, value and source. */
class ReaderErrorsIT {
  private static final Map<Kind, String> SCHEMA = new EnumMap<>(Kind.class);

  /** A value that is not of the type, and the reason the message must give. */
  private static final Map<String, String[]> BAD =
      Map.ofEntries(
          Map.entry("bigint", new String[] {"abc", "not a whole number"}),
          Map.entry("int", new String[] {"1.5", "not a whole number"}),
          Map.entry(
              "bigint_unsigned", new String[] {"-1", "out of range 0 to 18446744073709551615"}),
          Map.entry("decimal", new String[] {"1,5", "not a decimal number"}),
          Map.entry("date", new String[] {"2024-02-30", "not a date (yyyy-MM-dd)"}),
          Map.entry("time", new String[] {"25:00:00", "not a time (HH:mm:ss[.ffffff])"}),
          Map.entry(
              "timestamp",
              new String[] {"yesterday", "not a timestamp (yyyy-MM-ddTHH:mm:ss[.ffffff])"}),
          Map.entry("mysql_timestamp", new String[] {"2024-01-31", "not a timestamp"}),
          Map.entry(
              "timestamptz", new String[] {"2024-01-31T10:15:30", "not a timestamp with offset"}),
          Map.entry("varbinary", new String[] {"abc", "not hex digits"}),
          Map.entry("binary", new String[] {"0x00", "not hex digits"}),
          Map.entry("bytea", new String[] {"zz", "not hex digits"}),
          Map.entry("uuid", new String[] {"1-2-3-4-5", "not a UUID"}),
          Map.entry("double", new String[] {"one", "not a number"}),
          Map.entry("real", new String[] {"one", "not a number"}));

  @BeforeAll
  static void createTables() {
    for (Kind kind : Kind.values()) {
      String s = TestDatabases.freshSchema(kind, "errors");
      SCHEMA.put(kind, s);
      Dialect d = Tables.dialect(kind);
      for (KeyType t : KeyTypes.of(kind)) {
        Tables.execute(
            kind,
            "CREATE TABLE "
                + d.qualified(s, "key_" + t.name())
                + " (k "
                + t.sqlType()
                + " NOT NULL PRIMARY KEY, note VARCHAR(20))");
      }
      Tables.execute(
          kind,
          "CREATE TABLE "
              + d.qualified(s, "orders")
              + " (id BIGINT PRIMARY KEY, ts TIMESTAMP(6) NULL,"
              + " grp INT NOT NULL, flag BOOLEAN NOT NULL, f "
              + (kind == Kind.MYSQL ? "FLOAT" : "REAL")
              + " NOT NULL)",
          "CREATE TABLE " + d.qualified(s, "heap") + " (a INT, b INT)");
    }
  }

  static TableRef ref(Kind kind, String table) {
    return TableRef.of(kind == Kind.MYSQL ? "mysql" : "pg", SCHEMA.get(kind), table);
  }

  static ResumeDecision at(TableRef ref, Position p) {
    return new ResumeDecision(ref, false, Optional.of(p), Optional.of("resume.config:4"));
  }

  static Stream<Arguments> typesWithABadValue() {
    return Stream.of(Kind.values())
        .flatMap(
            k ->
                KeyTypes.of(k).stream()
                    // MySQL's UUIDs are CHAR(36): any text is a valid value there.
                    .filter(
                        t ->
                            BAD.containsKey(t.name())
                                && !(k == Kind.MYSQL && t.name().equals("uuid")))
                    .map(t -> Arguments.of(k, t)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("typesWithABadValue")
  void valueThatDoesNotParseAsTheColumnsTypeNamesColumnValueTypeTableAndSource(
      Kind kind, KeyType type) {
    TableRef ref = ref(kind, "key_" + type.name());
    String[] bad = BAD.get(type.name());
    JdbcSource source = JdbcSources.keyed(Tables.ds(kind)).table(ref).key("k").build();
    assertThatThrownBy(() -> source.open(at(ref, Position.keyed("k", bad[0]))))
        .isInstanceOf(InvalidPositionException.class)
        .hasMessageStartingWith("Invalid checkpoint value \"" + bad[0] + "\" for column k (")
        .hasMessageContaining(") of " + ref + " from resume.config:4: " + bad[1]);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void booleanValueThatIsNotTrueOrFalseIsRefused(Kind kind) {
    TableRef ref = ref(kind, "orders");
    JdbcSource source = JdbcSources.keyed(Tables.ds(kind)).table(ref).keys("flag", "id").build();
    assertThatThrownBy(
            () ->
                source.open(
                    at(
                        ref,
                        Position.keyed(
                            List.of(KeyColumn.of("flag", "yes"), KeyColumn.of("id", "1"))))))
        .isInstanceOf(InvalidPositionException.class)
        .hasMessageStartingWith("Invalid checkpoint value \"yes\" for column flag (")
        .hasMessageContaining("not true");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void nullValueForANotNullKeyColumnIsRefused(Kind kind) {
    TableRef ref = ref(kind, "orders");
    JdbcSource source = JdbcSources.keyed(Tables.ds(kind)).table(ref).key("id").build();
    assertThatThrownBy(() -> source.open(at(ref, Position.keyed("id", null))))
        .isInstanceOf(InvalidPositionException.class)
        .hasMessageStartingWith("Invalid checkpoint value null for column id (")
        .hasMessageEndingWith("from resume.config:4: the column is NOT NULL");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void keyColumnMissingFromTheTableIsNamed(Kind kind) {
    TableRef ref = ref(kind, "orders");
    JdbcSource source = JdbcSources.keyed(Tables.ds(kind)).table(ref).key("order_id").build();
    assertThatThrownBy(() -> source.open(ResumeDecision.fromStart(ref)))
        .isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith(
            "key column \"order_id\" of " + ref + " is not a column of its table")
        .hasMessageEndingWith("(columns: id, ts, grp, flag, f)");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void keyColumnMissingFromTheQueryIsNamed(Kind kind) {
    TableRef ref = ref(kind, "orders_query");
    JdbcSource source =
        JdbcSources.keyed(Tables.ds(kind))
            .query(
                "SELECT id AS order_id, grp FROM "
                    + Tables.dialect(kind).qualified(SCHEMA.get(kind), "orders"))
            .key("id")
            .build();
    assertThatThrownBy(() -> source.open(ResumeDecision.fromStart(ref)))
        .isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith(
            "key column \"id\" of " + ref + " is not a column of its query SELECT id AS")
        .hasMessageEndingWith("(columns: order_id, grp)");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void positionWithAnotherKeyNamesBothKeys(Kind kind) {
    TableRef ref = ref(kind, "orders");
    JdbcSource source = JdbcSources.keyed(Tables.ds(kind)).table(ref).key("id").build();
    assertThatThrownBy(() -> source.open(at(ref, Position.keyed("f_0", "5"))))
        .isInstanceOf(InvalidPositionException.class)
        .hasMessage(
            "position of "
                + ref
                + " from resume.config:4 has key (f_0) but the reader's key is (id)");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void positionWithoutTheTieBreakerSaysWhyItWasAppended(Kind kind) {
    TableRef ref = ref(kind, "orders");
    JdbcSource source = JdbcSources.keyed(Tables.ds(kind)).table(ref).key("grp").build();
    assertThatThrownBy(() -> source.open(at(ref, Position.keyed("grp", "3"))))
        .isInstanceOf(InvalidPositionException.class)
        .hasMessage(
            "position of "
                + ref
                + " from resume.config:4 has key (grp) but the reader's key is"
                + " (grp, id) (id appended as a tie-breaker because the key is not unique)");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void rowOffsetPositionForAKeyedReaderIsRefused(Kind kind) {
    TableRef ref = ref(kind, "orders");
    JdbcSource source = JdbcSources.keyed(Tables.ds(kind)).table(ref).build();
    assertThatThrownBy(() -> source.open(at(ref, Position.rowOffset(10, "ab"))))
        .isInstanceOf(InvalidPositionException.class)
        .hasMessageContaining(
            "is a row offset (10 rows, written by ROW_SKIP) but this source reads by key (id)");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void keyedPositionForARowSkipReaderIsRefused(Kind kind) {
    TableRef ref = ref(kind, "orders");
    JdbcSource source = JdbcSources.rowSkip(Tables.ds(kind)).table(ref).orderBy("id").build();
    assertThatThrownBy(() -> source.open(at(ref, Position.keyed("id", "5"))))
        .isInstanceOf(InvalidPositionException.class)
        .hasMessageContaining("is keyed on (id) but this source reads with ROW_SKIP");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void rowSkipWithoutAnOrderIsRefused(Kind kind) {
    TableRef ref = ref(kind, "orders");
    String table = Tables.dialect(kind).qualified(SCHEMA.get(kind), "orders");
    assertThatThrownBy(
            () ->
                JdbcSources.rowSkip(Tables.ds(kind))
                    .table(ref)
                    .build()
                    .open(ResumeDecision.fromStart(ref)))
        .isInstanceOf(CheckpointException.class)
        .hasMessage(
            "ROW_SKIP needs a deterministic order for "
                + ref
                + ": give it with orderBy(...),"
                + " including a unique column");
    // An ORDER BY inside a subquery or a string orders nothing at the top.
    String query =
        "SELECT * FROM (SELECT * FROM " + table + " ORDER BY id LIMIT 5) x WHERE 'ORDER BY' <> ''";
    assertThatThrownBy(
            () ->
                JdbcSources.rowSkip(Tables.ds(kind))
                    .query(query)
                    .build()
                    .open(ResumeDecision.fromStart(ref)))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("or end the query with an ORDER BY");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void nonUniqueKeyOfATableWithoutAnyUniqueKeyIsRefused(Kind kind) {
    TableRef ref = ref(kind, "heap");
    assertThatThrownBy(
            () ->
                JdbcSources.keyed(Tables.ds(kind))
                    .table(ref)
                    .key("a")
                    .build()
                    .open(ResumeDecision.fromStart(ref)))
        .isInstanceOf(CheckpointException.class)
        .hasMessage(
            "key (a) of "
                + ref
                + " is not unique and the table has no primary key or NOT NULL"
                + " unique key to break ties: add a unique column to the key, or use ROW_SKIP");
    assertThatThrownBy(
            () ->
                JdbcSources.keyed(Tables.ds(kind))
                    .table(ref)
                    .build()
                    .open(ResumeDecision.fromStart(ref)))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("has no primary key or NOT NULL unique key to read by");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void queryKeyThatIsAllNullableOrMissingIsRefused(Kind kind) {
    TableRef ref = ref(kind, "orders_query");
    String table = Tables.dialect(kind).qualified(SCHEMA.get(kind), "orders");
    assertThatThrownBy(
            () ->
                JdbcSources.keyed(Tables.ds(kind))
                    .query("SELECT ts FROM " + table)
                    .key("ts")
                    .build()
                    .open(ResumeDecision.fromStart(ref)))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("every key column of " + ref + " may be NULL (ts)");
    assertThatThrownBy(
            () ->
                JdbcSources.keyed(Tables.ds(kind))
                    .query("SELECT ts FROM " + table)
                    .build()
                    .open(ResumeDecision.fromStart(ref)))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("a keyed read of a query needs its key columns");
    assertThatThrownBy(
            () ->
                JdbcSources.auto(Tables.ds(kind))
                    .query("SELECT ts FROM " + table)
                    .build()
                    .open(ResumeDecision.fromStart(ref)))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("strategy AUTO cannot choose for the query of " + ref);
  }

  @ParameterizedTest
  @EnumSource(value = Kind.class, names = "MYSQL")
  void singlePrecisionFloatKeyIsRefusedOnMysql(Kind kind) {
    TableRef ref = ref(kind, "orders");
    assertThatThrownBy(
            () ->
                JdbcSources.keyed(Tables.ds(kind))
                    .table(ref)
                    .keys("f", "id")
                    .build()
                    .open(ResumeDecision.fromStart(ref)))
        .isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith(
            "key column f (FLOAT) of " + ref + " cannot be a key on MySQL/MariaDB");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void missingTableIsNamedWithTheStatement(Kind kind) {
    TableRef ref = ref(kind, "no_such_table");
    assertThatThrownBy(
            () ->
                JdbcSources.keyed(Tables.ds(kind))
                    .table(ref)
                    .key("id")
                    .build()
                    .open(ResumeDecision.fromStart(ref)))
        .isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith("cannot read the columns of table ")
        .hasMessageContaining("no_such_table")
        .hasMessageContaining("[SQL: SELECT * FROM ");
  }
}
