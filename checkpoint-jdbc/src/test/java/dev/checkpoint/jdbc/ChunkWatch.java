package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.spi.RecordKinds;
import dev.checkpoint.spi.StoreRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a chunked task's chunk records from the position table, as a test watches workers: each
 * read is kept, so that the test can check that no chunk's row count ever went down.
 */
final class ChunkWatch {
  private static final Pattern ROWS = Pattern.compile("\"rows\":(\\d+)");

  private final JdbcPositionStore store;
  private final String task;
  private final List<Map<String, String>> seen = new ArrayList<>();

  ChunkWatch(JdbcPositionStore store, String task) {
    this.store = store;
    this.task = task;
  }

  /** Chunk key to record data, now. */
  Map<String, String> chunks() {
    Map<String, String> chunks = new HashMap<>();
    for (StoreRecord r : store.readRecords(task)) {
      if (r.kind().equals(RecordKinds.CHUNK)) {
        chunks.put(r.key(), r.data());
      }
    }
    seen.add(chunks);
    return chunks;
  }

  boolean finished() {
    return store.readRecords(task).stream().anyMatch(r -> r.kind().equals(RecordKinds.FINISHED));
  }

  /** The key of a chunk being read that has recorded rows, or null. */
  String doingWithRows() {
    for (Map.Entry<String, String> e : chunks().entrySet()) {
      if (e.getValue().contains("\"state\":\"doing\"") && rows(e.getValue()) > 0) {
        return e.getKey();
      }
    }
    return null;
  }

  /** Polls until the condition gives a value, and returns it. */
  <T> T until(Duration limit, java.util.function.Function<ChunkWatch, T> condition)
      throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end) {
      T value = condition.apply(this);
      if (value != null) {
        return value;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("waited " + limit + " for the chunk records");
  }

  /** No chunk's recorded rows ever went down between two reads. */
  void assertNeverMovedBack() {
    chunks();
    Map<String, Long> last = new HashMap<>();
    for (Map<String, String> read : seen) {
      for (Map.Entry<String, String> e : read.entrySet()) {
        long rows = rows(e.getValue());
        Long before = last.put(e.getKey(), rows);
        assertThat(rows)
            .as("rows of %s after %s", e.getKey(), before)
            .isGreaterThanOrEqualTo(before == null ? 0 : before);
      }
    }
  }

  static long rows(String data) {
    Matcher m = ROWS.matcher(data);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
