package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.Batch;
import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.InMemoryStore;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.testkit.CrashAfter;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/** Runs a copy that crashes after batch k, resumes it, and checks the target row for row. */
final class ResumeHarness {
  private ResumeHarness() {}

  /** The batches of an uninterrupted read, to choose the k's worth crashing at. */
  static List<Batch<Row>> batches(Source<Row> source, TableRef ref) {
    List<Batch<Row>> out = new ArrayList<>();
    try (Source.Cursor<Row> c = source.open(ResumeDecision.fromStart(ref))) {
      Batch<Row> b;
      while ((b = c.next()) != null) {
        out.add(b);
      }
    }
    return out;
  }

  /** 0, 1, the middle, the last but one and the last batch, plus the extra ones given. */
  static List<Integer> ks(int batches, List<Integer> extra) {
    TreeSet<Integer> ks =
        new TreeSet<>(List.of(0, 1, batches / 2, Math.max(0, batches - 1), batches));
    ks.addAll(extra);
    ks.removeIf(k -> k < 0 || k > batches);
    return new ArrayList<>(ks);
  }

  /**
   * The first k (1-based batch count) whose last row and the next batch's first row satisfy the
   * predicate, e.g. a tie on the key, or -1.
   */
  static int firstBoundary(List<Batch<Row>> batches, BiPredicate<Row, Row> p) {
    for (int k = 1; k < batches.size(); k++) {
      List<Row> before = batches.get(k - 1).rows();
      if (p.test(before.get(before.size() - 1), batches.get(k).rows().get(0))) {
        return k;
      }
    }
    return -1;
  }

  /**
   * Copies {@code ref} into {@code target} with a crash after batch {@code k}, then resumes with a
   * new checkpointer on the same store, and checks the target equals {@code expected} exactly.
   */
  static void crashResumeAndCompare(
      Kind kind,
      TableRef ref,
      Source<Row> source,
      String target,
      String expected,
      List<Batch<Row>> uninterrupted,
      int k) {
    Tables.execute(kind, "DELETE FROM " + target);
    InMemoryStore store = new InMemoryStore();
    long firstRun = 0;
    for (int i = 0; i < k; i++) {
      firstRun += uninterrupted.get(i).size();
    }
    try (Checkpointer cp = checkpointer(store)) {
      assertThatThrownBy(
              () -> cp.run(ref, CrashAfter.batches(k).source(source), sink(kind, target)))
          .as("crash at k=%d", k)
          .isInstanceOf(CrashAfter.SimulatedCrash.class);
      assertThat(cp.rowsCommitted(ref)).as("rows committed before the crash").isEqualTo(firstRun);
    }
    long total = uninterrupted.stream().mapToLong(Batch::size).sum();
    long secondRun;
    try (Checkpointer cp = checkpointer(store)) {
      secondRun = cp.run(ref, source, sink(kind, target));
    }
    assertThat(secondRun).as("rows read after resuming at k=" + k).isEqualTo(total - firstRun);
    assertThat(Tables.dump(kind, target))
        .as("target after crash at k=%d and resume", k)
        .isEqualTo(Tables.dump(kind, expected));
  }

  static Checkpointer checkpointer(InMemoryStore store) {
    return Checkpointer.builder()
        .taskId("copy")
        .store(store)
        .policy(CheckpointPolicy.everyBatch())
        .build();
  }

  /** Writes a batch into the target in one transaction on its own connection. */
  static dev.checkpoint.BatchSink<Row> sink(Kind kind, String target) {
    return rows -> {
      try (Connection c = TestDatabases.dataSource(kind).getConnection()) {
        c.setAutoCommit(false);
        try {
          Tables.insert(c, kind, target, rows.get(0).columns(), rows);
          c.commit();
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      }
    };
  }
}
