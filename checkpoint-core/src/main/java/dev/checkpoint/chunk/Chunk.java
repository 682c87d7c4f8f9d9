package dev.checkpoint.chunk;

import dev.checkpoint.TableRef;
import java.util.Objects;

/**
 * One chunk of a table: the rows whose partition column lies in the closed range {@code (lo, hi]},
 * or, for the NULL chunk, the rows whose partition column is NULL. Every non-NULL value falls in
 * exactly one range, so the chunks of a plan are exact even when the column is not unique.
 *
 * <p>Bounds are text, as positions are: the source binds them with the column's type and the
 * database compares them. {@code lo == null} means no lower bound (the first range), {@code hi ==
 * null} no upper bound (the last range, which also takes rows inserted above the planned maximum).
 *
 * @param table the table
 * @param id the chunk's number in its plan, from 1, in partition order; the NULL chunk is last
 * @param column the partition column
 * @param lo the exclusive lower bound, or {@code null} for none
 * @param hi the inclusive upper bound, or {@code null} for none
 * @param nulls this is the chunk of rows whose partition column is NULL ({@code lo} and {@code hi}
 *     are then {@code null})
 */
public record Chunk(TableRef table, int id, String column, String lo, String hi, boolean nulls) {
  /**
   * Checks the parts.
   *
   * @param table the table
   * @param id from 1
   * @param column the partition column
   * @param lo the exclusive lower bound, or {@code null}
   * @param hi the inclusive upper bound, or {@code null}
   * @param nulls the NULL chunk
   * @throws IllegalArgumentException if {@code id < 1}, or the NULL chunk has a bound
   */
  public Chunk {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(column, "column");
    if (id < 1) {
      throw new IllegalArgumentException("id must be >= 1, was " + id);
    }
    if (nulls && (lo != null || hi != null)) {
      throw new IllegalArgumentException("the NULL chunk has no bounds");
    }
  }

  /**
   * For messages and logs: {@code shop.orders chunk 3 (100, 200] of id}.
   *
   * @return a description
   */
  public String describe() {
    String range =
        nulls
            ? "NULL"
            : "(" + (lo == null ? "-inf" : lo) + ", " + (hi == null ? "+inf)" : hi + "]");
    return table + " chunk " + id + " " + range + " of " + column;
  }
}
