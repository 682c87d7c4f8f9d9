package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.Batch;
import dev.checkpoint.Position;
import dev.checkpoint.SourceChangedException;
import dev.checkpoint.TableRef;
import dev.checkpoint.chunk.Chunk;
import dev.checkpoint.chunk.ChunkPlan;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reading chunks with {@link JdbcSource#open(Chunk, dev.checkpoint.ResumeDecision)} on real MariaDB
 * and PostgreSQL (TestDatabases; a fresh schema per kind): exactly once over a column full of ties
 * and NULLs, and resuming inside a chunk, keyed or by row offset.
 */
class ChunkReadIT {
  private static final Map<Kind, String> SCHEMA = new EnumMap<>(Kind.class);
  static final int TIES = 10_000;
  static final int NOKEY = 600;

  @BeforeAll
  static void createTables() {
    for (Kind kind : Kind.values()) {
      String s = TestDatabases.freshSchema(kind, "chunkread");
      SCHEMA.put(kind, s);
      Dialect d = Tables.dialect(kind);
      Tables.execute(
          kind,
          "CREATE TABLE "
              + d.qualified(s, "ties")
              + " (id BIGINT PRIMARY KEY, grp INT NULL, pad VARCHAR(10))",
          "CREATE INDEX ties_grp ON " + d.qualified(s, "ties") + " (grp)",
          "CREATE TABLE " + d.qualified(s, "growing") + " (id INT PRIMARY KEY, v INT)");
      List<Object[]> ties = new ArrayList<>();
      for (long i = 0; i < TIES; i++) {
        // 7 values and NULLs, each tie far longer than a batch or a chunk
        ties.add(new Object[] {i * 3 + 1, i % 8 == 7 ? null : (int) (i % 7), "p" + i});
      }
      Tables.insert(kind, d.qualified(s, "ties"), List.of("id", "grp", "pad"), ties);
      List<Object[]> growing = new ArrayList<>();
      for (int i = 1; i <= 50; i++) {
        growing.add(new Object[] {i, i});
      }
      Tables.insert(kind, d.qualified(s, "growing"), List.of("id", "v"), growing);
      createNoKey(kind, "nokey");
    }
  }

  /** No primary or unique key: its chunks are read with ROW_SKIP inside them. */
  static void createNoKey(Kind kind, String table) {
    String t = q(kind, table);
    Tables.execute(kind, "CREATE TABLE " + t + " (grp INT NULL, name VARCHAR(20), n INT)");
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < NOKEY; i++) {
      rows.add(new Object[] {i % 6 == 5 ? null : i % 5, "r" + (i * 7 % NOKEY), i});
    }
    Tables.insert(kind, t, List.of("grp", "name", "n"), rows);
  }

  static TableRef ref(Kind kind, String table) {
    return TableRef.of(kind == Kind.MYSQL ? "mysql" : "pg", SCHEMA.get(kind), table);
  }

  static String q(Kind kind, String table) {
    return Tables.dialect(kind).qualified(SCHEMA.get(kind), table);
  }

  /** The rows a plain SELECT finds in the chunk. */
  static List<List<String>> expected(Kind kind, String table, Chunk chunk) {
    return ChunkReads.select(
        kind,
        "SELECT * FROM "
            + q(kind, table)
            + " WHERE "
            + ChunkReads.where(chunk, Tables.dialect(kind)));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void partitionColumnFullOfTiesAndNullsIsReadExactlyOnce(Kind kind) {
    JdbcSource src =
        JdbcSources.auto(Tables.ds(kind)).partitionColumn("grp").batchSize(333).build();
    ChunkPlan plan = src.plan(ref(kind, "ties"), 1000, null);

    assertThat(plan.column()).isEqualTo("grp");
    assertThat(plan.nulls()).isTrue();
    assertThat(plan.bounds()).as("at most one per distinct value").hasSizeBetween(1, 7);
    List<Row> all = new ArrayList<>();
    for (Chunk chunk : plan.chunks()) {
      List<Row> rows = ChunkReads.rows(src, chunk);
      assertThat(ChunkReads.text(rows))
          .as(chunk.describe())
          .containsExactlyInAnyOrderElementsOf(expected(kind, "ties", chunk));
      all.addAll(rows);
    }
    assertThat(ChunkReads.column(all, "id"))
        .hasSize(TIES)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(
            ChunkReads.values(kind, "SELECT id FROM " + q(kind, "ties")));
  }

  /** Two batches, a stop, a resume after the second: the chunk's rows exactly once. */
  private static Position resumeAfterTwoBatches(
      Kind kind, JdbcSource src, String table, Chunk chunk) {
    List<Batch<Row>> two = ChunkReads.firstBatches(src, chunk, 2);
    Position second = two.get(1).position();
    List<Row> rows = ChunkReads.rowsOf(two);
    rows.addAll(
        ChunkReads.rowsOf(ChunkReads.batches(src, chunk, ChunkReads.after(chunk.table(), second))));
    List<List<String>> expected = expected(kind, table, chunk);
    assertThat(expected)
        .as(chunk.describe() + " holds more than two batches")
        .hasSizeGreaterThan(two.get(0).rows().size() * 2);
    assertThat(ChunkReads.text(rows))
        .as(chunk.describe())
        .hasSameSizeAs(expected)
        .containsExactlyInAnyOrderElementsOf(expected);
    return second;
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void resumesInsideAKeyedChunkAfterTheLastBatch(Kind kind) {
    JdbcSource src =
        JdbcSources.auto(Tables.ds(kind)).partitionColumn("grp").batchSize(250).build();
    ChunkPlan plan = src.plan(ref(kind, "ties"), 2000, null);
    List<Chunk> chunks = plan.chunks();

    Position inRange = resumeAfterTwoBatches(kind, src, "ties", chunks.get(0));
    assertThat(inRange).isInstanceOf(Position.Keyed.class);
    // The partition column is not unique: the primary key breaks its ties.
    assertThat(((Position.Keyed) inRange).names()).containsExactly("grp", "id");

    Chunk nulls = chunks.get(chunks.size() - 1);
    assertThat(nulls.nulls()).isTrue();
    Position inNulls = resumeAfterTwoBatches(kind, src, "ties", nulls);
    assertThat(((Position.Keyed) inNulls).values().get(0)).isNull();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void resumesInsideAChunkOfATableWithoutKeyByItsRowOffset(Kind kind) {
    JdbcSource src = JdbcSources.auto(Tables.ds(kind)).batchSize(30).build();
    ChunkPlan plan = src.plan(ref(kind, "nokey"), 150, null);

    assertThat(plan.column()).as("no key: the first column").isEqualTo("grp");
    assertThat(plan.nulls()).isTrue();
    Position inRange = resumeAfterTwoBatches(kind, src, "nokey", plan.chunks().get(0));
    assertThat(inRange).isInstanceOf(Position.RowOffset.class);
    assertThat(((Position.RowOffset) inRange).rows()).as("rows of this chunk").isEqualTo(60);
    List<Chunk> chunks = plan.chunks();
    resumeAfterTwoBatches(kind, src, "nokey", chunks.get(chunks.size() - 1));
    List<Row> all = ChunkReads.readPlan(src, plan);
    assertThat(ChunkReads.column(all, "n")).hasSize(NOKEY).doesNotHaveDuplicates();
    // One range with no bound at all, and the NULL chunk: the range must leave the NULLs out.
    ChunkPlan whole = src.plan(ref(kind, "nokey"), 100_000, null);
    assertThat(whole.bounds()).isEmpty();
    assertThat(whole.chunks()).hasSize(2);
    assertThat(ChunkReads.column(ChunkReads.readPlan(src, whole), "n"))
        .hasSize(NOKEY)
        .doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void changedRowsUnderARowOffsetAreReportedWithTheChunk(Kind kind) {
    createNoKey(kind, "nokey_changed");
    JdbcSource src = JdbcSources.auto(Tables.ds(kind)).batchSize(30).build();
    Chunk chunk = src.plan(ref(kind, "nokey_changed"), 150, null).chunks().get(0);
    List<Batch<Row>> two = ChunkReads.firstBatches(src, chunk, 2);
    Object n = two.get(0).rows().get(0).get("n");
    Tables.execute(kind, "DELETE FROM " + q(kind, "nokey_changed") + " WHERE n = " + n);

    assertThatThrownBy(
            () ->
                ChunkReads.batches(
                    src, chunk, ChunkReads.after(chunk.table(), two.get(1).position())))
        .isInstanceOf(SourceChangedException.class)
        .hasMessageContaining(chunk.describe());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void theLastChunkReadsRowsInsertedAboveThePlannedMaximum(Kind kind) {
    JdbcSource src = JdbcSources.keyed(Tables.ds(kind)).batchSize(7).build();
    ChunkPlan plan = src.plan(ref(kind, "growing"), 10, null);
    assertThat(plan.bounds()).isEqualTo(List.of("10", "20", "30", "40"));
    Tables.insert(
        kind, q(kind, "growing"), List.of("id", "v"), List.<Object[]>of(new Object[] {1000, 0}));

    List<String> ids = ChunkReads.column(ChunkReads.readPlan(src, plan), "id");
    assertThat(ids).doesNotHaveDuplicates().hasSize(51).contains("1000");
    assertThat(ids.subList(0, 3)).isEqualTo(Arrays.asList("1", "2", "3"));
  }
}
