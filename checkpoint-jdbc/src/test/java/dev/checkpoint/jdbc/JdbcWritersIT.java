package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.Checkpointer;
import dev.checkpoint.InMemoryStore;
import dev.checkpoint.Position;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.util.PGobject;

/**
 * JdbcSinks.insertInto / upsertInto on the real databases: every awkward value arrives exactly
 * (compared with the server's own text of every value), identifiers are quoted, upserts replace
 * rows already there, and a batch that fails inside JdbcSinks.inTransaction leaves neither its rows
 * nor its position behind.
 */
class JdbcWritersIT {
  /** Table and column names that break unquoted or badly quoted SQL. */
  static final String TABLE = "wr\"it-e`s p.k";

  static final String KEY = "p.k";
  static final String TEXT = "na\"me";
  static final String DECIMAL = "da-sh";
  static final String TIMESTAMP = "back`tick";
  static final String[] STRINGS = {
    "",
    "\\N",
    "back\\slash",
    "tab\there",
    "new\nline",
    "cr\rlf\r\n",
    "it's \"quoted\"",
    "日本語 é",
    "😀 emoji",
    "trailing  ",
    "\\x00 not bytes",
    "a,b;c|d"
  };

  private static String columnsDdl(Kind kind) {
    Dialect d = Tables.dialect(kind);
    if (kind == Kind.MYSQL) {
      return d.quote(KEY)
          + " BIGINT PRIMARY KEY, "
          + d.quote(TEXT)
          + " TEXT, "
          + d.quote(DECIMAL)
          + " DECIMAL(38,12), "
          + d.quote(TIMESTAMP)
          + " DATETIME(6), bin VARBINARY(64), d DATE, t TIME(6),"
          + " f DOUBLE, b BOOLEAN, u BIGINT UNSIGNED";
    }
    return d.quote(KEY)
        + " bigint PRIMARY KEY, "
        + d.quote(TEXT)
        + " text, "
        + d.quote(DECIMAL)
        + " numeric(38,12), "
        + d.quote(TIMESTAMP)
        + " timestamp(6), bin bytea, d date, t time(6),"
        + " f double precision, b boolean, tz timestamptz(6), u uuid, j jsonb";
  }

  private static List<String> columns(Kind kind) {
    List<String> c =
        new ArrayList<>(List.of(KEY, TEXT, DECIMAL, TIMESTAMP, "bin", "d", "t", "f", "b"));
    c.addAll(kind == Kind.MYSQL ? List.of("u") : List.of("tz", "u", "j"));
    return c;
  }

