package dev.checkpoint.cli;

import dev.checkpoint.PositionStore;
import dev.checkpoint.spi.RecordChange;
import dev.checkpoint.spi.RecordSession;
import dev.checkpoint.spi.StoreRecord;
import java.util.List;

/**
 * The store {@code [resumer]} names, with every change also written to position.log and
 * finished.log in {@code [runtime] log_dir}, as ape-dts writes them whatever its resumer. Reads
 * come from the primary store only; a failed write to either fails the batch (never silent).
 */
final class MirroredStore implements PositionStore {
  private final PositionStore primary;
  private final PositionStore mirror;

  MirroredStore(PositionStore primary, PositionStore mirror) {
    this.primary = primary;
    this.mirror = mirror;
  }

  PositionStore primary() {
    return primary;
  }

  @Override
  public RecordSession openSession(String taskId) {
    RecordSession main = primary.openSession(taskId);
    RecordSession copy;
    try {
      copy = mirror.openSession(taskId);
    } catch (RuntimeException e) {
      main.close();
      throw e;
    }
    return new RecordSession() {
      @Override
      public List<StoreRecord> load() {
        return main.load();
      }

      @Override
      public void apply(List<RecordChange> changes) {
        main.apply(changes);
        copy.apply(changes);
      }

      @Override
      public void flush() {
        main.flush();
        copy.flush();
      }

      @Override
      public void close() {
        try {
          main.close();
        } finally {
          copy.close();
        }
      }
    };
  }

  @Override
  public List<StoreRecord> readRecords(String taskId) {
    return primary.readRecords(taskId);
  }

  @Override
  public void close() {
    try {
      primary.close();
    } finally {
      mirror.close();
    }
  }
}
