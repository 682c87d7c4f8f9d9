package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.Batch;
import dev.checkpoint.Position;
import dev.checkpoint.TableRef;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** KEY over real MariaDB and PostgreSQL: crash after batch k, resume, compare row for row. */
class KeyedReaderIT {
  private static final Map<Kind, String> SCHEMA = new EnumMap<>(Kind.class);
  static final int ORDERS = 60;

  @BeforeAll
  static void createTables() {
    for (Kind kind : Kind.values()) {
      String s = TestDatabases.freshSchema(kind, "keyed");
      SCHEMA.put(kind, s);
      Dialect d = Tables.dialect(kind);
      String ts = kind == Kind.MYSQL ? "DATETIME(6)" : "TIMESTAMP(6)";
      Tables.execute(
          kind,
          "CREATE TABLE "
              + d.qualified(s, "orders")
              + " (id BIGINT PRIMARY KEY, ts "
              + ts
              + " NULL, grp INT NOT NULL, name VARCHAR(40), amount DECIMAL(12,3))",
          "CREATE TABLE "
              + d.qualified(s, "pairs")
              + " (a INT NOT NULL, b VARCHAR(20) NOT NULL,"
              + " v INT, PRIMARY KEY (a, b))");
      List<Object[]> orders = new ArrayList<>();
      LocalDateTime base = LocalDateTime.of(2024, 1, 31, 10, 15, 30, 123_456_000);
      for (int i = 0; i < ORDERS; i++) {
        orders.add(
            new Object[] {
              (long) i * 3 + 1,
              i % 7 == 3 ? null : base.plusSeconds((i * 7) % 20).plusNanos(i % 2 * 1000),
              i % 5,
              i % 11 == 0 ? null : "name " + i + (i % 4 == 0 ? "  " : ""),
              new BigDecimal(i + ".250")
            });
      }
      Tables.insert(
          kind, d.qualified(s, "orders"), List.of("id", "ts", "grp", "name", "amount"), orders);
      List<Object[]> pairs = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        pairs.add(new Object[] {i % 9, "b" + (i * 13 % 50), i});
      }
      Tables.insert(kind, d.qualified(s, "pairs"), List.of("a", "b", "v"), pairs);
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
      Kind kind,
      TableRef ref,
      JdbcSource source,
      String target,
      String expected,
      List<Integer> extra) {
    List<Batch<Row>> batches = ResumeHarness.batches(source, ref);
    Tables.createTargetLike(kind, target, expected);
    for (int k : ResumeHarness.ks(batches.size(), extra)) {
      ResumeHarness.crashResumeAndCompare(kind, ref, source, target, expected, batches, k);
    }
  }

  @ParameterizedTest(name = "{0} batch {1}")
  @MethodSource("kindsAndBatchSizes")
  void singleColumnKeyResumesAfterEveryCrashPoint(Kind kind, int batchSize) {
    TableRef ref = ref(kind, "orders");
    JdbcSource source =
        JdbcSources.keyed(Tables.ds(kind)).table(ref).key("id").batchSize(batchSize).build();
    crashAtEachK(
        kind, ref, source, q(kind, "t_single_" + batchSize), q(kind, "orders"), List.of(3));
  }

  @ParameterizedTest(name = "{0} batch {1}")
  @MethodSource("kindsAndBatchSizes")
  void compositeKeyResumesAfterEveryCrashPoint(Kind kind, int batchSize) {
    TableRef ref = ref(kind, "pairs");
    JdbcSource source =
        JdbcSources.keyed(Tables.ds(kind)).table(ref).keys("a", "b").batchSize(batchSize).build();
    List<Batch<Row>> batches = ResumeHarness.batches(source, ref);
    // A crash between two rows with the same first key column exercises the second column.
    int sameA = ResumeHarness.firstBoundary(batches, (x, y) -> x.get("a").equals(y.get("a")));
    if (batchSize < 1000) {
      assertThat(sameA).as("a batch boundary inside one value of a").isPositive();
    }
    crashAtEachK(
        kind, ref, source, q(kind, "t_pairs_" + batchSize), q(kind, "pairs"), List.of(sameA));
  }

