package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.Batch;
import dev.checkpoint.CheckpointException;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.InMemoryStore;
import dev.checkpoint.Position;
import dev.checkpoint.TableRef;
import dev.checkpoint.testkit.CrashAfter;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** ROW_SKIP: re-run the ordered read, skip the committed rows, check the last one's fingerprint. */
class RowSkipReaderIT {
  private static final Map<Kind, String> SCHEMA = new EnumMap<>(Kind.class);

  @BeforeAll
  static void createTables() {
    for (Kind kind : Kind.values()) {
      String s = TestDatabases.freshSchema(kind, "rowskip");
      SCHEMA.put(kind, s);
      Dialect d = Tables.dialect(kind);
      Tables.execute(
          kind,
          "CREATE TABLE "
              + d.qualified(s, "events")
              + " (id INT PRIMARY KEY,"
              + " grp INT NOT NULL, name VARCHAR(30), payload VARBINARY(8))"
                  .replace("VARBINARY(8)", kind == Kind.MYSQL ? "VARBINARY(8)" : "BYTEA"));
      List<Object[]> rows = new ArrayList<>();
      for (int i = 0; i < 45; i++) {
        rows.add(
            new Object[] {
              i * 2 + 1, i % 4, i % 9 == 0 ? null : "event " + (44 - i), new byte[] {(byte) i, 0}
            });
      }
      Tables.insert(kind, d.qualified(s, "events"), List.of("id", "grp", "name", "payload"), rows);
    }
  }

  static Stream<Arguments> kindsAndBatchSizes() {
    return Stream.of(Kind.values())
        .flatMap(k -> Stream.of(1, 7, 1000).map(b -> Arguments.of(k, b)));
  }

  static TableRef ref(Kind kind, String table) {
    return TableRef.of(kind == Kind.MYSQL ? "mysql" : "pg", SCHEMA.get(kind), table);
  }

  static String q(Kind kind, String table) {
    return Tables.dialect(kind).qualified(SCHEMA.get(kind), table);
  }

  private void crashAtEachK(
      Kind kind, TableRef ref, JdbcSource source, String target, String expected) {
    List<Batch<Row>> batches = ResumeHarness.batches(source, ref);
    assertThat(batches.get(0).position()).isInstanceOf(Position.RowOffset.class);
    Tables.createTargetLike(kind, target, expected);
    for (int k : ResumeHarness.ks(batches.size(), List.of(2, 3))) {
      ResumeHarness.crashResumeAndCompare(kind, ref, source, target, expected, batches, k);
    }
  }

  @ParameterizedTest(name = "{0} batch {1}")
  @MethodSource("kindsAndBatchSizes")
  void orderedTableReadSkipsTheCommittedRowsOnTheServer(Kind kind, int batchSize) {
    TableRef ref = ref(kind, "events");
    // grp alone has ties: the primary key is appended so the order is total.
    JdbcSource source =
        JdbcSources.rowSkip(Tables.ds(kind)).table(ref).orderBy("grp").batchSize(batchSize).build();
    crashAtEachK(kind, ref, source, q(kind, "t_events_" + batchSize), q(kind, "events"));
  }

  @ParameterizedTest(name = "{0} batch {1}")
  @MethodSource("kindsAndBatchSizes")
  void queryWithItsOwnOrderBySkipsTheCommittedRowsClientSide(Kind kind, int batchSize) {
    TableRef ref = ref(kind, "events_query");
    String query =
        "SELECT id, name, payload FROM "
            + q(kind, "events")
            + " WHERE grp <> 2 ORDER BY name DESC, id";
    String expected = q(kind, "expected_query_" + batchSize);
    Tables.execute(kind, "DROP TABLE IF EXISTS " + expected);
    Tables.execute(kind, "CREATE TABLE " + expected + " AS " + query);
    JdbcSource source =
        JdbcSources.rowSkip(Tables.ds(kind)).query(query).batchSize(batchSize).build();
    crashAtEachK(kind, ref, source, q(kind, "t_query_" + batchSize), expected);
  }

