package dev.checkpoint.mongo;

import dev.checkpoint.Batch;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.chunk.Chunk;
import dev.checkpoint.chunk.ChunkedSource;
import java.util.ArrayList;
import java.util.List;

/** Reading chunks in the chunk tests. */
final class Chunks {
  private Chunks() {}

  /** Every document of the chunk, from its start. */
  static <T> List<T> read(ChunkedSource<T> source, Chunk chunk) {
    return read(source, chunk, ResumeDecision.fromStart(chunk.table()));
  }

  static <T> List<T> read(ChunkedSource<T> source, Chunk chunk, ResumeDecision within) {
    List<T> out = new ArrayList<>();
    for (Batch<T> b : batches(source, chunk, within)) {
      out.addAll(b.rows());
    }
    return out;
  }

  static <T> List<Batch<T>> batches(ChunkedSource<T> source, Chunk chunk, ResumeDecision within) {
    List<Batch<T>> out = new ArrayList<>();
    try (Source.Cursor<T> c = source.open(chunk, within)) {
      Batch<T> b;
      while ((b = c.next()) != null) {
        out.add(b);
      }
    }
    return out;
  }

  /** Every chunk of the list, one after the other. */
  static <T> List<T> readAll(ChunkedSource<T> source, List<Chunk> chunks) {
    List<T> out = new ArrayList<>();
    for (Chunk c : chunks) {
      out.addAll(read(source, c));
    }
    return out;
  }
}