  @ParameterizedTest(name = "{0} batch {1}")
  @MethodSource("kindsAndBatchSizes")
  void nonUniqueKeyGetsThePrimaryKeyAsTieBreakerAndResumesOnATie(Kind kind, int batchSize) {
    TableRef ref = ref(kind, "orders");
    JdbcSource source =
        JdbcSources.keyed(Tables.ds(kind)).table(ref).key("grp").batchSize(batchSize).build();
    List<Batch<Row>> batches = ResumeHarness.batches(source, ref);
    assertThat(((Position.Keyed) batches.get(0).position()).names()).containsExactly("grp", "id");
    int tie = ResumeHarness.firstBoundary(batches, (x, y) -> x.get("grp").equals(y.get("grp")));
    if (batchSize < 1000) {
      assertThat(tie).as("a batch boundary on a tie of grp").isPositive();
    }
    crashAtEachK(
        kind, ref, source, q(kind, "t_grp_" + batchSize), q(kind, "orders"), List.of(tie, tie + 1));
  }

  @ParameterizedTest(name = "{0} batch {1}")
  @MethodSource("kindsAndBatchSizes")
  void nullableKeyReadsItsNullRowsInTheirOwnPassAndResumesInsideIt(Kind kind, int batchSize) {
    TableRef ref = ref(kind, "orders");
    JdbcSource source =
        JdbcSources.keyed(Tables.ds(kind)).table(ref).key("ts").batchSize(batchSize).build();
    List<Batch<Row>> batches = ResumeHarness.batches(source, ref);
    List<Row> all = batches.stream().flatMap(b -> b.rows().stream()).toList();
    int firstNull = 0;
    while (all.get(firstNull).get("ts") != null) {
      firstNull++;
    }
    assertThat(all.subList(firstNull, all.size())).allMatch(r -> r.get("ts") == null);
    assertThat(all.subList(firstNull, all.size()))
        .isSortedAccordingTo((x, y) -> Long.compare((Long) x.get("id"), (Long) y.get("id")));
    List<Integer> extra = new ArrayList<>();
    for (int k = 1; k <= batches.size(); k++) {
      Position.Keyed p = (Position.Keyed) batches.get(k - 1).position();
      if (p.values().get(0) == null) {
        extra.add(k); // the first batch that ends inside the NULL pass, and the next one
        extra.add(k + 1);
        break;
      }
    }
    assertThat(extra).as("a batch that ends inside the NULL pass").isNotEmpty();
    int tie =
        ResumeHarness.firstBoundary(batches, (x, y) -> Objects.equals(x.get("ts"), y.get("ts")));
    extra.add(tie);
    crashAtEachK(kind, ref, source, q(kind, "t_ts_" + batchSize), q(kind, "orders"), extra);
  }

  @ParameterizedTest(name = "{0} batch {1}")
  @MethodSource("kindsAndBatchSizes")
  void keyOverTheUsersOwnQueryResumesAfterEveryCrashPoint(Kind kind, int batchSize) {
    TableRef ref = ref(kind, "orders_query");
    String query = "SELECT id, grp, name FROM " + q(kind, "orders") + " WHERE grp <> 3;";
    String expected = q(kind, "expected_query_" + batchSize);
    Tables.execute(kind, "DROP TABLE IF EXISTS " + expected);
    Tables.execute(kind, "CREATE TABLE " + expected + " AS " + query.replace(";", ""));
    JdbcSource source =
        JdbcSources.keyed(Tables.ds(kind)).query(query).key("id").batchSize(batchSize).build();
    crashAtEachK(kind, ref, source, q(kind, "t_query_" + batchSize), expected, List.of());
  }
}
