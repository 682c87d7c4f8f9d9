package dev.checkpoint.runner;

import dev.checkpoint.Batch;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.SourceChangedException;
import dev.checkpoint.Strategy;
import dev.checkpoint.TableRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A source table of ids 1..n in memory, readable by KEY (keyed on id), ROW_SKIP (row offset with
 * the id as fingerprint) or NONE, and a target that appends like a plain INSERT, so a batch written
 * twice shows up twice.
 */
final class MemoryTable {
  final TableRef ref;
  final List<Integer> source = new ArrayList<>();
  final List<Integer> target = Collections.synchronizedList(new ArrayList<>());
  final Strategy strategy;
  final int batchSize;

  /** The sink throws after this many batches of a run; -1 never. */
  volatile int failAfterBatches = -1;

  final AtomicInteger truncations = new AtomicInteger();
  final List<ResumeDecision> opened = Collections.synchronizedList(new ArrayList<>());
  private int batchesThisRun;

  MemoryTable(String name, int rows, Strategy strategy, int batchSize) {
    this.ref = TableRef.of("mem", "s", name);
    for (int i = 1; i <= rows; i++) {
      source.add(i);
    }
    this.strategy = strategy;
    this.batchSize = batchSize;
  }

  TableJob<Integer> job() {
    return TableJob.<Integer>builder(ref)
        .source(this::open)
        .sink(this::write)
        .strategy(strategy)
        .truncate(
            t -> {
              truncations.incrementAndGet();
              target.clear();
            })
        .build();
  }

  void newRun() {
    batchesThisRun = 0;
  }

  private void write(List<Integer> rows) throws java.io.IOException {
    if (failAfterBatches >= 0 && batchesThisRun >= failAfterBatches) {
      throw new java.io.IOException("target of " + ref.table() + " is down");
    }
    target.addAll(rows);
    batchesThisRun++;
  }

  private Source.Cursor<Integer> open(ResumeDecision d) {
    opened.add(d);
    int from = 0;
    if (d.position().isPresent()) {
      Position p = d.position().get();
      if (p instanceof Position.Keyed k) {
        int last = Integer.parseInt(k.values().get(0));
        while (from < source.size() && source.get(from) <= last) {
          from++;
        }
      } else if (p instanceof Position.RowOffset r) {
        int n = (int) r.rows();
        if (n > source.size()
            || !String.valueOf(source.get(n - 1)).equals(r.lastRowFingerprint())) {
          throw new SourceChangedException("row " + n + " of " + ref + " is not the committed one");
        }
        from = n;
      }
    }
    int start = from;
    return new Source.Cursor<>() {
      int at = start;

      @Override
      public Batch<Integer> next() {
        if (at >= source.size()) {
          return null;
        }
        List<Integer> rows =
            List.copyOf(source.subList(at, Math.min(source.size(), at + batchSize)));
        at += rows.size();
        int last = rows.get(rows.size() - 1);
        Position p =
            switch (strategy) {
              case NONE -> Position.none();
              case ROW_SKIP -> Position.rowOffset(at, String.valueOf(last));
              default -> Position.keyed("id", String.valueOf(last));
            };
        return new Batch<>(rows, p);
      }

      @Override
      public void close() {}
    };
  }
}
