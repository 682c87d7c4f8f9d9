package dev.checkpoint;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * A cursor that fetches the next batch on a thread of its own while the caller's sink writes the
 * current one. At most one batch is fetched ahead (the hand-over is a {@link SynchronousQueue}), so
 * memory stays at two batches. Only the fetching thread calls the wrapped cursor's {@code next};
 * {@link #close} waits for it to stop, then closes the cursor on the caller's thread.
 */
final class ReadAhead<T> implements Source.Cursor<T> {
  private static final Object END = new Object();
  private static final long HAND_OVER_POLL_MS = 50;

  /** A failure of the wrapped cursor, rethrown on the caller's thread. */
  private record Failure(Throwable error) {}

  private final Source.Cursor<T> cursor;
  private final SynchronousQueue<Object> handOver = new SynchronousQueue<>();
  private final Thread fetcher;
  private volatile boolean closed;
  private boolean ended;

  ReadAhead(Source.Cursor<T> cursor, TableRef table) {
    this.cursor = cursor;
    this.fetcher = new Thread(this::fetch, "checkpoint-read-ahead " + table);
    fetcher.setDaemon(true);
    fetcher.start();
  }

  private void fetch() {
    Object item;
    try {
      Batch<T> b;
      do {
        b = cursor.next();
        item = b == null ? END : b;
        if (!handOverOrStop(item)) {
          return;
        }
      } while (b != null);
    } catch (Throwable e) {
      handOverOrStop(new Failure(e));
    }
  }

  /** Waits for the caller to take the item; false once the cursor was closed. */
  private boolean handOverOrStop(Object item) {
    try {
      while (!closed) {
        if (handOver.offer(item, HAND_OVER_POLL_MS, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Batch<T> next() {
    if (ended) {
      return null;
    }
    Object item;
    try {
      item = handOver.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CheckpointException("interrupted while waiting for the next batch", e);
    }
    if (item == END) {
      ended = true;
      return null;
    }
    if (item instanceof Failure f) {
      ended = true;
      if (f.error() instanceof RuntimeException r) {
        throw r;
      }
      if (f.error() instanceof Error err) {
        throw err;
      }
      throw new CheckpointException("reading the next batch failed: " + f.error(), f.error());
    }
    return (Batch<T>) item;
  }

  @Override
  public void close() {
    closed = true;
    boolean interrupted = false;
    while (true) {
      try {
        fetcher.join(); // at most the batch being fetched: the fetcher stops at its next hand-over
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    try {
      cursor.close();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
