package dev.checkpoint.testkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.Checkpointer;
import dev.checkpoint.InMemoryStore;
import dev.checkpoint.testkit.pipeline.ListPipelines.Event;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PipelineCheckTest {
  static final List<Event> EVENTS = ListPipelines.events(40); // 8 batches of 5

  final Map<Integer, Event> upserted = Collections.synchronizedMap(new TreeMap<>());
  final List<Event> appended = Collections.synchronizedList(new ArrayList<>());

  @Test
  void passesAKeyedPipelineWithAnUpsertSinkAtEveryCrashPoint() {
    int tried =
        PipelineCheck.of(
                run ->
                    ListPipelines.copy(
                        run,
                        ListPipelines.keyedById(EVENTS),
                        rows -> rows.forEach(e -> upserted.put(e.id(), e))))
            .freshTarget(upserted::clear)
            .target(() -> List.copyOf(upserted.values()))
            .verify();

    // 8 batches: AFTER_BATCH k=1..8, IN_SINK and AFTER_COMMIT k=1..8, and one store write per
    // batch plus the finished mark.
    assertThat(tried).isEqualTo(8 + 8 + 8 + 9);
  }

  @Test
  void catchesARowSkipReadWhoseTiesComeInAnotherOrderOnEachOpen() {
    PipelineCheck check =
        PipelineCheck.of(
                run ->
                    ListPipelines.copy(
                        run,
                        ListPipelines.rowSkipWithTies(EVENTS),
                        rows -> rows.forEach(e -> upserted.put(e.id(), e))))
            .freshTarget(upserted::clear)
            .target(() -> List.copyOf(upserted.values()));

    assertThatThrownBy(check::verify)
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("The pipeline does not resume correctly: ")
        .hasMessageContaining(
            "First: a crash after batch 1, before the next batch is read (AFTER_BATCH k=1,"
                + " through the wrapped source)")
        .hasMessageContaining("after the crash and the restart the target has 39 rows")
        .hasMessageContaining("the uninterrupted run's target: 40 rows")
        // batch 1 held group 0 and the first of group 1 as the first open ordered it; the
        // restart skipped 5 rows of another order, so one row of group 1 was never read
        .hasMessageContaining("missing (1 row in the uninterrupted run's target, not in this one):")
        .hasMessageContaining("Event[id=")
        .hasMessageContaining("extra (0 rows in this target, not in the uninterrupted run's): none")
        .hasMessageContaining("Repeat just the first: .points(CrashPoint.AFTER_BATCH)");
  }

  @Test
  void reportsRedeliveredRowsAsExtraUnderExactlyOnceAndAcceptsThemUnderAtLeastOnce() {
    PipelineCheck check =
        PipelineCheck.of(
                run -> ListPipelines.copy(run, ListPipelines.keyedById(EVENTS), appended::addAll))
            .freshTarget(appended::clear)
            .target(() -> List.copyOf(appended))
            .points(CrashPoint.AFTER_COMMIT);

    assertThatThrownBy(check::verify)
        .hasMessageContaining("8 of 8 crash plans (every k up to 20, exactly once)")
        .hasMessageContaining("(AFTER_COMMIT k=1, through the wrapped sink)")
        .hasMessageContaining("the crash: injected crash between the sink's commit of batch 1")
        .hasMessageContaining("extra (5 rows")
        .hasMessageContaining("Event[id=4, group=1]");

    assertThat(check.atLeastOnce().verify()).isEqualTo(8);
  }

  @Test
  void aSinkCrashWritesHalfTheBatchFirst() {
    PipelineCheck check =
        PipelineCheck.of(
                run -> ListPipelines.copy(run, ListPipelines.keyedById(EVENTS), appended::addAll))
            .freshTarget(appended::clear)
            .target(() -> List.copyOf(appended))
            .points(CrashPoint.IN_SINK)
            .crashes(Crashes.at(3));

    // 2 of batch 3's 5 rows were written before the crash, and written again by the restart.
    assertThatThrownBy(check::verify)
        .hasMessageContaining("injected crash inside the sink, at batch 3: 2 of the batch's 5 rows")
        .hasMessageContaining("extra (2 rows")
        .hasMessageContaining("Event[id=10, group=2]")
        .hasMessageContaining("Event[id=11, group=2]");
  }

  @Test
  void aPositionWriteCrashKeepsWhatLandedAndTheRestartGoesOnFromThere() {
    List<Integer> firstReadByRestart = new ArrayList<>();
    int[] attempts = {0};
    int tried =
        PipelineCheck.of(
                run -> {
                  attempts[0]++;
                  ListPipelines.copy(
                      run,
                      ListPipelines.keyedById(EVENTS),
                      rows -> {
                        if (attempts[0] == 3) {
                          firstReadByRestart.add(rows.get(0).id());
                        }
                        rows.forEach(e -> upserted.put(e.id(), e));
                      });
                })
            .freshTarget(upserted::clear)
            .target(() -> List.copyOf(upserted.values()))
            .points(CrashPoint.AFTER_POSITION_WRITE)
            .crashes(Crashes.at(2))
            .verify();

    assertThat(tried).isEqualTo(1);
    // attempt 1: clean; 2: crash after store write 2 (batch 2's position); 3: the restart
    assertThat(firstReadByRestart).first().isEqualTo(10);
  }

  @Test
  void sampledCrashesAreRepeatableAndBounded() {
    assertThat(Crashes.sampled(3, 42).choose(100))
        .hasSize(3)
        .isEqualTo(Crashes.sampled(3, 42).choose(100));
    assertThat(Crashes.sampled(3, 42).choose(2)).containsExactly(1, 2);
    assertThat(Crashes.upTo(20).choose(4)).containsExactly(1, 2, 3, 4);
    assertThat(Crashes.at(7, 2, 2, 30).choose(10)).containsExactly(2, 7);
    assertThat(Crashes.upTo(5).choose(0)).isEmpty();
  }

  @Test
  void refusesBadSettingsNamingThem() {
    assertThatThrownBy(() -> Crashes.upTo(0)).hasMessage("bound must be >= 1, was 0");
    assertThatThrownBy(() -> Crashes.sampled(0, 1)).hasMessage("count must be >= 1, was 0");
    assertThatThrownBy(() -> Crashes.at(0)).hasMessage("ks must be >= 1, was 0");
    assertThatThrownBy(() -> PipelineCheck.of(run -> {}).points())
        .hasMessage("points must not be empty");
    assertThatThrownBy(() -> PipelineCheck.of(run -> {}).freshTarget(() -> {}).verify())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("target must be set");
  }

  @Test
  void failsWhenTheUninterruptedRunFailsOrNothingCanCrash() {
    assertThatThrownBy(
            () ->
                PipelineCheck.of(
                        run -> {
                          throw new IllegalStateException("no such table");
                        })
                    .freshTarget(() -> {})
                    .target(List::of)
                    .verify())
        .isInstanceOf(AssertionError.class)
        .hasMessage("the uninterrupted run failed: java.lang.IllegalStateException: no such table");

    assertThatThrownBy(
            () ->
                PipelineCheck.of(run -> upserted.put(1, new Event(1, 0)))
                    .freshTarget(upserted::clear)
                    .target(upserted::values)
                    .verify())
        .hasMessageStartingWith("nothing to crash");
  }

  @Test
  void aDeadProcessWritesNoPositionOnClose() {
    // The pipeline keeps its checkpointer open past the crash and closes it: the close's flush
    // must not reach the store, or a position the process never wrote would survive it.
    InMemoryStore store = new InMemoryStore();
    Plan plan = Plan.crash(CrashPoint.AFTER_BATCH, Plan.Part.SOURCE, 1);
    CrashingRun run = new CrashingRun(plan, store);
    Checkpointer cp =
        Checkpointer.builder().taskId("events").store(run.store()).build(); // flushes on close
    assertThatThrownBy(
            () ->
                cp.run(
                    ListPipelines.EVENTS,
                    run.source(ListPipelines.keyedById(EVENTS)),
                    run.sink(rows -> {})))
        .isInstanceOf(InjectedCrash.class);
    assertThatThrownBy(cp::close).isInstanceOf(InjectedCrash.class);
    assertThat(store.readRecords("events")).isEmpty();
  }

  @Test
  void comparesAsMultisetsOrAsSets() {
    List<String> expected = List.of("a", "b", "b");
    assertThat(TargetDiff.of(expected, List.of("a", "b"), true).missing()).containsExactly("b");
    assertThat(TargetDiff.of(expected, List.of("a", "b"), false).same()).isTrue();
    assertThat(TargetDiff.of(expected, List.of("a", "b", "b", "c"), false).extra())
        .containsExactly("c");
    assertThat(
            TargetDiff.of(
                    List.<Object>of(new Object[] {1, "x"}),
                    List.<Object>of(new Object[] {1, "x"}),
                    true)
                .same())
        .isTrue();
  }
}
