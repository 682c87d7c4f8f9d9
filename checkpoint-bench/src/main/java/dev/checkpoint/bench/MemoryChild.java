package dev.checkpoint.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.zaxxer.hikari.HikariDataSource;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.TableRef;
import dev.checkpoint.jdbc.JdbcSource;
import dev.checkpoint.jdbc.JdbcSources;
import dev.checkpoint.logstore.LogStore;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Scenario 4's child JVM, started with {@code -Xmx128m}: a KEY copy of the whole source table into
 * a target table through {@code Checkpointer.run} with a log store (default policy), the sink
 * inserting each batch with plain batched INSERTs and committing it. Prints one {@code RESULT}
 * line: rows, seconds, the largest heap use sampled every 5 ms, the sum of the heap pools' peaks
 * (an upper bound: the pools peak at different times), the heap limit and the GC count.
 */
public final class MemoryChild {
  private MemoryChild() {}

  /** The largest heap in use right after a collection: what the copy really keeps alive. */
  private static AtomicLong liveHeapAfterGc() {
    Set<String> heapPools = new HashSet<>();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        heapPools.add(p.getName());
      }
    }
    AtomicLong live = new AtomicLong();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(
            (n, handback) -> {
              if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                  n.getType())) {
                return;
              }
              GarbageCollectionNotificationInfo info =
                  GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
              long used = 0;
              for (Map.Entry<String, MemoryUsage> e :
                  info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                if (heapPools.contains(e.getKey())) {
                  used += e.getValue().getUsed();
                }
              }
              live.accumulateAndGet(used, Math::max);
            },
            null,
            null);
      }
    }
    return live;
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i], args[i + 1]);
    }
    AtomicLong sampled = new AtomicLong();
    Thread sampler =
        new Thread(
            () -> {
              var mem = ManagementFactory.getMemoryMXBean();
              while (!Thread.currentThread().isInterrupted()) {
                sampled.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    AtomicLong live = liveHeapAfterGc();

    Db.Kind kind = Db.Kind.of(a.get("--db"));
    String schema = a.get("--schema");
    String target = a.get("--target");
    long expected = Long.parseLong(a.get("--rows"));
    long t0 = System.nanoTime();
    long rows;
    try (HikariDataSource ds = Db.pool(kind, a.get("--url"), schema, 3, null)) {
      JdbcSource source =
          JdbcSources.keyed(ds)
              .table(schema, a.get("--source"))
              .key("id")
              .batchSize(Integer.parseInt(a.get("--batch")))
              .fetchSize(Integer.parseInt(a.get("--fetch")))
              .build();
      TableRef ref = TableRef.of(kind.id, schema, a.get("--source"));
      String insert =
          "INSERT INTO "
              + (kind == Db.Kind.MYSQL
                  ? "`" + schema + "`.`" + target + "`"
                  : "\"" + schema + "\".\"" + target + "\"")
              + " VALUES (?, ?, ?, ?, ?)";
      try (Connection tx = ds.getConnection();
          PreparedStatement ins = tx.prepareStatement(insert);
          Checkpointer cp =
              Checkpointer.builder()
                  .taskId("memory-copy")
                  .store(LogStore.in(Path.of(a.get("--dir"))))
                  .build()) {
        tx.setAutoCommit(false);
        rows =
            cp.run(
                ref,
                source,
                batch -> {
                  LibraryReads.insert(ins, batch);
                  tx.commit();
                });
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    sampler.interrupt();
    long pools = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        pools += p.getPeakUsage().getUsed();
      }
    }
    long gcs = 0;
    for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcs += Math.max(0, g.getCollectionCount());
    }
    if (rows != expected) {
      System.out.println("copied " + rows + " rows, expected " + expected);
      System.exit(3);
    }
    System.out.printf(
        "RESULT rows=%d seconds=%.3f sampledPeak=%d poolPeaks=%d liveAfterGc=%d maxHeap=%d gcs=%d%n",
        rows, seconds, sampled.get(), pools, live.get(), Runtime.getRuntime().maxMemory(), gcs);
    System.exit(0);
  }
}
