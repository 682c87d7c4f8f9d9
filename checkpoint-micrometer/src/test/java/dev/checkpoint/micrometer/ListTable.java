package dev.checkpoint.micrometer;

import dev.checkpoint.Batch;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.runner.TableJob;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * A source table of ids 1..n keyed on id, and a target list that its sink appends to. The sink can
 * be made to fail at a batch of a run, as a target that goes down does.
 */
final class ListTable {
  final TableRef ref;
  final int rows;
  final int batchSize;
  final List<Integer> target = new ArrayList<>();

  /** The sink fails on this batch of the run (1-based); 0 never. */
  int failAtBatch;

  /** Called before each batch is written, with the batch's number in the run. */
  IntConsumer beforeBatch = n -> {};

  private int batchesThisRun;
  int deliveredThisRun;

  ListTable(String name, int rows, int batchSize) {
    this.ref = TableRef.of("mysql", "shop", name);
    this.rows = rows;
    this.batchSize = batchSize;
  }

  TableJob<Integer> job() {
    batchesThisRun = 0;
    deliveredThisRun = 0;
    return TableJob.of(ref, this::open, this::write);
  }

  private void write(List<Integer> batch) throws IOException {
    int n = ++batchesThisRun;
    beforeBatch.accept(n);
    if (n == failAtBatch) {
      throw new IOException("target of " + ref.table() + " is down at batch " + n);
    }
    target.addAll(batch);
    deliveredThisRun += batch.size();
  }

  private Source.Cursor<Integer> open(ResumeDecision d) {
    int from =
        d.position().map(p -> Integer.parseInt(((Position.Keyed) p).values().get(0))).orElse(0);
    return new Source.Cursor<>() {
      int last = from;

      @Override
      public Batch<Integer> next() {
        if (last >= rows) {
          return null;
        }
        List<Integer> batch = new ArrayList<>();
        while (batch.size() < batchSize && last < rows) {
          batch.add(++last);
        }
        return new Batch<>(batch, Position.keyed("id", String.valueOf(last)));
      }

      @Override
      public void close() {}
    };
  }
}
