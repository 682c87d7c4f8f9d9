package dev.checkpoint.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.InMemoryStore;
import dev.checkpoint.Position;
import dev.checkpoint.PositionStore;
import dev.checkpoint.StoreException;
import dev.checkpoint.Strategy;
import dev.checkpoint.TableRef;
import dev.checkpoint.TableStatus;
import dev.checkpoint.spi.ForwardingStore;
import dev.checkpoint.spi.RecordChange;
import dev.checkpoint.spi.RecordSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class TableRunnerTest {
  /** Stands for the process dying in the middle of a batch: nothing after it reaches the store. */
  static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrash() {
      super("simulated crash");
    }
  }

  private final InMemoryStore store = new InMemoryStore();
  private ListAppender<ILoggingEvent> logs;

  @BeforeEach
  void captureRunnerLog() {
    logs = new ListAppender<>();
    logs.start();
    Logger runner = (Logger) LoggerFactory.getLogger(TableRunner.class);
    runner.setLevel(Level.INFO);
    runner.addAppender(logs);
  }

  @AfterEach
  void release() {
    Logger runner = (Logger) LoggerFactory.getLogger(TableRunner.class);
    runner.detachAppender(logs);
    runner.setLevel(null);
  }

  private RunResult run(List<MemoryTable> tables, Consumer<TableRunner.Builder> settings) {
    return run(store, tables, settings);
  }

  private static RunResult run(
      PositionStore store, List<MemoryTable> tables, Consumer<TableRunner.Builder> settings) {
    tables.forEach(MemoryTable::newRun);
    try (Checkpointer cp =
        Checkpointer.builder()
            .taskId("task")
            .store(store)
            .policy(CheckpointPolicy.everyBatch())
            .build()) {
      TableRunner.Builder b = TableRunner.builder(cp);
      tables.forEach(t -> b.job(t.job()));
      settings.accept(b);
      return b.build().run();
    }
  }

  private static List<MemoryTable> tables(int n, int rows, Strategy strategy) {
    List<MemoryTable> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(new MemoryTable(String.format("t%02d", i), rows, strategy, 10));
    }
    return out;
  }

  private Map<TableRef, TableStatus> statuses() {
    return store.readStatuses("task");
  }

  private List<String> logLines(Level level) {
    return logs.list.stream()
        .filter(e -> e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .collect(Collectors.toList());
  }

  @Test
  void aFailedTableIsRecordedTheRunGoesOnAndTheNextRunRetriesItFromItsPosition() {
    List<MemoryTable> t = tables(3, 50, Strategy.KEY);
    t.get(1).failAfterBatches = 2;
    RunResult first = run(t, b -> {});
    assertThat(first.succeeded()).isFalse();
    assertThat(first.tables())
        .extracting(TableResult::outcome)
        .containsExactly(
            TableResult.Outcome.COMPLETED,
            TableResult.Outcome.FAILED,
            TableResult.Outcome.COMPLETED);
    assertThat(first.failures().get(0).detail()).contains("target of t02 is down");
    TableStatus failed = statuses().get(t.get(1).ref);
    assertThat(failed.state()).isEqualTo(TableStatus.State.FAILED);
    assertThat(failed.rows()).isEqualTo(20);
    assertThat(failed.error()).contains("target of t02 is down");
    assertThat(store.read("task").position(t.get(1).ref)).contains(Position.keyed("id", "20"));

    t.get(1).failAfterBatches = -1;
    RunResult second = run(t, b -> {});
    assertThat(second.succeeded()).isTrue();
    assertThat(second.tables())
        .extracting(TableResult::outcome)
        .containsExactly(
            TableResult.Outcome.SKIPPED,
            TableResult.Outcome.COMPLETED,
            TableResult.Outcome.SKIPPED);
    assertThat(t.get(1).opened)
        .last()
        .satisfies(d -> assertThat(d.position()).contains(Position.keyed("id", "20")));
    assertThat(second.rows()).as("only the rest of the failed table").isEqualTo(30);
    for (MemoryTable m : t) {
      assertThat(m.target).as(m.ref.table()).isEqualTo(m.source);
      assertThat(statuses().get(m.ref).state()).isEqualTo(TableStatus.State.COMPLETED);
      assertThat(statuses().get(m.ref).rows())
          .as("rows of %s over both runs", m.ref.table())
          .isEqualTo(50);
    }
  }

  @Test
  void aCrashedRunResumesTheInterruptedTableAndCountsContinue() {
    List<MemoryTable> t = tables(2, 30, Strategy.KEY);
    MemoryTable crashing = t.get(1);
    TableJob<Integer> real = crashing.job();
    AtomicInteger batches = new AtomicInteger();
    TableJob<Integer> dying =
        TableJob.<Integer>builder(crashing.ref)
            .source(real.source())
            .sink(
                rows -> {
                  if (batches.incrementAndGet() == 2) {
                    throw new SimulatedCrash();
                  }
                  real.sink().accept(rows);
                })
            .build();
    try (Checkpointer cp =
        Checkpointer.builder()
            .taskId("task")
            .store(store)
            .policy(CheckpointPolicy.everyBatch())
            .build()) {
      TableRunner runner = TableRunner.builder(cp).job(t.get(0).job()).job(dying).build();
      assertThatThrownBy(runner::run).isInstanceOf(SimulatedCrash.class);
    }
    assertThat(statuses().get(crashing.ref).state()).isEqualTo(TableStatus.State.IN_PROGRESS);
    assertThat(statuses().get(crashing.ref).rows()).isEqualTo(10);
    RunResult second = run(t, b -> {});
    assertThat(second.succeeded()).isTrue();
    assertThat(crashing.target).isEqualTo(crashing.source);
    assertThat(statuses().get(crashing.ref).rows()).isEqualTo(30);
    assertThat(second.tables().get(1).rowsThisRun()).isEqualTo(20);
  }

  @Test
  void startFromKeepsTheOrderAndLeavesTheTablesBeforeItUntouched() {
    List<MemoryTable> t = tables(5, 10, Strategy.KEY);
    List<TableRef> started = new ArrayList<>();
    RunResult r =
        run(
            t,
            b ->
                b.startFrom("t03")
                    .listener(
                        new RunListener() {
                          @Override
                          public void tableStarted(TableEvent e) {
                            started.add(e.table());
                          }
                        }));
    assertThat(started).containsExactly(t.get(2).ref, t.get(3).ref, t.get(4).ref);
    assertThat(r.succeeded()).isTrue();
    assertThat(r.skipped()).isEqualTo(2);
    assertThat(r.tables().get(0).detail()).isEqualTo("before the start-from table mem:s.t03");
    assertThat(t.get(0).opened).isEmpty();
    assertThat(statuses()).doesNotContainKeys(t.get(0).ref, t.get(1).ref);
    RunResult all = run(t, b -> {});
    assertThat(all.completed()).as("the tables before the start run next time").isEqualTo(2);
  }

  @Test
  void startFromMustNameExactlyOneTableOfTheRun() {
    List<MemoryTable> t = tables(2, 1, Strategy.KEY);
    try (Checkpointer cp = Checkpointer.builder().taskId("task").store(store).build()) {
      TableRunner.Builder b = TableRunner.builder(cp).job(t.get(0).job()).job(t.get(1).job());
      assertThatThrownBy(() -> b.startFrom("orders").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("startFrom \"orders\" is not a table of this run");
      TableJob<Integer> sameNameOtherSchema =
          TableJob.<Integer>builder(TableRef.of("mem", "other", "t01"))
              .source(d -> null)
              .sink(rows -> {})
              .build();
      b.job(sameNameOtherSchema);
      assertThatThrownBy(() -> b.startFrom("t01").build())
          .hasMessageContaining("matches 2 tables")
          .hasMessageContaining("schema.table");
      assertThat(b.startFrom("other.t01").build()).isNotNull();
      assertThatThrownBy(() -> b.job(t.get(0).job())).hasMessage("table mem:s.t01 is added twice");
    }
  }

  @Test
  void stopOnFailureStopsStartingTablesAndTheRunFails() {
    List<MemoryTable> t = tables(4, 10, Strategy.KEY);
    t.get(1).failAfterBatches = 0;
    RunResult r = run(t, b -> b.stopOnFailure(true));
    assertThat(r.tables())
        .extracting(TableResult::outcome)
        .containsExactly(
            TableResult.Outcome.COMPLETED, TableResult.Outcome.FAILED,
            TableResult.Outcome.NOT_RUN, TableResult.Outcome.NOT_RUN);
    assertThat(r.tables().get(2).detail()).contains("stopped at the first failure (mem:s.t02)");
    assertThat(r.succeeded()).isFalse();
    assertThat(t.get(2).opened).isEmpty();
  }

  @Test
  void resetOfOneTableReadsItAgainAndResetAllStartsFresh() {
    List<MemoryTable> t = tables(3, 20, Strategy.KEY);
    run(t, b -> {});
    t.forEach(m -> m.target.clear());
    RunResult one = run(t, b -> b.reset(t.get(1).ref));
    assertThat(one.tables())
        .extracting(TableResult::outcome)
        .containsExactly(
            TableResult.Outcome.SKIPPED,
            TableResult.Outcome.COMPLETED,
            TableResult.Outcome.SKIPPED);
    assertThat(t.get(1).target).isEqualTo(t.get(1).source);
    assertThat(statuses().get(t.get(1).ref).rows()).as("counted afresh").isEqualTo(20);

    t.forEach(m -> m.target.clear());
    RunResult all = run(t, TableRunner.Builder::resetAll);
    assertThat(all.completed()).isEqualTo(3);
    t.forEach(m -> assertThat(m.target).isEqualTo(m.source));
    assertThat(logLines(Level.INFO))
        .contains("resetting every table of task task: the run starts fresh");
  }

  @Test
  void anInterruptedNoneStrategyTableIsTruncatedBeforeItIsReadAgain() {
    MemoryTable none = new MemoryTable("events", 40, Strategy.NONE, 10);
    none.failAfterBatches = 3;
    RunResult first = run(List.of(none), b -> {});
    assertThat(first.failed()).isEqualTo(1);
    assertThat(none.target).hasSize(30);
    assertThat(statuses().get(none.ref).rows()).isEqualTo(30);

    none.failAfterBatches = -1;
    List<String> truncated = new ArrayList<>();
    RunResult second =
        run(
            List.of(none),
            b ->
                b.listener(
                    new RunListener() {
                      @Override
                      public void tableTruncated(TableEvent e, String reason) {
                        truncated.add(e.table().table() + ": " + reason);
                      }
                    }));
    assertThat(second.succeeded()).isTrue();
    assertThat(none.truncations).hasValue(1);
    assertThat(none.target).as("no rows of the interrupted run left").isEqualTo(none.source);
    assertThat(statuses().get(none.ref).rows()).isEqualTo(40);
    assertThat(truncated)
        .containsExactly("events: it was started before and cannot resume mid-way (strategy NONE)");
    assertThat(logLines(Level.INFO))
        .contains(
            "truncating the target of mem:s.events before reading it again from the beginning: it was"
                + " started before and cannot resume mid-way (strategy NONE)");
  }

  @Test
  void aKeyedTableThatDiedBeforeItsFirstPositionWasRecordedIsTruncatedToo() {
    // Under an hourly policy the sink commits batches long before a position reaches the store.
    MemoryTable orders = new MemoryTable("orders", 30, Strategy.KEY, 10);
    FailingStore dying = new FailingStore(store, Integer.MAX_VALUE);
    Checkpointer cp =
        Checkpointer.builder()
            .taskId("task")
            .store(dying)
            .policy(CheckpointPolicy.every(java.time.Duration.ofHours(1)))
            .build();
    TableJob<Integer> real = orders.job();
    AtomicInteger batches = new AtomicInteger();
    TableJob<Integer> crashing =
        TableJob.<Integer>builder(orders.ref)
            .source(real.source())
            .sink(
                rows -> {
                  real.sink().accept(rows);
                  if (batches.incrementAndGet() == 2) {
                    dying.kill(); // the process dies: nothing more reaches the store
                    throw new SimulatedCrash();
                  }
                })
            .build();
    assertThatThrownBy(() -> TableRunner.builder(cp).job(crashing).build().run())
        .isInstanceOf(SimulatedCrash.class);
    assertThatThrownBy(cp::close).isInstanceOf(StoreException.class);
    assertThat(orders.target).hasSize(20);
    assertThat(store.read("task").position(orders.ref)).isEmpty();

    RunResult r = run(List.of(orders), b -> {});
    assertThat(r.succeeded()).isTrue();
    assertThat(orders.truncations).hasValue(1);
    assertThat(orders.target)
        .as("no duplicates of the 20 rows committed before the crash")
        .isEqualTo(orders.source);
  }

  @Test
  void aNoneStrategyTableThatWasNeverStartedIsNotTruncated() {
    MemoryTable none = new MemoryTable("events", 5, Strategy.NONE, 10);
    assertThat(run(List.of(none), b -> {}).succeeded()).isTrue();
    assertThat(none.truncations).hasValue(0);
  }

  @Test
  void withTruncationOffAPartialTableIsReadAgainOverItsTargetWithAWarning() {
    MemoryTable none = new MemoryTable("events", 20, Strategy.NONE, 10);
    none.failAfterBatches = 1;
    run(List.of(none), b -> {});
    none.failAfterBatches = -1;
    RunResult r = run(List.of(none), b -> b.truncatePartial(false));
    assertThat(r.succeeded()).isTrue();
    assertThat(none.truncations).hasValue(0);
    assertThat(none.target).hasSize(30);
    assertThat(logLines(Level.WARN))
        .anyMatch(
            l -> l.startsWith("mem:s.events is partial") && l.contains("truncatePartial is off"));
  }

  @Test
  void aChangedSourceUnderARowOffsetIsTruncatedAndReadAgainFromTheStart() {
    MemoryTable rows = new MemoryTable("report", 30, Strategy.ROW_SKIP, 10);
    rows.failAfterBatches = 2;
    run(List.of(rows), b -> {});
    assertThat(store.read("task").position(rows.ref)).contains(Position.rowOffset(20, "20"));
    rows.failAfterBatches = -1;
    rows.source.add(0, 0); // a row appears before the committed ones
    RunResult r = run(List.of(rows), b -> {});
    assertThat(r.succeeded()).isTrue();
    assertThat(rows.truncations).hasValue(1);
    assertThat(rows.target).isEqualTo(rows.source);
    assertThat(statuses().get(rows.ref).rows()).isEqualTo(31);
    assertThat(logLines(Level.INFO))
        .anyMatch(
            l ->
                l.startsWith("truncating the target of mem:s.report")
                    && l.contains("its source changed"));
  }

  @Test
  void tablesRunInParallelOnABoundedPoolEachWithItsOwnPosition() {
    List<MemoryTable> t = tables(12, 200, Strategy.KEY);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Map<String, String> threads = new ConcurrentHashMap<>();
    List<TableJob<Integer>> jobs = new ArrayList<>();
    for (MemoryTable m : t) {
      TableJob<Integer> real = m.job();
      jobs.add(
          TableJob.<Integer>builder(m.ref)
              .source(real.source())
              .sink(
                  rows -> {
                    int now = inFlight.incrementAndGet();
                    most.accumulateAndGet(now, Math::max);
                    threads.put(m.ref.table(), Thread.currentThread().getName());
                    Thread.sleep(2);
                    real.sink().accept(rows);
                    inFlight.decrementAndGet();
                  })
              .build());
    }
    RunResult r;
    try (Checkpointer cp =
        Checkpointer.builder()
            .taskId("task")
            .store(store)
            .policy(CheckpointPolicy.everyBatch())
            .build()) {
      r = TableRunner.builder(cp).jobs(jobs).parallelism(4).build().run();
    }
    assertThat(r.succeeded()).isTrue();
    assertThat(most.get()).isBetween(2, 4);
    assertThat(threads.values()).allMatch(n -> n.startsWith("checkpoint-runner-"));
    for (MemoryTable m : t) {
      assertThat(m.target).isEqualTo(m.source);
      assertThat(store.read("task").isFinished(m.ref)).isTrue();
      assertThat(statuses().get(m.ref).rows()).isEqualTo(200);
    }
  }

  @Test
  void aStoreFailureStopsTheRunReportsAndIsThrown() {
    List<MemoryTable> t = tables(3, 10, Strategy.KEY);
    FailingStore failing = new FailingStore(store, 5);
    List<RunResult> reported = new ArrayList<>();
    assertThatThrownBy(
            () ->
                run(
                    failing,
                    t,
                    b ->
                        b.listener(
                            new RunListener() {
                              @Override
                              public void runFinished(RunResult result) {
                                reported.add(result);
                              }
                            })))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("disk full");
    assertThat(reported).hasSize(1);
    assertThat(reported.get(0).succeeded()).isFalse();
    assertThat(reported.get(0).notRun()).isGreaterThan(0);
  }

  @Test
  void listenersHearTheRunInOrderAndOneThatThrowsDoesNotFailIt() {
    List<MemoryTable> t = tables(2, 15, Strategy.KEY);
    t.get(1).failAfterBatches = 1;
    List<String> events = new ArrayList<>();
    RunListener recorder =
        new RunListener() {
          @Override
          public void runStarted(List<TableRef> tables) {
            events.add("run " + tables.size());
          }

          @Override
          public void tableStarted(TableEvent e) {
            events.add("start " + e.table().table() + " " + e.number() + "/" + e.total());
          }

          @Override
          public void batchCommitted(TableEvent e, int rows) {
            events.add("batch " + e.table().table() + " " + rows + " -> " + e.rows());
          }

          @Override
          public void tableFinished(TableEvent e) {
            events.add("done " + e.table().table() + " " + e.rows());
          }

          @Override
          public void tableFailed(TableEvent e, Throwable error) {
            events.add("failed " + e.table().table() + " " + e.rows());
          }

          @Override
          public void runFinished(RunResult r) {
            events.add("end " + (r.succeeded() ? "ok" : "failed"));
          }
        };
    RunListener broken =
        new RunListener() {
          @Override
          public void batchCommitted(TableEvent e, int rows) {
            throw new IllegalStateException("listener bug");
          }
        };
    run(t, b -> b.listener(broken).listener(recorder));
    assertThat(events)
        .containsExactly(
            "run 2",
            "start t01 1/2",
            "batch t01 10 -> 10",
            "batch t01 5 -> 15",
            "done t01 15",
            "start t02 2/2",
            "batch t02 10 -> 10",
            "failed t02 10",
            "end failed");
    assertThat(logLines(Level.WARN))
        .anyMatch(l -> l.contains("failed on batchCommitted; the run goes on"));
  }

  @Test
  void builderNamesWhatIsWrong() {
    try (Checkpointer cp = Checkpointer.builder().taskId("task").store(store).build()) {
      assertThatThrownBy(() -> TableRunner.builder(cp).build())
          .hasMessage("no tables to run: add at least one TableJob");
      assertThatThrownBy(() -> TableRunner.builder(cp).parallelism(0))
          .hasMessage("parallelism must be > 0, was 0");
      assertThatThrownBy(
              () -> TableJob.<Integer>builder(TableRef.of("a", "b", "c")).sink(r -> {}).build())
          .hasMessage("source is required for a:b.c");
    }
  }

  /**
   * A real store that starts failing every write after {@code okWrites} writes, or once killed
   * (then its task is released, as when the process dies).
   */
  static final class FailingStore extends ForwardingStore {
    private final AtomicInteger left;
    private RecordSession open;

    void kill() {
      left.set(0);
      open.close();
    }

    FailingStore(InMemoryStore inner, int okWrites) {
      super(inner);
      this.left = new AtomicInteger(okWrites);
    }

    @Override
    protected void beforeApply(List<RecordChange> changes) {
      if (left.getAndDecrement() <= 0) {
        throw new StoreException("disk full");
      }
    }

    @Override
    protected RecordSession wrap(RecordSession session) {
      open = session;
      return super.wrap(session);
    }
  }
}
