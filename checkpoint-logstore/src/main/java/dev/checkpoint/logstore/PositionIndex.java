package dev.checkpoint.logstore;

import dev.checkpoint.TableRef;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What position.log must keep, held by the writer so that compaction needs no re-read: the
 * latest current_position and checkpoint_position line per table, the finished tables, and how
 * many lines the file has.
 */
final class PositionIndex {
  private record Entry(long seq, String text) {}

  private final Map<TableRef, Entry> current = new HashMap<>();
  private final Map<TableRef, Entry> checkpoint = new HashMap<>();
  private final Set<TableRef> finished = new HashSet<>();
  private long seq;
  private int lines;
  private int live;

  /** Counts lines of position.log that carry nothing to keep (foreign types). */
  void addForeign(int count) {
    lines += count;
  }

  void add(Tag tag, TableRef table, String text) {
    lines++;
    Map<TableRef, Entry> map = tag == Tag.CHECKPOINT ? checkpoint : current;
    if (map.put(table, new Entry(seq++, text)) == null && !finished.contains(table)) {
      live++;
    }
  }

  /** @return false if the table was finished already */
  boolean finish(TableRef table) {
    if (!finished.add(table)) {
      return false;
    }
    live -= kept(table);
    return true;
  }

  boolean isFinished(TableRef table) {
    return finished.contains(table);
  }

  boolean hasPosition(TableRef table) {
    return current.containsKey(table) || checkpoint.containsKey(table);
  }

  void remove(TableRef table) {
    if (!finished.remove(table)) {
      live -= kept(table);
    }
    current.remove(table);
    checkpoint.remove(table);
  }

  void clear() {
    current.clear();
    checkpoint.clear();
    finished.clear();
    lines = 0;
    live = 0;
  }

  private int kept(TableRef table) {
    return (current.containsKey(table) ? 1 : 0) + (checkpoint.containsKey(table) ? 1 : 0);
  }

  int lines() {
    return lines;
  }

  /**
   * Whether the file holds more than twice the lines compaction would keep, and more than
   * {@code minLines}: rewriting then costs O(1) per recorded line, amortised.
   */
  boolean needsCompaction(int minLines) {
    return lines > minLines && lines > 2L * live;
  }

  /**
   * The compacted file: the kept lines in their original order, verbatim. Positions of finished
   * tables are dropped (finished wins over them on resume) and forgotten here, so afterwards
   * {@link #lines()} is the new file's line count.
   */
  byte[] compact() {
    current.keySet().removeAll(finished);
    checkpoint.keySet().removeAll(finished);
    List<Entry> keep = new ArrayList<>(current.size() + checkpoint.size());
    keep.addAll(current.values());
    keep.addAll(checkpoint.values());
    keep.sort(Comparator.comparingLong(Entry::seq));
    ByteArrayOutputStream out = new ByteArrayOutputStream(keep.size() * 160);
    for (Entry e : keep) {
      out.writeBytes(e.text().getBytes(StandardCharsets.UTF_8));
      out.write('\n');
    }
    lines = keep.size();
    live = keep.size();
    return out.toByteArray();
  }
}
