package dev.checkpoint.chunk;

import dev.checkpoint.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a table is split: its partition column and the upper bounds of its ranges, in the column's
 * order as the database sorts it. The ranges are {@code (start, b1], (b1, b2], ..., (bn, +inf)}
 * where {@code start} is the plan's lower bound (none, or the value an earlier run finished below),
 * plus one chunk for NULLs when the column is nullable. A plan is made once per table and kept in
 * the store; a resumed run uses the kept plan and never splits again.
 *
 * @param table the table
 * @param column the partition column
 * @param start the exclusive lower bound of the first range, or {@code null} for none
 * @param bounds the inclusive upper bounds of every range but the last, ascending
 * @param nulls whether the plan has a chunk for rows whose partition column is NULL
 */
public record ChunkPlan(
    TableRef table, String column, String start, List<String> bounds, boolean nulls) {
  /**
   * Checks the parts and keeps an unmodifiable copy of the bounds.
   *
   * @param table the table
   * @param column the partition column
   * @param start the exclusive lower bound of the first range, or {@code null}
   * @param bounds the upper bounds, ascending; none for a one-range plan
   * @param nulls whether there is a NULL chunk
   */
  public ChunkPlan {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(bounds, "bounds");
    for (String b : bounds) {
      Objects.requireNonNull(b, "a bound");
    }
    bounds = List.copyOf(bounds);
  }

  /**
   * The chunks, numbered from 1: the ranges in order, then the NULL chunk if any.
   *
   * @return at least one chunk
   */
  public List<Chunk> chunks() {
    List<Chunk> chunks = new ArrayList<>(bounds.size() + 2);
    String lo = start;
    int id = 1;
    for (String hi : bounds) {
      chunks.add(new Chunk(table, id++, column, lo, hi, false));
      lo = hi;
    }
    chunks.add(new Chunk(table, id++, column, lo, null, false));
    if (nulls) {
      chunks.add(new Chunk(table, id, column, null, null, true));
    }
    return chunks;
  }
}