  /** Copies a fresh table with a crash after batch 2 of 5 rows; returns the store. */
  private InMemoryStore crashAfterTenRows(Kind kind, String table, JdbcSource source) {
    Tables.execute(
        kind,
        "DROP TABLE IF EXISTS " + q(kind, table),
        "CREATE TABLE " + q(kind, table) + " AS SELECT * FROM " + q(kind, "events"));
    String target = q(kind, table + "_target");
    Tables.createTargetLike(kind, target, q(kind, table));
    InMemoryStore store = new InMemoryStore();
    try (Checkpointer cp = ResumeHarness.checkpointer(store)) {
      assertThatThrownBy(
              () ->
                  cp.run(
                      ref(kind, table),
                      CrashAfter.batches(2).source(source),
                      ResumeHarness.sink(kind, target)))
          .isInstanceOf(CrashAfter.SimulatedCrash.class);
    }
    assertThat(store.read("copy").position(ref(kind, table)))
        .hasValueSatisfying(p -> assertThat(((Position.RowOffset) p).rows()).isEqualTo(10));
    return store;
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void changedLastCommittedRowIsDetectedAndNamed(Kind kind) {
    JdbcSource source =
        JdbcSources.rowSkip(Tables.ds(kind))
            .table(ref(kind, "changed"))
            .orderBy("id")
            .batchSize(5)
            .build();
    InMemoryStore store = crashAfterTenRows(kind, "changed", source);
    // Row 10 in id order has id 19.
    Tables.execute(kind, "UPDATE " + q(kind, "changed") + " SET name = 'edited' WHERE id = 19");
    try (Checkpointer cp = ResumeHarness.checkpointer(store)) {
      assertThatThrownBy(() -> cp.run(ref(kind, "changed"), source, rows -> {}))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("source changed: row 10 of " + ref(kind, "changed"))
          .hasMessageContaining("from memory")
          .hasMessageContaining("Reset the table");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void rowInsertedBeforeTheCheckpointShiftsTheRowsAndIsDetected(Kind kind) {
    JdbcSource source =
        JdbcSources.rowSkip(Tables.ds(kind))
            .table(ref(kind, "shifted"))
            .orderBy("id")
            .batchSize(5)
            .build();
    InMemoryStore store = crashAfterTenRows(kind, "shifted", source);
    Tables.execute(
        kind, "INSERT INTO " + q(kind, "shifted") + " (id, grp, name) VALUES (0, 0, 'new')");
    try (Checkpointer cp = ResumeHarness.checkpointer(store)) {
      assertThatThrownBy(() -> cp.run(ref(kind, "shifted"), source, rows -> {}))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("source changed: row 10 of " + ref(kind, "shifted"));
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void sourceWithFewerRowsThanCommittedIsDetected(Kind kind) {
    JdbcSource source =
        JdbcSources.rowSkip(Tables.ds(kind))
            .table(ref(kind, "shrunk"))
            .orderBy("id")
            .batchSize(5)
            .build();
    InMemoryStore store = crashAfterTenRows(kind, "shrunk", source);
    Tables.execute(kind, "DELETE FROM " + q(kind, "shrunk") + " WHERE id > 7");
    try (Checkpointer cp = ResumeHarness.checkpointer(store)) {
      assertThatThrownBy(() -> cp.run(ref(kind, "shrunk"), source, rows -> {}))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining(
              "source changed: " + ref(kind, "shrunk") + " now has fewer than 10 rows");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void rowsAppendedAfterTheCheckpointAreReadOnResume(Kind kind) {
    JdbcSource source =
        JdbcSources.rowSkip(Tables.ds(kind))
            .table(ref(kind, "appended"))
            .orderBy("id")
            .batchSize(5)
            .build();
    InMemoryStore store = crashAfterTenRows(kind, "appended", source);
    Tables.execute(
        kind, "INSERT INTO " + q(kind, "appended") + " (id, grp, name) VALUES (1000, 0, 'late')");
    try (Checkpointer cp = ResumeHarness.checkpointer(store)) {
      assertThat(
              cp.run(
                  ref(kind, "appended"),
                  source,
                  ResumeHarness.sink(kind, q(kind, "appended_target"))))
          .isEqualTo(45 + 1 - 10);
    }
    assertThat(Tables.dump(kind, q(kind, "appended_target")))
        .isEqualTo(Tables.dump(kind, q(kind, "appended")));
  }
}
