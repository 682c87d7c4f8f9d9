package dev.checkpoint.jdbc;

import dev.checkpoint.CheckpointException;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.Strategy;
import dev.checkpoint.TableRef;
import dev.checkpoint.chunk.Chunk;
import dev.checkpoint.chunk.ChunkPlan;
import java.sql.SQLException;
import java.util.Objects;

/** What {@link JdbcSource} does as a {@link dev.checkpoint.chunk.ChunkedSource}. */
final class ChunkedReads {
  private ChunkedReads() {}

  /** {@link JdbcSource#plan}, trusting the table's row estimate from {@code countBelow} rows on. */
  static ChunkPlan plan(
      JdbcSource src, TableRef table, int chunkRows, String start, long countBelow) {
    Objects.requireNonNull(table, "table");
    if (chunkRows < 1) {
      throw new IllegalArgumentException("chunkRows must be >= 1, was " + chunkRows);
    }
    checkChunkable(src, table);
    try (ReadSession s = ReadSession.open(src.dataSource, src.dialect, table)) {
      return ChunkPlanner.plan(
          src,
          s.connection(),
          s.dialect(),
          relation(src, table),
          table,
          chunkRows,
          start,
          countBelow);
    }
  }

  /** {@link JdbcSource#open(Chunk, ResumeDecision)} of a chunk not finished. */
  static Source.Cursor<Row> open(JdbcSource src, Chunk chunk, ResumeDecision within) {
    Objects.requireNonNull(chunk, "chunk");
    checkChunkable(src, chunk.table());
    ReadSession session =
        ReadSession.open(src.dataSource, src.dialect, chunk.table(), chunk.describe());
    try {
      return ChunkCursors.open(src, session, relation(src, chunk.table()), chunk, within);
    } catch (CheckpointException e) {
      session.close();
      throw ChunkCursors.naming(chunk, e);
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /**
   * {@link JdbcSource#estimatedRows}: the statistics' estimate; -1 for a source that cannot be read
   * in chunks (a query, strategy NONE), so that a runner never tries to split it.
   */
  static long estimatedRows(JdbcSource src, TableRef table) {
    if (src.query != null || src.strategy == Strategy.NONE) {
      return -1;
    }
    try (ReadSession s = ReadSession.open(src.dataSource, src.dialect, table)) {
      return RowEstimate.of(s.connection(), s.dialect(), relation(src, table));
    } catch (SQLException e) {
      throw new CheckpointException(
          "cannot read the row estimate of " + table + ": " + e.getMessage(), e);
    }
  }

  private static void checkChunkable(JdbcSource src, TableRef ref) {
    if (src.query != null) {
      throw new CheckpointException(
          "the query source of "
              + ref
              + " cannot be read in chunks: a query has no index to split it on; read it whole"
              + " with open(decision), or read the table with table(...)");
    }
    if (src.strategy == Strategy.NONE) {
      throw new CheckpointException(
          "strategy NONE reads "
              + ref
              + " whole, without positions; chunks are read with KEY, AUTO or ROW_SKIP");
    }
  }

  /** The source's own table if it has one, else the one the runner names. */
  private static Relation relation(JdbcSource src, TableRef ref) {
    TableRef t = src.table != null ? src.table : ref;
    return Relation.table(t.schema(), t.table());
  }
}
