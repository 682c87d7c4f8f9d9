package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.checkpoint.Batch;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.InvalidPositionException;
import dev.checkpoint.KeyColumn;
import dev.checkpoint.Position;
import dev.checkpoint.PositionJson;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.logstore.LogStore;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * Positions in ape-dts's forms against real tables on MariaDB and PostgreSQL: for each form, the
 * resume decision and the rows the resumed read delivers. The position lines are written here in
 * the forms ape-dts's source defines (not copied from its files). Names are odd on purpose: {@code
 * test_db_@}, {@code finished_table_*$1}, a column {@code p.k}, and on PostgreSQL a schema {@code
 * test_db_*.*} (MySQL allows no dot in a database name).
 */
class ApeDtsInteropIT {

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 6);
  }

  private static String type(Kind kind) {
    return kind == Kind.MYSQL ? "mysql" : "pg";
  }

  private static void createSchema(Kind kind, String schema) {
    Dialect d = Tables.dialect(kind);
    Tables.execute(
        kind,
        kind == Kind.MYSQL
            ? "CREATE DATABASE " + d.quote(schema) + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
            : "CREATE SCHEMA " + d.quote(schema));
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** A RdbSnapshot line's JSON with the given key fields. */
  private static String snapshot(TableRef t, String keyFields) {
    return "{\"type\":\"RdbSnapshot\",\"db_type\":"
        + quoted(t.dbType())
        + ",\"schema\":"
        + quoted(t.schema())
        + ",\"tb\":"
        + quoted(t.table())
        + ","
        + keyFields
        + "}";
  }

  private static String flat(String col, String value) {
    return "\"order_col\":" + quoted(col) + ",\"value\":" + quoted(value);
  }

  private static String single(String col, String value) {
    return "\"order_key\":{\"single\":[" + quoted(col) + "," + quoted(value) + "]}";
  }

  private static String composite(String... colValue) {
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < colValue.length; i += 2) {
      pairs.add(
          "["
              + quoted(colValue[i])
              + ","
              + (colValue[i + 1] == null ? "null" : quoted(colValue[i + 1]))
              + "]");
    }
    return "\"order_key\":{\"composite\":[" + String.join(",", pairs) + "]}";
  }

  private static ResumeDecision at(TableRef t, String json) {
    Position p = PositionJson.read(json).orElseThrow().position();
    return new ResumeDecision(t, false, Optional.of(p), Optional.of("ape-dts position"));
  }

  /** Every row the source delivers for the decision, as text (binary as 0x-hex), sorted. */
  private static List<List<String>> delivered(Source<Row> source, ResumeDecision d) {
    List<List<String>> rows = new ArrayList<>();
    try (Source.Cursor<Row> c = source.open(d)) {
      Batch<Row> b;
      while ((b = c.next()) != null) {
        for (Row r : b.rows()) {
          rows.add(text(r));
        }
      }
    }
    rows.sort(Tables.ROW_ORDER);
    return rows;
  }

  private static List<String> text(Row r) {
    List<String> out = new ArrayList<>();
    for (Object v : r.values()) {
      out.add(
          v == null
              ? null
              : v instanceof byte[] b ? "0x" + HexFormat.of().formatHex(b) : v.toString());
    }
    return out;
  }

  /**
   * The rows of {@code qualified} that {@code where} selects, as {@link Tables#dump} gives them.
   */
  private static List<List<String>> rowsWhere(
      Kind kind, String schema, String qualified, String where) {
    String expected = Tables.dialect(kind).qualified(schema, "expected_" + suffix());
    Tables.execute(
        kind, "CREATE TABLE " + expected + " AS SELECT * FROM " + qualified + " WHERE " + where);
    try {
      return Tables.dump(kind, expected);
    } finally {
      Tables.execute(kind, "DROP TABLE " + expected);
    }
  }

  private static final class Logs implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.checkpoint.jdbc");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Level previous = logger.getLevel();

    Logs() {
      logger.setLevel(Level.INFO);
      appender.start();
      logger.addAppender(appender);
    }

    List<String> at(Level level) {
      synchronized (appender.list) {
        return appender.list.stream()
            .filter(e -> e.getLevel().equals(level))
            .map(ILoggingEvent::getFormattedMessage)
            .collect(Collectors.toList());
      }
    }

    @Override
    public void close() {
      logger.detachAppender(appender);
      logger.setLevel(previous);
    }
  }

  // ---- points 1 and 4: every position form and the files as ape-dts leaves them ----

  private static final String[] FORM_TABLES = {
    "flat_table_*$1",
    "order_key_table_*$2",
    "both_table_*$3",
    "finished_table_*$1",
    "fresh_table_*$5"
  };

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aLogDirectoryInEveryApeDtsFormResumesEachTableAfterItsPosition(Kind kind, @TempDir Path dir)
      throws Exception {
    Dialect d = Tables.dialect(kind);
    String sfx = suffix();
    List<String> schemas = new ArrayList<>(List.of("test_db_@" + sfx));
    if (kind == Kind.POSTGRES) {
      schemas.add("test_db_*.*" + sfx);
    }
    String target = "apedts_target_" + sfx;
    createSchema(kind, target);
    List<String> position = new ArrayList<>();
    List<String> finished = new ArrayList<>();
    for (String schema : schemas) {
      createSchema(kind, schema);
      for (String t : FORM_TABLES) {
        Tables.execute(
            kind,
            "CREATE TABLE "
                + d.qualified(schema, t)
                + " ("
                + d.quote("p.k")
                + " INT PRIMARY KEY, v VARCHAR(20))");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
          rows.add(new Object[] {i, "v" + i});
        }
        Tables.insert(kind, d.qualified(schema, t), List.of("p.k", "v"), rows);
      }
      Tables.execute(
          kind,
          "CREATE TABLE "
              + d.qualified(schema, "composite_table_*$4")
              + " (f_0 INT, f_1 INT, v INT,"
              + " PRIMARY KEY (f_0, f_1))");
      List<Object[]> rows = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        for (int j = 1; j <= 3; j++) {
          rows.add(new Object[] {i, j * 10, i * j});
        }
      }
      Tables.insert(
          kind, d.qualified(schema, "composite_table_*$4"), List.of("f_0", "f_1", "v"), rows);
      String ty = type(kind);
      position.add(
          "2024-10-10 04:04:08.152044 | current_position | "
              + snapshot(TableRef.of(ty, schema, "flat_table_*$1"), flat("p.k", "3")));
      position.add("");
      position.add(
          "2024-10-10 04:04:08.152045 | checkpoint_position | "
              + snapshot(TableRef.of(ty, schema, "order_key_table_*$2"), single("p.k", "2")));
      position.add(
          "2024-10-10 04:04:08.152046 | current_position | "
              + snapshot(TableRef.of(ty, schema, "order_key_table_*$2"), single("p.k", "4")));
      position.add("2024-10-10 04:04:08.152047 | checkpoint_position | {\"type\":\"None\"}");
      position.add(
          "2024-10-10 04:04:08.152048 | current_position | "
              + snapshot(
                  TableRef.of(ty, schema, "composite_table_*$4"),
                  composite("f_0", "2", "f_1", "20")));
      position.add(
          "2024-10-10 04:04:08.152049 | current_position | "
              + snapshot(
                  TableRef.of(ty, schema, "both_table_*$3"),
                  flat("p.k", "5") + "," + single("p.k", "5")));
      finished.add(
          "2024-10-10 04:04:07.803422 | {\"type\":\"RdbSnapshotFinished\",\"db_type\":\""
              + ty
              + "\",\"schema\":"
              + quoted(schema)
              + ",\"tb\":\"finished_table_*$1\"}");
      finished.add("");
    }
    finished.add("2024-10-10 04:04:09.000001 | task finished");
    // ape-dts leaves its last lines without a line end.
    Path logs = Files.createDirectories(dir.resolve("resume_logs"));
    Files.writeString(logs.resolve("position.log"), String.join("\n", position));
    Files.writeString(logs.resolve("finished.log"), String.join("\n", finished));

    JdbcSource source = JdbcSources.auto(Tables.ds(kind)).batchSize(2).build();
    try (LogStore store = LogStore.in(dir.resolve("logs"));
        Checkpointer cp =
            Checkpointer.builder()
                .taskId("interop")
                .store(store)
                .resumeFrom(LogStore.readOnly(logs))
                .build()) {
      for (String schema : schemas) {
        int n = 0;
        for (String t :
            List.of(
                FORM_TABLES[0],
                FORM_TABLES[1],
                FORM_TABLES[2],
                FORM_TABLES[3],
                FORM_TABLES[4],
                "composite_table_*$4")) {
          String copy = d.qualified(target, "t" + n++ + "_" + schemas.indexOf(schema));
          Tables.createTargetLike(kind, copy, d.qualified(schema, t));
          cp.run(TableRef.of(type(kind), schema, t), source, ResumeHarness.sink(kind, copy));
        }
      }
    }
    for (String schema : schemas) {
      int s = schemas.indexOf(schema);
      String pk = d.quote("p.k");
      assertThat(Tables.dump(kind, d.qualified(target, "t0_" + s)))
          .as("flat form, %s", schema)
          .isEqualTo(rowsWhere(kind, target, d.qualified(schema, FORM_TABLES[0]), pk + " > 3"))
          .hasSize(6);
      assertThat(Tables.dump(kind, d.qualified(target, "t1_" + s)))
          .as("order_key.single, %s", schema)
          .isEqualTo(rowsWhere(kind, target, d.qualified(schema, FORM_TABLES[1]), pk + " > 4"))
          .hasSize(5);
      assertThat(Tables.dump(kind, d.qualified(target, "t2_" + s)))
          .as("both forms, %s", schema)
          .isEqualTo(rowsWhere(kind, target, d.qualified(schema, FORM_TABLES[2]), pk + " > 5"))
          .hasSize(4);
      assertThat(Tables.count(kind, d.qualified(target, "t3_" + s)))
          .as("finished, %s", schema)
          .isZero();
      assertThat(Tables.dump(kind, d.qualified(target, "t4_" + s)))
          .as("no position, %s", schema)
          .isEqualTo(Tables.dump(kind, d.qualified(schema, FORM_TABLES[4])));
      assertThat(Tables.dump(kind, d.qualified(target, "t5_" + s)))
          .as("order_key.composite, %s", schema)
          .isEqualTo(
              rowsWhere(
                  kind,
                  target,
                  d.qualified(schema, "composite_table_*$4"),
                  "f_0 > 2 OR (f_0 = 2 AND f_1 > 20)"))
          .hasSize(7);
    }
  }

  // ---- point 5: the key AUTO chooses, as ape-dts chooses it ----

  @ParameterizedTest
  @EnumSource(Kind.class)
  void autoTakesTheNotNullUniqueKeyWithFewestColumnsAndResumesFromItsApeDtsPosition(Kind kind) {
    Dialect d = Tables.dialect(kind);
    String schema = "test_db_@" + suffix();
    createSchema(kind, schema);
    String q = d.qualified(schema, "two_uk_table_*$1");
    Tables.execute(
        kind,
        "CREATE TABLE "
            + q
            + " (a INT NOT NULL, b INT NOT NULL, c INT NOT NULL, v INT,"
            + " CONSTRAINT uk_ab UNIQUE (a, b), CONSTRAINT uk_c UNIQUE (c))");
    List<Object[]> rows = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      rows.add(new Object[] {i % 3, i, 100 - i, i});
    }
    Tables.insert(kind, q, List.of("a", "b", "c", "v"), rows);
    TableRef t = TableRef.of(type(kind), schema, "two_uk_table_*$1");
    JdbcSource source = JdbcSources.auto(Tables.ds(kind)).batchSize(3).build();
    assertThat(ResumeHarness.batches(source, t).get(0).position())
        .isEqualTo(Position.keyed("c", "94"));
    assertThat(delivered(source, at(t, snapshot(t, flat("c", "95") + "," + single("c", "95")))))
        .isEqualTo(rowsWhere(kind, schema, q, "c > 95"))
        .hasSize(4);
  }

  private static final String NULLABLE = "nullable_uk_table_*$1";

  /** A nullable composite unique key (a, b): NULLs repeat, so rows with one are not unique. */
  private static String nullableUkTable(Kind kind, String schema) {
    Dialect d = Tables.dialect(kind);
    createSchema(kind, schema);
    String q = d.qualified(schema, NULLABLE);
    Tables.execute(
        kind,
        "CREATE TABLE "
            + q
            + " ("
            + d.quote("p.k")
            + " INT, b INT, v VARCHAR(10),"
            + " CONSTRAINT uk_pk_b UNIQUE ("
            + d.quote("p.k")
            + ", b))");
    List<Object[]> rows = new ArrayList<>();
    Object[][] keys = {
      {1, 10}, {1, 20}, {2, 10}, {3, 30}, {4, 40}, {5, 50},
      {2, null}, {2, null}, {null, 5}, {null, null}, {null, null}, {6, null}
    };
    for (int i = 0; i < keys.length; i++) {
      rows.add(new Object[] {keys[i][0], keys[i][1], "r" + i});
    }
    Tables.insert(kind, q, List.of("p.k", "b", "v"), rows);
    return q;
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void autoReadsANullableUniqueKeyKeyedWithTheNullRowsInAPassOfTheirOwn(Kind kind) {
    Dialect d = Tables.dialect(kind);
    String schema = "test_db_@" + suffix();
    String q = nullableUkTable(kind, schema);
    TableRef t = TableRef.of(type(kind), schema, NULLABLE);
    JdbcSource source = JdbcSources.auto(Tables.ds(kind)).batchSize(2).build();
    String pk = d.quote("p.k");
    String anyNull = pk + " IS NULL OR b IS NULL";

    // From the start: every row exactly once, the keyed rows first, in key order.
    List<Batch<Row>> batches = ResumeHarness.batches(source, t);
    assertThat(batches.get(0).position())
        .isEqualTo(Position.keyed(List.of(KeyColumn.of("p.k", "1"), KeyColumn.of("b", "20"))));
    assertThat(delivered(source, ResumeDecision.fromStart(t))).isEqualTo(Tables.dump(kind, q));

    // ape-dts's composite position in the keyed rows: the keyed rows after it, then every NULL row.
    assertThat(delivered(source, at(t, snapshot(t, composite("p.k", "2", "b", "10")))))
        .isEqualTo(
            rowsWhere(
                kind, schema, q, "(" + pk + " > 2 OR (" + pk + " = 2 AND b > 10)) OR " + anyNull))
        .hasSize(9);

    // A position in the NULL pass: that pass again from its start, with an INFO line.
    try (Logs logs = new Logs()) {
      assertThat(delivered(source, at(t, snapshot(t, composite("p.k", "2", "b", null)))))
          .isEqualTo(rowsWhere(kind, schema, q, anyNull))
          .hasSize(6);
      assertThat(logs.at(Level.INFO)).anyMatch(m -> m.contains("read again from its start"));
    }

    // A crash after each batch of the keyed rows, then a resume: the target is the source.
    String target = d.qualified(schema, "copy");
    Tables.createTargetLike(kind, target, q);
    for (int k = 0; k <= 3; k++) {
      ResumeHarness.crashResumeAndCompare(kind, t, source, target, q, batches, k);
    }
  }

  // ---- point 6: a position on another key ----

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aPositionOnAnotherKeyIsAnErrorUnlessTheTableMayRestart(Kind kind) {
    Dialect d = Tables.dialect(kind);
    String schema = "test_db_@" + suffix();
    createSchema(kind, schema);
    String q = d.qualified(schema, "finished_table_*$1");
    Tables.execute(kind, "CREATE TABLE " + q + " (" + d.quote("p.k") + " INT PRIMARY KEY, id INT)");
    List<Object[]> rows = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      rows.add(new Object[] {i, 10 * i});
    }
    Tables.insert(kind, q, List.of("p.k", "id"), rows);
    TableRef t = TableRef.of(type(kind), schema, "finished_table_*$1");
    List<ResumeDecision> mismatches =
        List.of(
            at(t, snapshot(t, flat("id", "30") + "," + single("id", "30"))),
            at(t, snapshot(t, composite("p.k", "3", "id", "30"))));
    for (ResumeDecision m : mismatches) {
      JdbcSource strict = JdbcSources.auto(Tables.ds(kind)).build();
      assertThatThrownBy(() -> delivered(strict, m))
          .isInstanceOf(InvalidPositionException.class)
          .hasMessageContaining(t.toString())
          .hasMessageContaining("but the reader's key is (p.k)");
      JdbcSource restart = JdbcSources.auto(Tables.ds(kind)).restartOnKeyMismatch(true).build();
      try (Logs logs = new Logs()) {
        assertThat(delivered(restart, m)).isEqualTo(Tables.dump(kind, q));
        String stored = String.join(", ", ((Position.Keyed) m.position().get()).names());
        assertThat(logs.at(Level.WARN))
            .singleElement()
            .asString()
            .contains(t.toString())
            .contains("has key (" + stored + ")")
            .contains("the table's key is (p.k)")
            .contains("restarting the table");
      }
    }
  }

  // ---- point 7: binary keys as lower-case hex, any character set ----

  private static void binaryKeysResume(
      Kind kind, DataSource ds, Supplier<String> schemaMaker, String charsetNote) {
    Dialect d = Tables.dialect(kind);
    String schema = schemaMaker.get();
    String bin = kind == Kind.MYSQL ? "VARBINARY(16)" : "BYTEA";
    String blob = kind == Kind.MYSQL ? "BLOB" : "BYTEA";
    String single = d.qualified(schema, "bin_table_*$1");
    String comp = d.qualified(schema, "bin_composite_*$2");
    exec(
        ds,
        "CREATE TABLE " + single + " (k " + bin + " PRIMARY KEY, v VARCHAR(20), b " + blob + ")",
        "CREATE TABLE "
            + comp
            + " (k1 "
            + bin
            + " NOT NULL, k2 "
            + bin
            + " NOT NULL, v VARCHAR(20),"
            + " PRIMARY KEY (k1, k2))");
    byte[][] keys = {
      {0x00},
      {0x0a, (byte) 0xff},
      {0x7f},
      {(byte) 0x80, 0x01},
      {(byte) 0xc4, (byte) 0xe3},
      {(byte) 0xff}
    };
    List<Object[]> rows = new ArrayList<>();
    List<Object[]> compRows = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      rows.add(new Object[] {keys[i], "值" + i, keys[i]});
      for (int j = 0; j < 2; j++) {
        compRows.add(new Object[] {keys[i], new byte[] {(byte) (0xa0 + j)}, "中" + i + j});
      }
    }
    insert(ds, kind, single, List.of("k", "v", "b"), rows);
    insert(ds, kind, comp, List.of("k1", "k2", "v"), compRows);
    TableRef ts = TableRef.of(type(kind), schema, "bin_table_*$1");
    TableRef tc = TableRef.of(type(kind), schema, "bin_composite_*$2");
    JdbcSource source = JdbcSources.auto(ds).batchSize(2).build();

    // Written: lower-case hex without a prefix, in single and composite keys.
    assertThat(batches(source, ts).get(0).position())
        .as(charsetNote)
        .isEqualTo(Position.keyed("k", "0aff"));
    assertThat(batches(source, tc).get(0).position())
        .as(charsetNote)
        .isEqualTo(Position.keyed(List.of(KeyColumn.of("k1", "00"), KeyColumn.of("k2", "a1"))));

    // Read: lower- or upper-case hex, and on PostgreSQL with bytea's \x prefix.
    List<String> forms = new ArrayList<>(List.of("7f", "7F"));
    if (kind == Kind.POSTGRES) {
      forms.add("\\x7f");
    }
    for (String v : forms) {
      assertThat(delivered(source, at(ts, snapshot(ts, flat("k", v) + "," + single("k", v)))))
          .as("%s after %s", charsetNote, v)
          .extracting(r -> r.get(0))
          .containsExactly("0x8001", "0xc4e3", "0xff");
      assertThat(delivered(source, at(tc, snapshot(tc, composite("k1", v, "k2", "a0")))))
          .as("%s after (%s, a0)", charsetNote, v)
          .extracting(r -> r.get(0) + "/" + r.get(1))
          .containsExactly(
              "0x7f/0xa1",
              "0x8001/0xa0",
              "0x8001/0xa1",
              "0xc4e3/0xa0",
              "0xc4e3/0xa1",
              "0xff/0xa0",
              "0xff/0xa1");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void binaryKeysAreLowerCaseHexInEveryCharacterSet(Kind kind) throws Exception {
    Dialect d = Tables.dialect(kind);
    DataSource ds = Tables.ds(kind);
    binaryKeysResume(
        kind,
        ds,
        () -> {
          String s = "test_db_@" + suffix();
          createSchema(kind, s);
          return s;
        },
        "utf8");
    if (kind == Kind.MYSQL) {
      binaryKeysResume(
          kind,
          ds,
          () -> {
            String s = "test_db_gb" + suffix();
            Tables.execute(kind, "CREATE DATABASE " + d.quote(s) + " CHARACTER SET gb2312");
            return s;
          },
          "gb2312");
    } else {
      String db = "cp_euc_cn_" + suffix();
      Tables.execute(
          kind,
          "CREATE DATABASE "
              + db
              + " ENCODING 'EUC_CN' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
      String url = TestDatabases.url(kind).replaceFirst("/[^/?]+(\\?|$)", "/" + db + "$1");
      try (com.zaxxer.hikari.HikariDataSource euc = new com.zaxxer.hikari.HikariDataSource()) {
        euc.setJdbcUrl(url);
        euc.setMaximumPoolSize(2);
        binaryKeysResume(
            kind,
            euc,
            () -> {
              String s = "test_db_*.*" + suffix();
              exec(euc, "CREATE SCHEMA " + d.quote(s));
              return s;
            },
            "EUC_CN");
      } finally {
        Tables.execute(kind, "DROP DATABASE IF EXISTS " + db);
      }
    }
  }

  private static List<Batch<Row>> batches(Source<Row> source, TableRef t) {
    return ResumeHarness.batches(source, t);
  }

  private static void exec(DataSource ds, String... sqls) {
    try (java.sql.Connection c = ds.getConnection();
        java.sql.Statement s = c.createStatement()) {
      for (String sql : sqls) {
        s.execute(sql);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e.getMessage() + " [SQL: " + Arrays.toString(sqls) + "]", e);
    }
  }

  private static void insert(
      DataSource ds, Kind kind, String q, List<String> cols, List<Object[]> rows) {
    try (java.sql.Connection c = ds.getConnection()) {
      Tables.insert(c, kind, q, cols, rows);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
