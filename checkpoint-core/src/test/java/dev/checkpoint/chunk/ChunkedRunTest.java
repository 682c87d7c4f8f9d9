package dev.checkpoint.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.BatchSink;
import dev.checkpoint.InMemoryStore;
import dev.checkpoint.KeyColumn;
import dev.checkpoint.Position;
import dev.checkpoint.PositionJson;
import dev.checkpoint.PositionKey;
import dev.checkpoint.TableRef;
import dev.checkpoint.spi.RecordKinds;
import dev.checkpoint.spi.StoreRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ChunkedRunTest {
  private static final TableRef TABLE = TableRef.of("mysql", "shop", "orders");

  /** 10,000 rows; partition values 0..49 with ties, every 13th row NULL. */
  private static List<ListSource.Row> rows() {
    List<ListSource.Row> rows = new ArrayList<>();
    for (int id = 1; id <= 10_000; id++) {
      rows.add(new ListSource.Row(id, id % 13 == 0 ? null : (id * 7919) % 50));
    }
    return rows;
  }

  private static Map<Integer, Long> counts(List<ListSource.Row> delivered) {
    return delivered.stream()
        .collect(Collectors.groupingBy(ListSource.Row::id, Collectors.counting()));
  }

  private static ChunkedRun.Builder run(InMemoryStore store) {
    return ChunkedRun.builder(store).taskId("t").chunkRows(700).lease(Duration.ofMillis(300));
  }

  @Test
  void fourThreadsDeliverEveryRowOnceAndFinishTheTable() {
    InMemoryStore store = new InMemoryStore();
    List<ListSource.Row> delivered = Collections.synchronizedList(new ArrayList<>());
    ChunkedResult r =
        run(store).threads(4).build().run(TABLE, new ListSource(rows(), 100), delivered::addAll);

    assertThat(r.finished()).isTrue();
    assertThat(r.rows()).isEqualTo(10_000);
    Map<Integer, Long> counts = counts(delivered);
    assertThat(counts).hasSize(10_000);
    assertThat(counts.values()).allMatch(c -> c == 1);
    assertThat(kinds(store))
        .containsEntry(RecordKinds.FINISHED, 1)
        .doesNotContainKey(RecordKinds.POSITION);
  }

  @Test
  void aCrashedRunIsTakenOverFromEachChunksLastPositionOnceItsLeaseExpires() throws Exception {
    InMemoryStore store = new InMemoryStore();
    List<ListSource.Row> delivered = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger calls = new AtomicInteger();
    BatchSink<ListSource.Row> crashing =
        batch -> {
          if (calls.incrementAndGet() == 25) {
            throw new IllegalStateException("simulated crash");
          }
          delivered.addAll(batch);
        };
    ChunkedRun first = run(store).threads(3).workerId("first").build();
    assertThatThrownBy(() -> first.run(TABLE, new ListSource(rows(), 100), crashing))
        .hasMessage("simulated crash");
    int before = delivered.size();
    // The 24 batches before the crash (a chunk's last batch may be short), and what the other two
    // threads finished meanwhile, each stopping after its current batch: never the whole table,
    // as the crashed chunk is not done.
    assertThat(calls.get() - 1).isGreaterThanOrEqualTo(24);
    assertThat(before).isGreaterThanOrEqualTo(24).isLessThan(10_000);

    ChunkedResult second =
        run(store)
            .threads(2)
            .workerId("second")
            .build()
            .run(TABLE, new ListSource(rows(), 100), delivered::addAll);

    assertThat(second.finished()).isTrue();
    assertThat(second.takenOver()).isBetween(1, 3);
    Map<Integer, Long> counts = counts(delivered);
    assertThat(counts).hasSize(10_000);
    assertThat(counts.values()).allMatch(c -> c == 1);
    assertThat(second.rows()).isEqualTo(10_000 - before);
  }

  @Test
  void aWorkerWhoseChunkWasTakenOverWritesNothingMoreToIt() {
    InMemoryStore store = new InMemoryStore();
    List<ListSource.Row> delivered = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger calls = new AtomicInteger();
    BatchSink<ListSource.Row> sink =
        batch -> {
          delivered.addAll(batch);
          if (calls.incrementAndGet() == 3) {
            stealChunkOf(store, batch.get(0));
          }
        };
    ChunkedResult r = run(store).build().run(TABLE, new ListSource(rows(), 100), sink);

    assertThat(r.finished()).isTrue();
    assertThat(r.leasesLost()).isEqualTo(1);
    assertThat(r.takenOver()).isEqualTo(1);
    Map<Integer, Long> counts = counts(delivered);
    assertThat(counts).hasSize(10_000);
    // The refused batch is read again by whoever holds the chunk next: at-least-once, one batch.
    assertThat(counts.values().stream().filter(c -> c == 2).count()).isEqualTo(100);
  }

  /** Another worker takes over the chunk the row is in, with a lease that has already expired. */
  private static void stealChunkOf(InMemoryStore store, ListSource.Row row) {
    for (StoreRecord rec : store.readRecords("t")) {
      if (rec.kind().equals(RecordKinds.CHUNK) && rec.data().contains("\"state\":\"doing\"")) {
        ChunkRecords.State s = ChunkRecords.readState(rec.data(), "");
        String stolen = ChunkRecords.writeState(TABLE, s.claimedBy("thief", 0));
        assertThat(store.compareAndSet("t", rec.kind(), rec.key(), rec.data(), stolen)).isTrue();
        return;
      }
    }
    throw new AssertionError("no chunk in progress for row " + row);
  }

  @Test
  void aPlanIsMadeOnceAndKeptAndTheTablePositionIsTheHighestFinishedBound() {
    InMemoryStore store = new InMemoryStore();
    AtomicInteger plans = new AtomicInteger();
    ListSource source = new ListSource(rows(), 100);
    ChunkedSource<ListSource.Row> counting =
        new ChunkedSource<>() {
          @Override
          public ChunkPlan plan(TableRef table, int chunkRows, String start) {
            plans.incrementAndGet();
            return source.plan(table, chunkRows, start);
          }

          @Override
          public dev.checkpoint.Source.Cursor<ListSource.Row> open(
              Chunk chunk, dev.checkpoint.ResumeDecision within) {
            return source.open(chunk, within);
          }
        };
    List<ListSource.Row> delivered = new ArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                run(store)
                    .build()
                    .run(
                        TABLE,
                        counting,
                        batch -> {
                          if (calls.incrementAndGet() == 40) {
                            throw new IllegalStateException("stop");
                          }
                          delivered.addAll(batch);
                        }))
        .hasMessage("stop");
    String position = record(store, RecordKinds.POSITION);
    ChunkPlan plan = ChunkRecords.readPlan(TABLE, record(store, RecordKinds.CHUNK_PLAN), "");
    // With one thread, chunks finish in some order; the position is the bound of the longest run
    // of finished chunks from the first.
    assertThat(position).isNotNull();
    Position.Keyed at = (Position.Keyed) PositionJson.read(position).orElseThrow().position();
    assertThat(at.names()).containsExactly("p");
    assertThat(plan.bounds()).contains(at.values().get(0));

    run(store).build().run(TABLE, counting, delivered::addAll);
    assertThat(plans).hasValue(1);
    assertThat(counts(delivered)).hasSize(10_000);
  }

  @Test
  void anApeDtsChunkModePositionStartsThePlanAfterItsValue() {
    InMemoryStore store = new InMemoryStore();
    String apeDts =
        PositionJson.write(TABLE, new Position.Keyed(List.of(new KeyColumn("p", "29"))));
    assertThat(store.compareAndSet("t", RecordKinds.POSITION, PositionKey.of(TABLE), null, apeDts))
        .isTrue();
    List<ListSource.Row> delivered = Collections.synchronizedList(new ArrayList<>());
    run(store).threads(2).build().run(TABLE, new ListSource(rows(), 100), delivered::addAll);

    List<Integer> expected =
        rows().stream()
            .filter(r -> r.p() == null || r.p() > 29)
            .map(ListSource.Row::id)
            .sorted()
            .collect(Collectors.toList());
    assertThat(delivered.stream().map(ListSource.Row::id).sorted().collect(Collectors.toList()))
        .isEqualTo(expected);
  }

  @Test
  void aPositionOnAnotherColumnIsRefusedNamingBoth() {
    InMemoryStore store = new InMemoryStore();
    String other =
        PositionJson.write(TABLE, new Position.Keyed(List.of(new KeyColumn("created", "5"))));
    store.compareAndSet("t", RecordKinds.POSITION, PositionKey.of(TABLE), null, other);
    assertThatThrownBy(
            () -> run(store).build().run(TABLE, new ListSource(rows(), 100), batch -> {}))
        .hasMessageContaining("position on column created")
        .hasMessageContaining("split on p");
  }

  @Test
  void aFinishedTableIsSkippedAndResetCopiesItAgain() {
    InMemoryStore store = new InMemoryStore();
    ChunkedRun run = run(store).build();
    List<ListSource.Row> delivered = new ArrayList<>();
    run.run(TABLE, new ListSource(rows(), 100), delivered::addAll);
    ChunkedResult again = run.run(TABLE, new ListSource(rows(), 100), delivered::addAll);
    assertThat(again.finished()).isTrue();
    assertThat(again.rows()).isZero();
    run.reset(TABLE);
    assertThat(store.readRecords("t")).isEmpty();
    run.run(TABLE, new ListSource(rows(), 100), delivered::addAll);
    assertThat(delivered).hasSize(20_000);
  }

  @Test
  void builderNamesTheParameter() {
    InMemoryStore store = new InMemoryStore();
    assertThatThrownBy(() -> ChunkedRun.builder(store).threads(0)).hasMessageContaining("threads");
    assertThatThrownBy(() -> ChunkedRun.builder(store).lease(Duration.ofMillis(5)))
        .hasMessageContaining("lease");
    assertThatThrownBy(() -> ChunkedRun.builder(store).build()).hasMessageContaining("taskId");
  }

  private static String record(InMemoryStore store, String kind) {
    return store.readRecords("t").stream()
        .filter(r -> r.kind().equals(kind))
        .map(StoreRecord::data)
        .findFirst()
        .orElse(null);
  }

  private static Map<String, Integer> kinds(InMemoryStore store) {
    Map<String, Integer> kinds = new HashMap<>();
    store.readRecords("t").forEach(r -> kinds.merge(r.kind(), 1, Integer::sum));
    return kinds;
  }
}
