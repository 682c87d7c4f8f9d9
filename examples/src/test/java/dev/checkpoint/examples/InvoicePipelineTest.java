package dev.checkpoint.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.Batch;
import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.InMemoryStore;
import dev.checkpoint.Position;
import dev.checkpoint.Source;
import dev.checkpoint.examples.InvoicePipeline.Invoice;
import dev.checkpoint.examples.InvoicePipeline.InvoiceTarget;
import dev.checkpoint.examples.InvoicePipeline.Order;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Example 6: testing your pipeline. No database: the positions live in an {@link InMemoryStore},
 * the "crash" is an exception thrown by the target at batch N, and the "restart" is a new
 * checkpointer on the same store. The resumed run must give exactly what an uninterrupted run
 * gives, and must not read again what was committed.
 */
class InvoicePipelineTest {
  // tag::testing-your-pipeline[]
  static final int BATCH = 100;
  static final List<Order> ORDERS = orders(1_050); // 11 batches, the last one short

  @ParameterizedTest(name = "crash at batch {0}")
  @ValueSource(ints = {1, 2, 6, 10, 11})
  void aRunThatCrashesAtBatchNResumesToTheSameResult(int crashAt) {
    InMemoryStore store = new InMemoryStore(); // positions survive the "crash", as a real store's would
    Map<Long, Invoice> target = new TreeMap<>();

    // everyBatch: the store holds batch N-1's position when batch N fails, as after a kill -9.
    try (Checkpointer cp = checkpointer(store, CheckpointPolicy.everyBatch())) {
      assertThatThrownBy(() -> InvoicePipeline.run(cp, listSource(ORDERS), crashingAt(crashAt, target)))
          .hasMessageContaining("crash at batch " + crashAt);
    }
    List<Long> readAgain = new ArrayList<>();
    try (Checkpointer cp = checkpointer(store, CheckpointPolicy.everyBatch())) {
      InvoicePipeline.run(cp, recording(listSource(ORDERS), readAgain), upsertInto(target));
    }

    assertThat(target).isEqualTo(uninterruptedRun());
    // The resumed run starts right after the last committed batch: nothing before it is read again.
    assertThat(readAgain.get(0)).isEqualTo((long) (crashAt - 1) * BATCH + 1);
  }
  // end::testing-your-pipeline[]

  static Checkpointer checkpointer(InMemoryStore store, CheckpointPolicy policy) {
    return Checkpointer.builder().taskId("invoices").store(store).policy(policy).build();
  }

  private static Map<Long, Invoice> uninterruptedRun() {
    Map<Long, Invoice> target = new TreeMap<>();
    try (Checkpointer cp =
        Checkpointer.builder().taskId("invoices").store(new InMemoryStore()).build()) {
      InvoicePipeline.run(cp, listSource(ORDERS), upsertInto(target));
    }
    assertThat(target).hasSize(ORDERS.size());
    return target;
  }

  /**
   * A source over a list, keyed by order id: it resumes after the id of the decision's position.
   */
  static Source<Order> listSource(List<Order> orders) {
    return decision -> {
      long after =
          decision
              .position()
              .map(p -> Long.parseLong(((Position.Keyed) p).values().get(0)))
              .orElse(0L);
      List<Order> rest = orders.stream().filter(o -> o.id() > after).toList();
      return new Source.Cursor<>() {
        int next;

        @Override
        public Batch<Order> next() {
          if (next >= rest.size()) {
            return null;
          }
          List<Order> rows = rest.subList(next, Math.min(next + BATCH, rest.size()));
          next += rows.size();
          return new Batch<>(
              rows, Position.keyed("id", Long.toString(rows.get(rows.size() - 1).id())));
        }

        @Override
        public void close() {}
      };
    };
  }

  static InvoiceTarget upsertInto(Map<Long, Invoice> target) {
    return invoices -> invoices.forEach(i -> target.put(i.orderId(), i));
  }

  /** Writes batches 1..n-1, then fails at batch n before writing it. */
  static InvoiceTarget crashingAt(int n, Map<Long, Invoice> target) {
    int[] batch = {0};
    return invoices -> {
      if (++batch[0] == n) {
        throw new IllegalStateException("crash at batch " + n);
      }
      upsertInto(target).upsert(invoices);
    };
  }

  /** Notes the id of every order the wrapped source hands out. */
  static Source<Order> recording(Source<Order> source, List<Long> ids) {
    return decision -> {
      Source.Cursor<Order> c = source.open(decision);
      return new Source.Cursor<>() {
        @Override
        public Batch<Order> next() {
          Batch<Order> b = c.next();
          if (b != null) {
            b.rows().forEach(o -> ids.add(o.id()));
          }
          return b;
        }

        @Override
        public void close() {
          c.close();
        }
      };
    };
  }

  private static List<Order> orders(int n) {
    List<Order> orders = new ArrayList<>();
    for (long id = 1; id <= n; id++) {
      orders.add(new Order(id, id % 9 == 0 ? null : " customer " + id + " ", id * 199));
    }
    return orders;
  }
}