  /** Row i: awkward values, and NULL in every column but the key on every 5th row. */
  private static Object[] row(Kind kind, long id) {
    int i = (int) id;
    List<Object> v = new ArrayList<>();
    v.add(id);
    if (i % 5 == 0) {
      while (v.size() < columns(kind).size()) {
        v.add(null);
      }
      return v.toArray();
    }
    v.add(STRINGS[i % STRINGS.length]);
    v.add(
        new BigDecimal(i % 2 == 0 ? "12345678901234567890123456.123456789012" : "-0.000000000001")
            .add(BigDecimal.valueOf(i)));
    v.add(LocalDateTime.of(2024, 1, 31, 10, 15, 30, 123_456_000).plusNanos(1_000L * i));
    v.add(HexFormat.of().parseHex(i % 3 == 0 ? "" : "00095c0a0d27ff" + String.format("%02x", i)));
    v.add(LocalDate.of(1999, 12, 31).plusDays(i));
    v.add(LocalTime.of(23, 59, 59, 999_999_000).minusSeconds(i));
    v.add(i % 4 == 0 ? 0.1 + i : -1.0e300 / i);
    v.add(i % 2 == 0);
    if (kind == Kind.MYSQL) {
      v.add(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.valueOf(i)));
    } else {
      v.add(OffsetDateTime.of(2024, 6, 1, 0, 0, 0, 1_000 * i, ZoneOffset.ofHours(5)));
      v.add(new UUID(i, -i));
      v.add(
          json(
              "{\"k\": \""
                  + STRINGS[i % STRINGS.length]
                      .replace("\\", "\\\\")
                      .replace("\"", "\\\"")
                      .replace("\n", "\\n")
                      .replace("\r", "\\r")
                      .replace("\t", "\\t")
                  + "\"}"));
    }
    return v.toArray();
  }

  private static PGobject json(String text) {
    try {
      PGobject o = new PGobject();
      o.setType("jsonb");
      o.setValue(text);
      return o;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Object[]> rows(Kind kind, long from, long to) {
    List<Object[]> rows = new ArrayList<>();
    for (long id = from; id <= to; id++) {
      rows.add(row(kind, id));
    }
    return rows;
  }

  /** A schema with a filled source table and an empty target of the same columns. */
  private static String setUp(Kind kind, int rows) {
    String schema = TestDatabases.freshSchema(kind, "cp_writers");
    Dialect d = Tables.dialect(kind);
    Tables.execute(
        kind,
        "CREATE TABLE " + d.qualified(schema, "source") + " (" + columnsDdl(kind) + ")",
        "CREATE TABLE " + d.qualified(schema, TABLE) + " (" + columnsDdl(kind) + ")");
    Tables.insert(kind, d.qualified(schema, "source"), columns(kind), rows(kind, 1, rows));
    return schema;
  }

  private static TableRef source(Kind kind, String schema) {
    return TableRef.of(kind == Kind.MYSQL ? "mysql" : "pg", schema, "source");
  }

  private static long copy(Kind kind, String schema, JdbcSinks.TableWrite write) {
    TableRef table = source(kind, schema);
    Source<Row> src = JdbcSources.keyed(Tables.ds(kind)).table(table).key(KEY).batchSize(7).build();
    try (Checkpointer cp =
        Checkpointer.builder().taskId("writers").store(new InMemoryStore()).build()) {
      return cp.run(table, src, write.sink(Tables.ds(kind)));
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void insertCopiesEveryValueExactlyIntoOddlyNamedColumns(Kind kind) {
    String schema = setUp(kind, 60);
    Dialect d = Tables.dialect(kind);
    assertThat(copy(kind, schema, JdbcSinks.insertInto(schema, TABLE))).isEqualTo(60);
    assertThat(Tables.dump(kind, d.qualified(schema, TABLE)))
        .hasSize(60)
        .isEqualTo(Tables.dump(kind, d.qualified(schema, "source")));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void upsertReplacesRowsAlreadyPresentAndKeepsOthers(Kind kind) {
    String schema = setUp(kind, 100);
    Dialect d = Tables.dialect(kind);
    String target = d.qualified(schema, TABLE);
    // Rows 11..30 are there with other values (row i+100's), and row 500 is not in the source.
    // Batches of 7: the 2nd meets rows already there, the next ones are staged, the 11th
    // (rows 71..77) is copied directly again.
    List<Object[]> present = new ArrayList<>();
    for (long id = 11; id <= 30; id++) {
      Object[] other = row(kind, id + 100);
      other[0] = id;
      present.add(other);
    }
    present.add(row(kind, 500));
    Tables.insert(kind, target, columns(kind), present);

    assertThat(copy(kind, schema, JdbcSinks.upsertInto(schema, TABLE))).isEqualTo(100);

    Tables.insert(
        kind, d.qualified(schema, "source"), columns(kind), List.<Object[]>of(row(kind, 500)));
    List<List<String>> expected = Tables.dump(kind, d.qualified(schema, "source"));
    assertThat(Tables.dump(kind, target)).hasSize(101).isEqualTo(expected);
  }

  /**
   * Without the jsonb column every PostgreSQL column has a binary COPY form (CopyBinary): the same
   * values, inserted and then upserted (direct and staged), arrive exactly.
   */
  @Test
  void postgresWritesTheCommonTypesInTheBinaryFormatExactly() {
    Kind kind = Kind.POSTGRES;
    String schema = setUp(kind, 100);
    Dialect d = Tables.dialect(kind);
    String source = d.qualified(schema, "source");
    String target = d.qualified(schema, TABLE);
    Tables.execute(
        kind,
        "ALTER TABLE " + source + " DROP COLUMN j",
        "ALTER TABLE " + target + " DROP COLUMN j");
    List<String> columns = columns(kind).subList(0, columns(kind).size() - 1);
    List<String> types =
        StoreFixtures.query(
                kind,
                "SELECT t.typname AS t FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                    + " WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
                target)
            .stream()
            .map(m -> (String) m.get("t"))
            .toList();
    assertThat(types)
        .containsExactly(
            "int8",
            "text",
            "numeric",
            "timestamp",
            "bytea",
            "date",
            "time",
            "float8",
            "bool",
            "timestamptz",
            "uuid");
    assertThat(CopyBinary.encoders(types)).as("every column has a binary form").isNotNull();

    assertThat(copy(kind, schema, JdbcSinks.insertInto(schema, TABLE))).isEqualTo(100);
    assertThat(Tables.dump(kind, target)).hasSize(100).isEqualTo(Tables.dump(kind, source));

    Tables.execute(kind, "DELETE FROM " + target + " WHERE " + d.quote(KEY) + " > 20");
    List<Object[]> changed = new ArrayList<>();
    for (long id = 11; id <= 20; id++) {
      Object[] other = Arrays.copyOf(row(kind, id + 100), columns.size());
      other[0] = id;
      changed.add(other);
    }
    Tables.execute(kind, "DELETE FROM " + target + " WHERE " + d.quote(KEY) + " BETWEEN 11 AND 20");
    Tables.insert(kind, target, columns, changed);
    assertThat(copy(kind, schema, JdbcSinks.upsertInto(schema, TABLE))).isEqualTo(100);
    assertThat(Tables.dump(kind, target)).hasSize(100).isEqualTo(Tables.dump(kind, source));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void upsertOnNamedKeyColumnsOfAUniqueIndex(Kind kind) throws Exception {
    String schema = TestDatabases.freshSchema(kind, "cp_writers");
    Dialect d = Tables.dialect(kind);
    String target = d.qualified(schema, "by-code");
    Tables.execute(
        kind,
        "CREATE TABLE "
            + target
            + " (id INT PRIMARY KEY, "
            + d.quote("co de")
            + " VARCHAR(10) NOT NULL, v VARCHAR(10),"
            + " UNIQUE ("
            + d.quote("co de")
            + "))",
        "INSERT INTO " + target + " VALUES (1, 'a', 'old'), (2, 'b', 'old')");
    Columns cols = new Columns(List.of("id", "co de", "v"));
    List<Row> rows =
        List.of(
            new Row(cols, new Object[] {1, "a", "new"}),
            new Row(cols, new Object[] {3, "c", "new"}));
    try (Connection c = Tables.ds(kind).getConnection()) {
      c.setAutoCommit(false);
      JdbcSinks.upsertInto(schema, "by-code").keys("co de").writer().write(c, rows);
      c.commit();
    }
    assertThat(StoreFixtures.query(kind, "SELECT id, v FROM " + target + " ORDER BY id"))
        .containsExactly(
            Map.of("id", 1, "v", "new"), Map.of("id", 2, "v", "old"), Map.of("id", 3, "v", "new"));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void insertOfARowAlreadyPresentFailsNamingTheTable(Kind kind) {
    String schema = setUp(kind, 10);
    Dialect d = Tables.dialect(kind);
    Tables.insert(kind, d.qualified(schema, TABLE), columns(kind), rows(kind, 4, 4));
    assertThatThrownBy(() -> copy(kind, schema, JdbcSinks.insertInto(schema, TABLE)))
        .hasMessageContaining("cannot write 7 rows into table " + d.qualified(schema, TABLE));
    assertThat(Tables.count(kind, d.qualified(schema, TABLE)))
        .isEqualTo(1); // the batch rolled back
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void refusesRowsWithAColumnTheTargetLacksAndAnUpsertWithoutKey(Kind kind) throws Exception {
    String schema = TestDatabases.freshSchema(kind, "cp_writers");
    Dialect d = Tables.dialect(kind);
    Tables.execute(
        kind, "CREATE TABLE " + d.qualified(schema, "nokey") + " (id INT, v VARCHAR(10))");
    List<Row> rows = List.of(new Row(new Columns(List.of("id", "extra")), new Object[] {1, "x"}));
    List<Row> fit = List.of(new Row(new Columns(List.of("id", "v")), new Object[] {1, "x"}));
    try (Connection c = Tables.ds(kind).getConnection()) {
      assertThatThrownBy(() -> JdbcSinks.insertInto(schema, "nokey").writer().write(c, rows))
          .hasMessageContaining(
              "the rows have a column \"extra\" that table " + d.qualified(schema, "nokey"));
      assertThatThrownBy(() -> JdbcSinks.upsertInto(schema, "nokey").writer().write(c, fit))
          .hasMessageContaining("has no primary key")
          .hasMessageContaining("keys(...)");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void splitsABatchLargerThanOneStatementTakes(Kind kind) throws Exception {
    String schema = TestDatabases.freshSchema(kind, "cp_writers");
    Dialect d = Tables.dialect(kind);
    String target = d.qualified(schema, "wide");
    Tables.execute(
        kind, "CREATE TABLE " + target + " (id BIGINT PRIMARY KEY, a VARCHAR(20), b VARCHAR(20))");
    // 3 columns: 21,845 rows fill the 65,535 placeholders of one MySQL statement.
    Columns cols = new Columns(List.of("id", "a", "b"));
    List<Row> rows = new ArrayList<>();
    for (long i = 1; i <= 50_000; i++) {
      rows.add(new Row(cols, new Object[] {i, "a" + i, i % 7 == 0 ? null : "b"}));
    }
    try (Connection c = Tables.ds(kind).getConnection()) {
      c.setAutoCommit(false);
      JdbcSinks.upsertInto(schema, "wide").writer().write(c, rows);
      c.commit();
    }
    assertThat(
            StoreFixtures.query(
                kind, "SELECT count(*) AS n, sum(id) AS s, count(b) AS nb FROM " + target))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(((Number) r.get("n")).longValue()).isEqualTo(50_000);
              assertThat(((Number) r.get("s")).longValue()).isEqualTo(50_000L * 50_001 / 2);
              assertThat(((Number) r.get("nb")).longValue()).isEqualTo(50_000 - 50_000 / 7);
            });
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aBatchFailingInTheDatabaseLeavesNeitherItsRowsNorItsPosition(Kind kind) {
    String schema = setUp(kind, 40);
    Dialect d = Tables.dialect(kind);
    String target = d.qualified(schema, TABLE);
    // Row 17 (the 3rd batch of 7) breaks a constraint of the target only.
    Tables.execute(
        kind, "ALTER TABLE " + target + " ADD CONSTRAINT not17 CHECK (" + d.quote(KEY) + " <> 17)");
    TableRef table = source(kind, schema);
    var ds = Tables.ds(kind);
    Source<Row> src = JdbcSources.keyed(ds).table(table).key(KEY).batchSize(7).build();
    try (JdbcPositionStore store =
        JdbcPositionStore.builder().dataSource(ds).tableFullName(schema + ".positions").build()) {
      try (Checkpointer cp = Checkpointer.builder().taskId("writers-tx").store(store).build()) {
        assertThatThrownBy(
                () ->
                    cp.runInTransaction(
                        table,
                        src,
                        JdbcSinks.inTransaction(ds, JdbcSinks.insertInto(schema, TABLE).writer())))
            .hasMessageContaining("cannot write 7 rows into table " + target);
      }
      assertThat(Tables.count(kind, target)).isEqualTo(14);
      assertThat(store.read("writers-tx").position(table))
          .get()
          .isInstanceOfSatisfying(
              Position.Keyed.class, k -> assertThat(k.values()).containsExactly("14"));

      Tables.execute(kind, "ALTER TABLE " + target + " DROP CONSTRAINT not17");
      try (Checkpointer cp = Checkpointer.builder().taskId("writers-tx").store(store).build()) {
        assertThat(
                cp.runInTransaction(
                    table,
                    src,
                    JdbcSinks.inTransaction(ds, JdbcSinks.insertInto(schema, TABLE).writer())))
            .isEqualTo(26);
      }
      assertThat(store.read("writers-tx").isFinished(table)).isTrue();
    }
    assertThat(Tables.dump(kind, target))
        .hasSize(40)
        .isEqualTo(Tables.dump(kind, d.qualified(schema, "source")));
  }
}
