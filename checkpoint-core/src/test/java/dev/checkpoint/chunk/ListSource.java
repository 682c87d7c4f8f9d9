package dev.checkpoint.chunk;

import dev.checkpoint.Batch;
import dev.checkpoint.KeyColumn;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A table in a list, for tests of the chunked run: rows with a unique id and a partition value that
 * may repeat or be NULL. Splits on distinct values every {@code chunkRows} rows; reads a chunk in
 * id order, resuming after the position's id.
 */
final class ListSource implements ChunkedSource<ListSource.Row> {
  record Row(int id, Integer p) {}

  private final List<Row> rows;
  private final int batchSize;

  ListSource(List<Row> rows, int batchSize) {
    this.rows = List.copyOf(rows);
    this.batchSize = batchSize;
  }

  @Override
  public ChunkPlan plan(TableRef table, int chunkRows, String start) {
    List<Integer> values =
        rows.stream()
            .map(Row::p)
            .filter(p -> p != null && (start == null || p > Integer.parseInt(start)))
            .sorted()
            .collect(Collectors.toList());
    TreeSet<Integer> bounds = new TreeSet<>();
    for (int i = chunkRows - 1; i < values.size() - 1; i += chunkRows) {
      bounds.add(values.get(i));
    }
    boolean nulls = rows.stream().anyMatch(r -> r.p() == null);
    return new ChunkPlan(
        table,
        "p",
        start,
        bounds.stream().map(String::valueOf).collect(Collectors.toList()),
        nulls);
  }

  @Override
  public Source.Cursor<Row> open(Chunk chunk, ResumeDecision within) {
    int after =
        within
            .position()
            .map(p -> Integer.parseInt(((Position.Keyed) p).values().get(0)))
            .orElse(-1);
    List<Row> in = new ArrayList<>();
    for (Row r : rows) {
      boolean inRange =
          chunk.nulls()
              ? r.p() == null
              : r.p() != null
                  && (chunk.lo() == null || r.p() > Integer.parseInt(chunk.lo()))
                  && (chunk.hi() == null || r.p() <= Integer.parseInt(chunk.hi()));
      if (inRange && r.id() > after) {
        in.add(r);
      }
    }
    in.sort(Comparator.comparingInt(Row::id));
    Iterator<Row> it = in.iterator();
    return new Source.Cursor<>() {
      @Override
      public Batch<Row> next() {
        if (!it.hasNext()) {
          return null;
        }
        List<Row> batch = new ArrayList<>();
        while (it.hasNext() && batch.size() < batchSize) {
          batch.add(it.next());
        }
        int last = batch.get(batch.size() - 1).id();
        return new Batch<>(
            batch, new Position.Keyed(List.of(new KeyColumn("id", String.valueOf(last)))));
      }

      @Override
      public void close() {}
    };
  }
}
