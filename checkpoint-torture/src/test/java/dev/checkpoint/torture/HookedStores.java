package dev.checkpoint.torture;

import dev.checkpoint.PositionStore;
import dev.checkpoint.spi.ForwardingStore;
import dev.checkpoint.spi.RecordChange;
import dev.checkpoint.spi.RecordKinds;
import dev.checkpoint.spi.RecordSession;
import dev.checkpoint.spi.SharedRecordStore;
import dev.checkpoint.spi.StoreRecord;
import dev.checkpoint.spi.TransactionalSharedStore;
import dev.checkpoint.torture.KillPoint.Where;
import java.util.List;

/** Stores that pass a child copy's kill points as their writes land. */
final class HookedStores {
  private HookedStores() {}

  /** A store whose position writes pass {@link Where#AFTER_POSITION} once they landed. */
  static PositionStore positions(PositionStore store) {
    return new ForwardingStore(store) {
      @Override
      protected RecordSession wrap(RecordSession session) {
        RecordSession inner = super.wrap(session);
        return new RecordSession() {
          @Override
          public List<StoreRecord> load() {
            return inner.load();
          }

          @Override
          public void apply(List<RecordChange> changes) {
            inner.apply(changes);
            KillPoint.passed(Where.AFTER_POSITION);
          }

          @Override
          public void flush() {
            inner.flush();
          }

          @Override
          public void close() {
            inner.close();
          }
        };
      }
    };
  }

  /** A shared store whose chunk records pass {@link Where#AFTER_CHUNK_RECORD} once changed. */
  static SharedRecordStore shared(SharedRecordStore store) {
    return new Shared(store);
  }

  /** As {@link #shared}, keeping the store's writes in the caller's transaction. */
  static <TX> TransactionalSharedStore<TX> transactional(TransactionalSharedStore<TX> store) {
    return new Transactional<>(store);
  }

  private static class Shared implements SharedRecordStore {
    private final SharedRecordStore store;

    Shared(SharedRecordStore store) {
      this.store = store;
    }

    @Override
    public List<StoreRecord> readRecords(String taskId) {
      return store.readRecords(taskId);
    }

    @Override
    public boolean compareAndSet(
        String taskId, String kind, String key, String expected, String next) {
      boolean landed = store.compareAndSet(taskId, kind, key, expected, next);
      if (landed && kind.equals(RecordKinds.CHUNK)) {
        KillPoint.passed(Where.AFTER_CHUNK_RECORD);
      }
      return landed;
    }
  }

  private static final class Transactional<TX> extends Shared
      implements TransactionalSharedStore<TX> {
    private final TransactionalSharedStore<TX> store;

    Transactional(TransactionalSharedStore<TX> store) {
      super(store);
      this.store = store;
    }

    @Override
    public Class<TX> transactionType() {
      return store.transactionType();
    }

    @Override
    public boolean compareAndSetIn(
        TX transaction, String taskId, String kind, String key, String expected, String next) {
      return store.compareAndSetIn(transaction, taskId, kind, key, expected, next);
    }
  }
}
