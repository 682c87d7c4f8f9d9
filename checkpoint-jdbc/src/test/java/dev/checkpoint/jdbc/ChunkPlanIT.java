package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.CheckpointException;
import dev.checkpoint.InvalidPositionException;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.TableRef;
import dev.checkpoint.chunk.Chunk;
import dev.checkpoint.chunk.ChunkPlan;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How {@link JdbcSource#plan} splits tables, on real MariaDB and PostgreSQL (TestDatabases: a URL
 * from the environment, else a local server; each kind gets a fresh schema), and that reading every
 * chunk of a plan returns every row exactly once.
 */
class ChunkPlanIT {
  private static final Map<Kind, String> SCHEMA = new EnumMap<>(Kind.class);
  static final int WORDS = 200;

  @BeforeAll
  static void createTables() {
    for (Kind kind : Kind.values()) {
      String s = TestDatabases.freshSchema(kind, "chunkplan");
      SCHEMA.put(kind, s);
      Dialect d = Tables.dialect(kind);
      // Case-insensitive, unlike String.compareTo: 'k1' < 'K2' < 'k3' in the database.
      String ci = kind == Kind.MYSQL ? "COLLATE utf8mb4_general_ci" : "COLLATE \"en-x-icu\"";
      Tables.execute(
          kind,
          "CREATE TABLE " + d.qualified(s, "dense") + " (id BIGINT PRIMARY KEY, v VARCHAR(20))",
          "CREATE TABLE " + d.qualified(s, "sparse") + " (id BIGINT PRIMARY KEY, v INT)",
          "CREATE TABLE "
              + d.qualified(s, "words")
              + " (name VARCHAR(20) "
              + ci
              + " PRIMARY KEY, n INT NOT NULL)");
      List<Object[]> dense = new ArrayList<>();
      for (long i = 1; i <= 1000; i++) {
        dense.add(new Object[] {i, "v" + i});
      }
      Tables.insert(kind, d.qualified(s, "dense"), List.of("id", "v"), dense);
      List<Object[]> sparse = new ArrayList<>();
      for (int i = 1; i <= 300; i++) {
        sparse.add(new Object[] {i * 5000L, i});
      }
      Tables.insert(kind, d.qualified(s, "sparse"), List.of("id", "v"), sparse);
      List<Object[]> words = new ArrayList<>();
      for (int i = 0; i < WORDS; i++) {
        words.add(new Object[] {(i % 2 == 0 ? "k" : "K") + i, i});
      }
      Tables.insert(kind, d.qualified(s, "words"), List.of("name", "n"), words);
    }
  }

  static TableRef ref(Kind kind, String table) {
    return TableRef.of(kind == Kind.MYSQL ? "mysql" : "pg", SCHEMA.get(kind), table);
  }

  static String q(Kind kind, String table) {
    return Tables.dialect(kind).qualified(SCHEMA.get(kind), table);
  }

  static JdbcSource.Builder auto(Kind kind) {
    return JdbcSources.auto(Tables.ds(kind)).batchSize(37);
  }

