package dev.checkpoint.chunk;

import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;

/**
 * A source that can split a table into chunks and read one chunk at a time, resuming inside it.
 * {@code JdbcSources} in checkpoint-jdbc builds one.
 *
 * @param <T> the row type
 */
public interface ChunkedSource<T> {
  /**
   * Splits the table into chunks of about {@code chunkRows} rows. The database compares the values:
   * a bound is a value of the partition column as the database orders it, never a guess made in
   * Java.
   *
   * @param table the table
   * @param chunkRows about how many rows a chunk should hold, at least 1
   * @param start the exclusive lower bound to plan from (the value an earlier run finished below,
   *     e.g. an ape-dts chunk-mode position), or {@code null} for the whole table
   * @return the plan
   */
  ChunkPlan plan(TableRef table, int chunkRows, String start);

  /**
   * Opens a cursor over the chunk's rows, after the decision's position when it has one (a position
   * this source returned in a batch of the same chunk). Each batch's position must let a later
   * {@code open} of the same chunk resume right after that batch.
   *
   * @param chunk the chunk
   * @param within where to resume inside the chunk
   * @return a cursor; the caller closes it
   */
  Source.Cursor<T> open(Chunk chunk, ResumeDecision within);

  /**
   * About how many rows the table holds, from the database's statistics: what the multi-table
   * runner compares with its threshold for splitting a table. Default: unknown.
   *
   * @param table the table
   * @return the estimate, or -1 when unknown
   */
  default long estimatedRows(TableRef table) {
    return -1;
  }
}
