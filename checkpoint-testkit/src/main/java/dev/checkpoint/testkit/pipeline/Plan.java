package dev.checkpoint.testkit.pipeline;

import java.util.EnumSet;
import java.util.Set;

/**
 * One attempt's crash plan and its counters: which point, injected by which part, at which k; or
 * none (the uninterrupted run and the restart). Shared by the parts of one {@link CrashingRun}, on
 * any thread (a checkpointer may read ahead on its own).
 */
final class Plan {
  /** The parts that can crash, each counting its own events. */
  enum Part {
    /** Batches asked of the wrapped source (each open's final "no more" too). */
    SOURCE,
    /** Batches handed to the wrapped sink. */
    SINK,
    /** Commits of the wrapped data source's sink connections. */
    CONNECTION,
    /** Writes (applies) to the wrapped store. */
    STORE
  }

  private final CrashPoint point;
  private final Part part;
  private final int k;
  private final int[] counts = new int[Part.values().length];
  private final Set<Part> used = EnumSet.noneOf(Part.class);
  private InjectedCrash crash;

  private Plan(CrashPoint point, Part part, int k) {
    this.point = point;
    this.part = part;
    this.k = k;
  }

  /** No crash: the uninterrupted run, and every restart. */
  static Plan none() {
    return new Plan(null, null, 0);
  }

  static Plan crash(CrashPoint point, Part part, int k) {
    return new Plan(point, part, k);
  }

  CrashPoint point() {
    return point;
  }

  Part part() {
    return part;
  }

  int k() {
    return k;
  }

  synchronized void use(Part p) {
    used.add(p);
  }

  synchronized boolean used(Part p) {
    return used.contains(p);
  }

  /** Counts one event of the part; returns its number in this attempt, from 1. */
  synchronized int count(Part p) {
    return ++counts[p.ordinal()];
  }

  synchronized int counted(Part p) {
    return counts[p.ordinal()];
  }

  /** Whether event {@code n} of part {@code p} is where this plan crashes at point {@code at}. */
  synchronized boolean crashesAt(Part p, CrashPoint at, int n) {
    return crash == null && point == at && part == p && k == n;
  }

  /** Fires the crash: from now on every part is dead. */
  synchronized InjectedCrash fire(String detail) {
    crash = new InjectedCrash("injected crash " + point.describe(k) + ": " + detail);
    return crash;
  }

  synchronized boolean fired() {
    return crash != null;
  }

  synchronized InjectedCrash crash() {
    return crash;
  }

  /** Throws if the crash came: a dead process reads and writes nothing more. */
  synchronized void alive(String what) {
    if (crash != null) {
      throw new InjectedCrash(what + " after the injected crash: the process is dead");
    }
  }

  @Override
  public String toString() {
    return point == null ? "no crash" : point + " k=" + k;
  }
}
