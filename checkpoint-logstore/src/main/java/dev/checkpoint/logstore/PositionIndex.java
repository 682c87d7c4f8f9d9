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
 * What position.log must keep, held by the writer so that compaction needs no re-read: the latest
 * current_position and checkpoint_position line per table, the finished tables, and how many lines
 * the file has.
 *
 * <p>ape-dts reads only the last {@value #APE_DTS_TAIL} lines of position.log. So that it finds
 * every unfinished table, the file is also compacted when a kept line has fallen out of that tail,
 * as long as the kept lines fit in it at all.
 */
final class PositionIndex {
  /** How many lines at the end of position.log ape-dts reads. */
  static final int APE_DTS_TAIL = 200;

  private record Entry(long seq, String text) {}

  private final Map<TableRef, Entry> current = new HashMap<>();
  private final Map<TableRef, Entry> checkpoint = new HashMap<>();
  private final Set<TableRef> finished = new HashSet<>();

  /** The number of the last kept-or-replaced line, counting only lines given to add. */
  private long seq;

  /**
   * Lines carrying nothing to keep since the last rewrite. Where they lie is not tracked, so the
   * tail check counts them as if they were the newest lines: it errs towards compacting early.
   */
  private int foreign;

  private int lines;
  private int live;

  /** Counts lines of position.log that carry nothing to keep (foreign types). */
  void addForeign(int count) {
    lines += count;
    foreign += count;
  }

  void add(Tag tag, TableRef table, String text) {
    lines++;
    Map<TableRef, Entry> map = tag == Tag.CHECKPOINT ? checkpoint : current;
    if (map.put(table, new Entry(++seq, text)) == null && !finished.contains(table)) {
      live++;
    }
  }

  /**
   * @return false if the table was finished already
   */
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
    foreign = 0;
  }

  private int kept(TableRef table) {
    return (current.containsKey(table) ? 1 : 0) + (checkpoint.containsKey(table) ? 1 : 0);
  }

  int lines() {
    return lines;
  }

  /**
   * Whether the file holds more than twice the lines compaction would keep, and more than {@code
   * minLines}: rewriting then costs O(1) per recorded line, amortised.
   */
  boolean needsCompaction(int minLines) {
    return (lines > minLines && lines > 2L * live) || keptLineOutsideApeDtsTail();
  }

  /**
   * Whether a line compaction keeps is no longer among the last {@value #APE_DTS_TAIL} lines while
   * all kept lines would fit there. Costs one pass over the kept lines, and only once the file has
   * more lines than that tail.
   */
  private boolean keptLineOutsideApeDtsTail() {
    if (lines <= APE_DTS_TAIL || live == 0 || live > APE_DTS_TAIL) {
      return false;
    }
    long oldest = seq;
    for (Map<TableRef, Entry> map : List.of(current, checkpoint)) {
      for (Map.Entry<TableRef, Entry> e : map.entrySet()) {
        if (!finished.contains(e.getKey())) {
          oldest = Math.min(oldest, e.getValue().seq());
        }
      }
    }
    return seq - oldest + 1 + foreign > APE_DTS_TAIL;
  }

  /**
   * The compacted file: the kept lines in their original order, verbatim. Positions of finished
   * tables are dropped (finished wins over them on resume) and forgotten here, so afterwards {@link
   * #lines()} is the new file's line count.
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
    // Number the kept lines as they now lie in the file: 1..n.
    Map<Entry, Long> renumbered = new HashMap<>();
    for (int i = 0; i < keep.size(); i++) {
      renumbered.put(keep.get(i), (long) i + 1);
    }
    current.replaceAll((t, e) -> new Entry(renumbered.get(e), e.text()));
    checkpoint.replaceAll((t, e) -> new Entry(renumbered.get(e), e.text()));
    seq = keep.size();
    foreign = 0;
    lines = keep.size();
    live = keep.size();
    return out.toByteArray();
  }
}