  static List<String> range(long from, long to, long step) {
    return LongStream.iterate(from, v -> v <= to, v -> v + step).mapToObj(Long::toString).toList();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void denseIntegerKeyIsSplitEvenlyBetweenMinAndMax(Kind kind) {
    JdbcSource src = auto(kind).build();
    ChunkPlan plan = src.plan(ref(kind, "dense"), 100, null);

    assertThat(plan.column()).isEqualTo("id");
    assertThat(plan.start()).isNull();
    assertThat(plan.nulls()).as("a primary key is NOT NULL").isFalse();
    assertThat(plan.bounds()).isEqualTo(range(100, 900, 100));
    assertThat(plan.chunks()).hasSize(10);
    assertThat(plan.chunks().get(9).hi()).as("the last range is open").isNull();
    List<String> ids = ChunkReads.column(ChunkReads.readPlan(src, plan), "id");
    assertThat(ids).doesNotHaveDuplicates().hasSize(1000);
    assertThat(ids).containsExactlyInAnyOrderElementsOf(range(1, 1000, 1));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void sparseIntegerKeyIsWalked(Kind kind) {
    JdbcSource src = auto(kind).build();
    ChunkPlan plan = src.plan(ref(kind, "sparse"), 50, null);

    // 5000 values per row is too sparse to split evenly: every 50th value, as the index holds them
    assertThat(plan.bounds()).isEqualTo(range(250_000, 1_500_000, 250_000));
    List<String> ids = ChunkReads.column(ChunkReads.readPlan(src, plan), "id");
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(ids)
        .containsExactlyInAnyOrderElementsOf(
            ChunkReads.values(kind, "SELECT id FROM " + q(kind, "sparse")));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void stringKeyIsWalkedInTheColumnsCollation(Kind kind) {
    JdbcSource src = auto(kind).build();
    ChunkPlan plan = src.plan(ref(kind, "words"), 30, null);

    List<String> dbOrder =
        ChunkReads.values(kind, "SELECT name FROM " + q(kind, "words") + " ORDER BY name");
    assertThat(dbOrder)
        .as("the collation orders otherwise than Java")
        .isNotEqualTo(dbOrder.stream().sorted().toList());
    List<String> expected = new ArrayList<>();
    for (int i = 29; i < WORDS; i += 30) {
      expected.add(dbOrder.get(i));
    }
    assertThat(plan.column()).isEqualTo("name");
    assertThat(plan.bounds()).isEqualTo(expected);
    List<String> names = ChunkReads.column(ChunkReads.readPlan(src, plan), "name");
    assertThat(names).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(dbOrder);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void planFromStartCoversOnlyTheRowsAboveIt(Kind kind) {
    JdbcSource src = auto(kind).build();
    ChunkPlan even = src.plan(ref(kind, "dense"), 100, "500");

    assertThat(even.start()).isEqualTo("500");
    assertThat(even.chunks().get(0).lo()).isEqualTo("500");
    assertThat(even.bounds()).isEqualTo(range(600, 900, 100));
    assertThat(ChunkReads.column(ChunkReads.readPlan(src, even), "id"))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(range(501, 1000, 1));

    String start = "K51";
    ChunkPlan walked = src.plan(ref(kind, "words"), 30, start);
    List<String> above =
        ChunkReads.values(
            kind, "SELECT name FROM " + q(kind, "words") + " WHERE name > '" + start + "'");
    assertThat(above).isNotEmpty().hasSizeLessThan(WORDS);
    assertThat(walked.chunks().get(0).lo()).isEqualTo(start);
    assertThat(ChunkReads.column(ChunkReads.readPlan(src, walked), "name"))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(above);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aBigTableIsSplitOnTheStatisticsEstimate(Kind kind) throws SQLException {
    Tables.execute(kind, (kind == Kind.MYSQL ? "ANALYZE TABLE " : "ANALYZE ") + q(kind, "dense"));
    try (Connection c = Tables.ds(kind).getConnection()) {
      long estimate =
          RowEstimate.of(c, Tables.dialect(kind), Relation.table(SCHEMA.get(kind), "dense"));
      assertThat(estimate).isBetween(500L, 2000L);
    }
    JdbcSource src = auto(kind).build();
    ChunkPlan plan = ChunkedReads.plan(src, ref(kind, "dense"), 100, null, 0);

    List<BigInteger> bounds = plan.bounds().stream().map(BigInteger::new).toList();
    assertThat(bounds).hasSizeGreaterThan(3);
    BigInteger step = bounds.get(1).subtract(bounds.get(0));
    for (int i = 1; i < bounds.size(); i++) {
      assertThat(bounds.get(i).subtract(bounds.get(i - 1))).as("even steps").isEqualTo(step);
    }
    assertThat(ChunkReads.column(ChunkReads.readPlan(src, plan), "id"))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(range(1, 1000, 1));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void unknownPartitionColumnIsNamed(Kind kind) {
    JdbcSource src = auto(kind).partitionColumn("no_such").build();

    assertThatThrownBy(() -> src.plan(ref(kind, "dense"), 100, null))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("partition column \"no_such\"")
        .hasMessageContaining("dense")
        .hasMessageContaining("columns: id, v");
    Chunk chunk = new Chunk(ref(kind, "dense"), 1, "no_such", null, null, false);
    assertThatThrownBy(() -> src.open(chunk, ResumeDecision.fromStart(chunk.table())))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("partition column \"no_such\"")
        .hasMessageContaining(chunk.describe());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void userQueryIsRefused(Kind kind) {
    JdbcSource src =
        JdbcSources.keyed(Tables.ds(kind))
            .query("SELECT * FROM " + q(kind, "dense"))
            .keys("id")
            .build();
    TableRef ref = ref(kind, "dense");

    assertThatThrownBy(() -> src.plan(ref, 100, null))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("query")
        .hasMessageContaining("cannot be read in chunks");
    Chunk chunk = new Chunk(ref, 1, "id", null, null, false);
    assertThatThrownBy(() -> src.open(chunk, ResumeDecision.fromStart(ref)))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("cannot be read in chunks");
    assertThatThrownBy(
            () -> JdbcSources.keyed(Tables.ds(kind)).query("SELECT 1").partitionColumn("id"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partitionColumn \"id\"");
    assertThatThrownBy(() -> JdbcSources.auto(Tables.ds(kind)).partitionColumn(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("partitionColumn must not be empty, was \"\"");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void valuesThatDoNotParseAsTheColumnsTypeNameColumnAndValue(Kind kind) {
    JdbcSource src = auto(kind).build();
    TableRef ref = ref(kind, "dense");

    assertThatThrownBy(() -> src.plan(ref, 100, "12x"))
        .isInstanceOf(InvalidPositionException.class)
        .hasMessageContaining("\"12x\"")
        .hasMessageContaining("id (")
        .hasMessageContaining("not a whole number");
    Chunk chunk = new Chunk(ref, 2, "id", "100", "2OO", false);
    assertThatThrownBy(() -> src.open(chunk, ResumeDecision.fromStart(ref)))
        .isInstanceOf(InvalidPositionException.class)
        .hasMessageContaining("\"2OO\"")
        .hasMessageContaining("id (")
        .hasMessageContaining(chunk.describe());
  }
}
