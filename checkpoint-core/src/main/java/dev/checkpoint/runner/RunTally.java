package dev.checkpoint.runner;

import dev.checkpoint.TableRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The counts a reporter keeps from the events of one run. Not thread-safe: the caller guards it.
 */
final class RunTally {
  int total;
  int completed;
  int failed;
  int skipped;
  long startNanos;

  /** Tables in flight, by the latest event of each, in the order they started. */
  final Map<TableRef, TableEvent> running = new LinkedHashMap<>();

  TableNames names = TableNames.of(List.of());

  void started(List<TableRef> tables) {
    total = tables.size();
    completed = failed = skipped = 0;
    running.clear();
    names = TableNames.of(tables);
    startNanos = System.nanoTime();
  }

  /** Tables that need nothing more: completed in this run or skipped. */
  int done() {
    return completed + skipped;
  }

  /** Tables this run read to an end, either way: what "a summary every N tables" counts. */
  int processed() {
    return completed + failed;
  }

  int remaining() {
    return Math.max(0, total - completed - skipped - failed - running.size());
  }
}
