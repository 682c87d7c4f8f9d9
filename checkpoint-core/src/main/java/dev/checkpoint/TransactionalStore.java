package dev.checkpoint;

import dev.checkpoint.spi.TransactionalRecordSession;

/**
 * A store that can record positions inside the caller's own transaction ({@code TX}: a JDBC {@code
 * Connection} for the JDBC store, a Mongo {@code ClientSession} for the Mongo store), so that a
 * batch and its position commit together: exactly-once.
 */
public interface TransactionalStore<TX> extends PositionStore {

  @Override
  TransactionalRecordSession<TX> openSession(String taskId);

  @Override
  default TransactionalSession<TX> open(String taskId) {
    TransactionalRecordSession<TX> s = openSession(taskId);
    return new RecordTaskSession.Transactional<>(taskId, s, s);
  }
}
