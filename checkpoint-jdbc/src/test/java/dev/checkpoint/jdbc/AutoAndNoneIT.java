package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.Batch;
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

/**
 * AUTO picks the primary key, else the smallest NOT NULL unique key, else ROW_SKIP; NONE restarts.
 */
class AutoAndNoneIT {
  private static final Map<Kind, String> SCHEMA = new EnumMap<>(Kind.class);

  @BeforeAll
  static void createTables() {
    for (Kind kind : Kind.values()) {
      String s = TestDatabases.freshSchema(kind, "auto");
      SCHEMA.put(kind, s);
      Dialect d = Tables.dialect(kind);
      Tables.execute(
          kind,
          "CREATE TABLE "
              + d.qualified(s, "with_pk")
              + " (id INT PRIMARY KEY, a INT NOT NULL, b VARCHAR(20))",
          // No primary key; a one-column unique key that allows NULL must lose to the NOT NULL
          // two-column one, and the wider NOT NULL one to the narrower.
          "CREATE TABLE "
              + d.qualified(s, "with_uk")
              + " (id INT, a INT NOT NULL, b VARCHAR(20) NOT NULL,"
              + " c INT NOT NULL, e INT NOT NULL)",
          "CREATE UNIQUE INDEX uk_nullable ON " + d.qualified(s, "with_uk") + " (id)",
          "CREATE UNIQUE INDEX uk_wide ON " + d.qualified(s, "with_uk") + " (c, e, a)",
          "CREATE UNIQUE INDEX uk_narrow ON " + d.qualified(s, "with_uk") + " (b, a)",
          "CREATE TABLE " + d.qualified(s, "heap") + " (a INT, b VARCHAR(20), c DECIMAL(8,2))");
      List<Object[]> rows = new ArrayList<>();
      List<Object[]> uk = new ArrayList<>();
      List<Object[]> heap = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        rows.add(new Object[] {i * 5, i % 3, "b" + i});
        uk.add(new Object[] {i % 10 == 0 ? null : i, i / 10, "b" + (i % 10), i, i});
        // Duplicate rows and NULLs: ordering by every column still reads them all exactly once.
        heap.add(
            new Object[] {
              i % 6 == 0 ? null : i % 7,
              i % 5 == 0 ? null : "h" + (i % 3),
              i % 4 == 0 ? null : new java.math.BigDecimal(i % 2 + ".50")
            });
      }
      Tables.insert(kind, d.qualified(s, "with_pk"), List.of("id", "a", "b"), rows);
      Tables.insert(kind, d.qualified(s, "with_uk"), List.of("id", "a", "b", "c", "e"), uk);
      Tables.insert(kind, d.qualified(s, "heap"), List.of("a", "b", "c"), heap);
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

  private List<Batch<Row>> crashAtEachK(Kind kind, String table, JdbcSource source, int batchSize) {
    TableRef ref = ref(kind, table);
    List<Batch<Row>> batches = ResumeHarness.batches(source, ref);
    String target = q(kind, "t_" + table + "_" + batchSize);
    Tables.createTargetLike(kind, target, q(kind, table));
    for (int k : ResumeHarness.ks(batches.size(), List.of(2, 3))) {
      ResumeHarness.crashResumeAndCompare(kind, ref, source, target, q(kind, table), batches, k);
    }
    return batches;
  }

  @ParameterizedTest(name = "{0} batch {1}")
  @MethodSource("kindsAndBatchSizes")
  void autoReadsByThePrimaryKey(Kind kind, int batchSize) {
    JdbcSource source = JdbcSources.auto(Tables.ds(kind)).batchSize(batchSize).build();
    List<Batch<Row>> batches = crashAtEachK(kind, "with_pk", source, batchSize);
    assertThat(((Position.Keyed) batches.get(0).position()).names()).containsExactly("id");
  }

  @ParameterizedTest(name = "{0} batch {1}")
  @MethodSource("kindsAndBatchSizes")
  void autoWithoutPrimaryKeyReadsByTheSmallestNotNullUniqueKey(Kind kind, int batchSize) {
    JdbcSource source = JdbcSources.auto(Tables.ds(kind)).batchSize(batchSize).build();
    List<Batch<Row>> batches = crashAtEachK(kind, "with_uk", source, batchSize);
    assertThat(((Position.Keyed) batches.get(0).position()).names()).containsExactly("b", "a");
  }

  @ParameterizedTest(name = "{0} batch {1}")
  @MethodSource("kindsAndBatchSizes")
  void autoWithoutAnyUniqueKeyFallsBackToRowSkipOverAllColumns(Kind kind, int batchSize) {
    JdbcSource source = JdbcSources.auto(Tables.ds(kind)).batchSize(batchSize).build();
    List<Batch<Row>> batches = crashAtEachK(kind, "heap", source, batchSize);
    assertThat(batches.get(0).position()).isInstanceOf(Position.RowOffset.class);
  }

  @ParameterizedTest(name = "{0} batch {1}")
  @MethodSource("kindsAndBatchSizes")
  void autoWithAGivenKeyReadsByThatKey(Kind kind, int batchSize) {
    JdbcSource source = JdbcSources.auto(Tables.ds(kind)).key("a").batchSize(batchSize).build();
    List<Batch<Row>> batches = crashAtEachK(kind, "with_pk", source, batchSize);
    assertThat(((Position.Keyed) batches.get(0).position()).names()).containsExactly("a", "id");
  }

  @ParameterizedTest(name = "{0} batch {1}")
  @MethodSource("kindsAndBatchSizes")
  void noneRecordsNoPositionAndReadsEverythingAgainAfterACrash(Kind kind, int batchSize) {
    TableRef ref = ref(kind, "with_pk");
    JdbcSource source = JdbcSources.none(Tables.ds(kind)).batchSize(batchSize).build();
    List<Batch<Row>> batches = ResumeHarness.batches(source, ref);
    assertThat(batches).allMatch(b -> b.position() instanceof Position.None);
    String target = q(kind, "t_none_" + batchSize);
    Tables.createTargetLike(kind, target, q(kind, "with_pk"));
    for (int k : ResumeHarness.ks(batches.size(), List.of())) {
      Tables.execute(kind, "DELETE FROM " + target);
      InMemoryStore store = new InMemoryStore();
      try (Checkpointer cp = ResumeHarness.checkpointer(store)) {
        assertThatThrownBy(
                () ->
                    cp.run(
                        ref,
                        CrashAfter.batches(k).source(source),
                        ResumeHarness.sink(kind, target)))
            .isInstanceOf(CrashAfter.SimulatedCrash.class);
      }
      assertThat(store.read("copy").position(ref)).as("NONE records no position").isEmpty();
      // A partial target of a NONE table is the user's to clear (seed 003 truncates it).
      Tables.execute(kind, "DELETE FROM " + target);
      try (Checkpointer cp = ResumeHarness.checkpointer(store)) {
        assertThat(cp.run(ref, source, ResumeHarness.sink(kind, target))).isEqualTo(40);
      }
      assertThat(Tables.dump(kind, target)).isEqualTo(Tables.dump(kind, q(kind, "with_pk")));
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void noneIgnoresAStoredPosition(Kind kind) {
    TableRef ref = ref(kind, "with_pk");
    InMemoryStore store = new InMemoryStore();
    try (Checkpointer cp = ResumeHarness.checkpointer(store)) {
      cp.committed(ref, Position.keyed("id", "100"), 21);
    }
    JdbcSource source = JdbcSources.none(Tables.ds(kind)).build();
    try (Checkpointer cp = ResumeHarness.checkpointer(store)) {
      assertThat(cp.run(ref, source, rows -> {})).isEqualTo(40);
    }
  }
}
