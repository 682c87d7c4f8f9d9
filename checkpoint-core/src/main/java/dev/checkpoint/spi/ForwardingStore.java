package dev.checkpoint.spi;

import dev.checkpoint.PositionStore;
import java.util.List;
import java.util.Objects;

/**
 * A store that passes everything to another: the base of decorators that count, measure, fail or
 * crash store writes (in tests, and in the metrics module). Override {@link #beforeApply} (throw to
 * make the write fail before it reaches the store) or {@link #wrap} for more.
 */
public class ForwardingStore implements PositionStore {
  private final PositionStore delegate;

  /**
   * A store that forwards to {@code delegate}.
   *
   * @param delegate the store every call goes to; this store never closes it
   */
  public ForwardingStore(PositionStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * Called before each {@code apply} reaches the store. Default: nothing.
   *
   * @param changes the changes about to be applied
   */
  protected void beforeApply(List<RecordChange> changes) {}

  /** Called before each {@code flush} reaches the store. Default: nothing. */
  protected void beforeFlush() {}

  /**
   * The session handed out; the default forwards every call, {@link #beforeApply} and {@link
   * #beforeFlush} first.
   *
   * @param session the wrapped store's session
   * @return the session {@link #openSession} hands out
   */
  protected RecordSession wrap(RecordSession session) {
    return new RecordSession() {
      @Override
      public List<StoreRecord> load() {
        return session.load();
      }

      @Override
      public void apply(List<RecordChange> changes) {
        beforeApply(changes);
        session.apply(changes);
      }

      @Override
      public void flush() {
        beforeFlush();
        session.flush();
      }

      @Override
      public void close() {
        session.close();
      }
    };
  }

  @Override
  public RecordSession openSession(String taskId) {
    return wrap(delegate.openSession(taskId));
  }

  @Override
  public List<StoreRecord> readRecords(String taskId) {
    return delegate.readRecords(taskId);
  }

  /** Does not close the wrapped store: its owner does. */
  @Override
  public void close() {}
}
