package dev.checkpoint.torture;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chosen moment at which a child copy stops and waits to be killed: it says {@code KILLPOINT} on
 * its output and parks the thread that reached it, so that the parent's SIGKILL lands exactly there
 * (right after a sink's commit, right after a position write, between a batch's position write and
 * its commit, right after a chunk record changed). Other threads go on until the kill, as they
 * would in a real crash.
 */
final class KillPoint {
  /** Where a chosen kill lands. */
  enum Where {
    AFTER_COMMIT,
    AFTER_POSITION,
    BEFORE_COMMIT,
    AFTER_CHUNK_RECORD;

    String arg() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Where of(String arg) {
      return valueOf(arg.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }

  private static volatile Where where;
  private static volatile int at;
  private static final AtomicInteger seen = new AtomicInteger();

  private KillPoint() {}

  /**
   * Arms the kill point of a child's arguments: {@code none}, or {@code where:n} for the n-th time
   * the copy passes {@code where}.
   */
  static void arm(String spec) {
    if (spec.equals("none")) {
      return;
    }
    String[] parts = spec.split(":");
    where = Where.of(parts[0]);
    at = Integer.parseInt(parts[1]);
  }

  /** The copy passed {@code here}: parks for ever if that is the armed kill point's n-th time. */
  static void passed(Where here) {
    if (here != where || seen.incrementAndGet() != at) {
      return;
    }
    System.out.println("KILLPOINT " + here.arg() + " " + at);
    System.out.flush();
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        // only the SIGKILL ends this thread
      }
    }
  }
}
