package dev.checkpoint.testkit.pipeline;

/**
 * Where in a pipeline a planned crash comes, counted in batches {@code k} from 1. Each point is
 * injected by the part of the {@link CrashingRun} the pipeline uses for it; a point none of the
 * pipeline's parts can reach is not tried.
 */
public enum CrashPoint {
  /**
   * After batch {@code k} was handled, before batch {@code k + 1}: the wrapped source throws when
   * asked for batch {@code k + 1}; without a wrapped source, the wrapped sink throws when handed
   * batch {@code k + 1}, before writing it.
   */
  AFTER_BATCH("after batch %d, before the next batch is read"),

  /**
   * Inside the sink, at batch {@code k}: the wrapped data source's sink connection is rolled back
   * instead of making its {@code k}-th commit; without one, the wrapped sink writes the first half
   * of batch {@code k} and throws (a sink that is not atomic, interrupted mid-batch).
   */
  IN_SINK("inside the sink, at batch %d"),

  /**
   * Between the sink's commit of batch {@code k} and the position write: the wrapped data source's
   * {@code k}-th sink commit lands and then throws; without one, the wrapped sink writes batch
   * {@code k} and then throws, so the position of the batch is never taken.
   */
  AFTER_COMMIT("between the sink's commit of batch %d and its position write"),

  /**
   * Right after the {@code k}-th write to the wrapped store landed: the positions written so far
   * are kept, nothing after them happens (what a position taken before its batch's commit loses).
   */
  AFTER_POSITION_WRITE("right after store write %d landed");

  private final String description;

  CrashPoint(String description) {
    this.description = description;
  }

  /** The point in words, for the report. */
  String describe(int k) {
    return String.format(description, k);
  }
}
