package dev.checkpoint.examples;

import dev.checkpoint.Checkpointer;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Example 6's pipeline: the code under test in {@code InvoicePipelineTest}, which shows how to test
 * a pipeline of your own with the in-memory store and a crash at batch N. Orders in, one invoice
 * per order out, written by the order id.
 */
public final class InvoicePipeline {
  static final TableRef ORDERS = TableRef.of("app", "shop", "orders");

  /** An order as the source gives it. */
  public record Order(long id, String customer, long cents) {}

  /** What the pipeline writes. */
  public record Invoice(long orderId, String customer, BigDecimal total) {}

  /** Where invoices go; an upsert by order id, so a batch written twice lands once. */
  public interface InvoiceTarget {
    void upsert(List<Invoice> invoices) throws Exception;
  }

  private InvoicePipeline() {}

  /** Runs the pipeline; returns the orders read in this run. */
  public static long run(Checkpointer cp, Source<Order> orders, InvoiceTarget target) {
    return cp.run(ORDERS, orders, batch -> target.upsert(invoices(batch)));
  }

  static List<Invoice> invoices(List<Order> orders) {
    List<Invoice> out = new ArrayList<>(orders.size());
    for (Order o : orders) {
      String customer = o.customer() == null ? "(unknown)" : o.customer().strip();
      out.add(new Invoice(o.id(), customer, BigDecimal.valueOf(o.cents(), 2)));
    }
    return out;
  }
}
