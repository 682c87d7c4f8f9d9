package dev.checkpoint.cli;

import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.Position;
import dev.checkpoint.TableRef;
import dev.checkpoint.logstore.LogStore;
import java.nio.file.Path;

/**
 * A log directory as a multi-table run leaves it: a completed table, one in progress, a failed one,
 * and one finished without a status (finished before statuses were kept).
 */
final class TaskFixture {
  static final String TASK = "shop-copy";
  static final TableRef CUSTOMERS = TableRef.of("mysql", "shop", "customers");
  static final TableRef ORDERS = TableRef.of("mysql", "shop", "orders");
  static final TableRef PAYMENTS = TableRef.of("mysql", "shop", "payments");
  static final TableRef REFUNDS = TableRef.of("mysql", "shop", "refunds");

  private TaskFixture() {}

  static Path write(Path dir) {
    try (Checkpointer cp =
        Checkpointer.builder()
            .taskId(TASK)
            .store(LogStore.in(dir))
            .policy(CheckpointPolicy.everyBatch())
            .build()) {
      cp.tableStarted(CUSTOMERS);
      cp.committed(CUSTOMERS, Position.keyed("id", "1200"), 1200);
      cp.finish(CUSTOMERS);
      cp.tableStarted(ORDERS);
      cp.committed(ORDERS, Position.keyed("id", "50000"), 50_000);
      cp.tableStarted(PAYMENTS);
      cp.committed(PAYMENTS, Position.keyed("id", "7"), 7);
      cp.tableFailed(PAYMENTS, new IllegalStateException("column type mismatch"));
      cp.finish(REFUNDS);
    }
    return dir;
  }
}
