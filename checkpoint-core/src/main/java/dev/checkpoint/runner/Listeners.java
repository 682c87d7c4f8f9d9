package dev.checkpoint.runner;

import dev.checkpoint.TableRef;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The run's listeners behind one: calls them one at a time, and a throwing one is only logged. */
final class Listeners implements RunListener {
  private static final Logger LOG = LoggerFactory.getLogger(TableRunner.class);

  private final List<RunListener> all;

  Listeners(List<RunListener> all) {
    this.all = List.copyOf(all);
  }

  private synchronized void each(String event, Consumer<RunListener> call) {
    for (RunListener l : all) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        LOG.warn("run listener {} failed on {}; the run goes on", l, event, e);
      }
    }
  }

  @Override
  public void runStarted(List<TableRef> tables) {
    each("runStarted", l -> l.runStarted(tables));
  }

  @Override
  public void tableSkipped(TableEvent table, String reason) {
    each("tableSkipped", l -> l.tableSkipped(table, reason));
  }

  @Override
  public void tableTruncated(TableEvent table, String reason) {
    each("tableTruncated", l -> l.tableTruncated(table, reason));
  }

  @Override
  public void tableStarted(TableEvent table) {
    each("tableStarted", l -> l.tableStarted(table));
  }

  @Override
  public void batchCommitted(TableEvent table, int batchRows) {
    each("batchCommitted", l -> l.batchCommitted(table, batchRows));
  }

  @Override
  public void tableFinished(TableEvent table) {
    each("tableFinished", l -> l.tableFinished(table));
  }

  @Override
  public void tableFailed(TableEvent table, Throwable error) {
    each("tableFailed", l -> l.tableFailed(table, error));
  }

  @Override
  public void runFinished(RunResult result) {
    each("runFinished", l -> l.runFinished(result));
  }
}
