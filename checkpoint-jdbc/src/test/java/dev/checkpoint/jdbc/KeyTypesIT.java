package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.Batch;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.TableRef;
import dev.checkpoint.jdbc.KeyTypes.KeyType;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
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

/** Every key type, bound exactly: crash-and-resume per type, a wide table, position round trips. */
class KeyTypesIT {
  private static final Map<Kind, String> SCHEMA = new EnumMap<>(Kind.class);

  @BeforeAll
  static void createTables() {
    for (Kind kind : Kind.values()) {
      String s = TestDatabases.freshSchema(kind, "types");
      SCHEMA.put(kind, s);
      Dialect d = Tables.dialect(kind);
      for (KeyType t : KeyTypes.of(kind)) {
        String table = d.qualified(s, "key_" + t.name());
        Tables.execute(
            kind,
            "CREATE TABLE "
                + table
                + " (k "
                + t.sqlType()
                + " NOT NULL PRIMARY KEY,"
                + " note VARCHAR(20))");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < t.values().size(); i++) {
          rows.add(new Object[] {t.values().get(i), "row " + i});
        }
        Collections.reverse(rows); // insertion order is not key order
        Tables.insert(kind, table, List.of("k", "note"), rows);
      }
      Tables.execute(
          kind,
          "CREATE TABLE "
              + d.qualified(s, "key_boolean")
              + " (b BOOLEAN NOT NULL, id INT NOT NULL, note VARCHAR(20), PRIMARY KEY (b, id))");
      List<Object[]> rows = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        rows.add(new Object[] {i % 3 == 0, i, "row " + i});
      }
      Tables.insert(kind, d.qualified(s, "key_boolean"), List.of("b", "id", "note"), rows);
      createWideTable(kind, s, d);
    }
  }

  /** One column of every type (and a few more the readers pass through), some NULL. */
  private static void createWideTable(Kind kind, String s, Dialect d) {
    List<KeyType> types = KeyTypes.of(kind);
    StringBuilder ddl =
        new StringBuilder("CREATE TABLE " + d.qualified(s, "wide") + " (id BIGINT PRIMARY KEY");
    List<String> cols = new ArrayList<>(List.of("id"));
    for (KeyType t : types) {
      ddl.append(", ")
          .append(d.quote("c " + t.name()))
          .append(' ')
          .append(t.sqlType())
          .append(" NULL");
      cols.add("c " + t.name());
    }
    ddl.append(", c_bool BOOLEAN NULL");
    cols.add("c_bool");
    List<Object> extra;
    if (kind == Kind.MYSQL) {
      ddl.append(
          ", c_tinyint1 TINYINT(1), c_year YEAR, c_enum ENUM('x','y'), c_text TEXT,"
              + " c_blob BLOB, c_json JSON, c_bit8 BIT(8)");
      cols.addAll(
          List.of("c_tinyint1", "c_year", "c_enum", "c_text", "c_blob", "c_json", "c_bit8"));
      extra =
          List.of(
              2, 2024, "y", "long text ✓", new byte[] {0, 1, 2}, "{\"a\": [1, 2]}", new byte[] {5});
    } else {
      ddl.append(
          ", c_text TEXT, c_jsonb JSONB, c_inet INET, c_interval INTERVAL, c_bit BIT(3),"
              + " c_money NUMERIC(10,2)");
      cols.addAll(List.of("c_text", "c_jsonb", "c_inet", "c_interval", "c_bit", "c_money"));
      extra = null;
    }
    Tables.execute(kind, ddl.append(")").toString());
    String table = d.qualified(s, "wide");
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      List<Object> row = new ArrayList<>();
      row.add((long) i);
      for (int j = 0; j < types.size(); j++) {
        List<Object> vs = types.get(j).values();
        row.add((i + j) % 5 == 0 ? null : vs.get(i % vs.size()));
      }
      row.add(i % 4 == 0 ? null : i % 2 == 0);
      if (extra != null) {
        for (int j = 0; j < extra.size(); j++) {
          row.add((i + j) % 6 == 0 ? null : extra.get(j));
        }
      }
      rows.add(row.toArray());
    }
    Tables.insert(kind, table, cols.subList(0, rows.get(0).length), rows);
    if (kind == Kind.POSTGRES) {
      Tables.execute(
          kind,
          "UPDATE "
              + table
              + " SET c_text = 'text ' || id, c_jsonb = '{\"a\": [1, 2]}',"
              + " c_inet = '10.0.0.1', c_interval = '1 day 02:03:04.5', c_bit = B'101', c_money = 1.25"
              + " WHERE id % 3 <> 0");
    }
  }

  static TableRef ref(Kind kind, String table) {
    return TableRef.of(kind == Kind.MYSQL ? "mysql" : "pg", SCHEMA.get(kind), table);
  }

  static String q(Kind kind, String table) {
    return Tables.dialect(kind).qualified(SCHEMA.get(kind), table);
  }

  static Stream<Arguments> typesAndBatchSizes() {
    return Stream.of(Kind.values())
        .flatMap(
            k ->
                KeyTypes.of(k).stream()
                    .flatMap(t -> Stream.of(1, 7, 1000).map(b -> Arguments.of(k, t, b))));
  }

  static Stream<Arguments> types() {
    return Stream.of(Kind.values())
        .flatMap(k -> KeyTypes.of(k).stream().map(t -> Arguments.of(k, t)));
  }

  static Stream<Arguments> kindsAndBatchSizes() {
    return Stream.of(Kind.values())
        .flatMap(k -> Stream.of(1, 7, 1000).map(b -> Arguments.of(k, b)));
  }

  private void crashAtEachK(Kind kind, String table, JdbcSource source, int batchSize) {
    TableRef ref = ref(kind, table);
    List<Batch<Row>> batches = ResumeHarness.batches(source, ref);
    String target = q(kind, "t_" + table + "_" + batchSize);
    Tables.createTargetLike(kind, target, q(kind, table));
    for (int k : ResumeHarness.ks(batches.size(), List.of(2, 3))) {
      ResumeHarness.crashResumeAndCompare(kind, ref, source, target, q(kind, table), batches, k);
    }
  }

  @ParameterizedTest(name = "{0} {1} batch {2}")
  @MethodSource("typesAndBatchSizes")
  void keyOfEachTypeResumesAfterEveryCrashPoint(Kind kind, KeyType type, int batchSize) {
    String table = "key_" + type.name();
    JdbcSource source =
        JdbcSources.keyed(Tables.ds(kind))
            .table(ref(kind, table))
            .key("k")
            .batchSize(batchSize)
            .build();
    crashAtEachK(kind, table, source, batchSize);
  }

  @ParameterizedTest(name = "{0} batch {1}")
  @MethodSource("kindsAndBatchSizes")
  void booleanCompositeKeyResumesAfterEveryCrashPoint(Kind kind, int batchSize) {
    JdbcSource source =
        JdbcSources.keyed(Tables.ds(kind))
            .table(ref(kind, "key_boolean"))
            .keys("b", "id")
            .batchSize(batchSize)
            .build();
    List<Batch<Row>> batches = ResumeHarness.batches(source, ref(kind, "key_boolean"));
    assertThat(batches.get(0).rows().get(0).get("b")).isEqualTo(false);
    assertThat(batches.stream().map(b -> ((Position.Keyed) b.position()).values().get(0)))
        .as("positions hold booleans as true/false")
        .containsAnyOf("false", "true")
        .allMatch(v -> v.equals("true") || v.equals("false"));
    crashAtEachK(kind, "key_boolean", source, batchSize);
  }

  @ParameterizedTest(name = "{0} batch {1}")
  @MethodSource("kindsAndBatchSizes")
  void everyTypeIsCopiedExactlyAcrossACrash(Kind kind, int batchSize) {
    JdbcSource source =
        JdbcSources.keyed(Tables.ds(kind)).table(ref(kind, "wide")).batchSize(batchSize).build();
    crashAtEachK(kind, "wide", source, batchSize);
  }

  @ParameterizedTest(name = "{0} batch {1}")
  @MethodSource("kindsAndBatchSizes")
  void everyTypeIsCopiedExactlyByRowSkipWhoseFingerprintCoversEveryType(Kind kind, int batchSize) {
    JdbcSource source =
        JdbcSources.rowSkip(Tables.ds(kind))
            .table(ref(kind, "wide"))
            .orderBy("id")
            .batchSize(batchSize)
            .build();
    crashAtEachK(kind, "wide", source, batchSize);
  }

  @ParameterizedTest(name = "{0} batch {1}")
  @MethodSource("kindsAndBatchSizes")
  void everyTypeIsCopiedExactlyByAuto(Kind kind, int batchSize) {
    JdbcSource source =
        JdbcSources.auto(Tables.ds(kind)).table(ref(kind, "wide")).batchSize(batchSize).build();
    crashAtEachK(kind, "wide", source, batchSize);
  }

  /**
   * Value read, encoded into the position, decoded and bound: {@code k = ?} selects exactly the row
   * it was read from, and {@code k > ?} starts at the next one.
   */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("types")
  void positionOfEachTypeBindsBackToExactlyTheSameRow(Kind kind, KeyType type) throws Exception {
    String table = "key_" + type.name();
    TableRef ref = ref(kind, table);
    JdbcSource source = JdbcSources.keyed(Tables.ds(kind)).table(ref).key("k").batchSize(1).build();
    List<Batch<Row>> batches = ResumeHarness.batches(source, ref);
    assertThat(batches).hasSize(type.values().size());
    try (Connection c = Tables.ds(kind).getConnection()) {
      Dialect d = Dialect.detect(c);
      KeyPlan plan =
          KeyPlan.resolve(c, d, Relation.table(SCHEMA.get(kind), table), List.of("k"), ref);
      Column k = plan.key.get(0);
      for (int i = 0; i < batches.size(); i++) {
        Position.Keyed p = (Position.Keyed) batches.get(i).position();
        String text = p.values().get(0);
        Object decoded = k.type().decode(text, d);
        try (PreparedStatement ps =
            c.prepareStatement("SELECT * FROM " + q(kind, table) + " WHERE k = ?")) {
          int sqlType = k.type().bindSqlType(d);
          Object v = k.type().bindValue(decoded, d);
          if (sqlType == Types.NULL) {
            ps.setObject(1, v);
          } else {
            ps.setObject(1, v, sqlType);
          }
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).as("%s: k = %s finds its row", type, text).isTrue();
            assertThat(rs.getString("note")).isEqualTo(batches.get(i).rows().get(0).get("note"));
            assertThat(k.type().encode(k.type().read(rs, 1))).isEqualTo(text);
            assertThat(rs.next()).as("%s: k = %s finds one row", type, text).isFalse();
          }
        }
        ResumeDecision after = new ResumeDecision(ref, false, Optional.of(p), Optional.of("test"));
        KeysetQuery next = KeysetQuery.forTable(c, after, "k");
        try (PreparedStatement ps = next.prepare(c);
            ResultSet rs = ps.executeQuery()) {
          if (i + 1 < batches.size()) {
            assertThat(rs.next()).as("%s: a row after %s", type, text).isTrue();
            assertThat(rs.getString("note"))
                .as("%s: the row after %s", type, text)
                .isEqualTo(batches.get(i + 1).rows().get(0).get("note"));
          } else {
            assertThat(rs.next()).as("%s: nothing after the last key %s", type, text).isFalse();
          }
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void keysReadBackInTheDatabasesOrder(Kind kind) {
    for (KeyType type : KeyTypes.of(kind)) {
      TableRef ref = ref(kind, "key_" + type.name());
      JdbcSource source =
          JdbcSources.keyed(Tables.ds(kind)).table(ref).key("k").batchSize(100).build();
      List<Object> read =
          ResumeHarness.batches(source, ref).get(0).rows().stream()
              .map(r -> r.get("note"))
              .toList();
      List<Object> inserted = new ArrayList<>();
      for (int i = 0; i < type.values().size(); i++) {
        inserted.add("row " + i);
      }
      assertThat(read)
          .as("%s keys come in the order they were listed", type)
          .containsExactlyInAnyOrderElementsOf(inserted);
    }
  }
}
