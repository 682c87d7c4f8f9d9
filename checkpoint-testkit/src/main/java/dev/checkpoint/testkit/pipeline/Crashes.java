package dev.checkpoint.testkit.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Which batches {@code k} a {@link PipelineCheck} crashes at, for each {@link CrashPoint}. The
 * uninterrupted run says how many batches a point has; a {@code k} beyond that is not tried.
 */
public final class Crashes {
  private final String description;
  private final Chooser chooser;

  @FunctionalInterface
  private interface Chooser {
    List<Integer> choose(int max);
  }

  private Crashes(String description, Chooser chooser) {
    this.description = description;
    this.chooser = chooser;
  }

  /**
   * Every {@code k} from 1 to {@code bound} (or to the last batch, if fewer).
   *
   * @param bound the largest {@code k} tried
   * @return the choice
   * @throws IllegalArgumentException if {@code bound < 1}
   */
  public static Crashes upTo(int bound) {
    if (bound < 1) {
      throw new IllegalArgumentException("bound must be >= 1, was " + bound);
    }
    return new Crashes(
        "every k up to " + bound,
        max -> IntStream.rangeClosed(1, Math.min(bound, max)).boxed().toList());
  }

  /**
   * {@code count} different {@code k} drawn from all the batches (all of them, if fewer), with a
   * seed that the report names so that a failure can be repeated.
   *
   * @param count how many {@code k} to try per point
   * @param seed the seed of the draw
   * @return the choice
   * @throws IllegalArgumentException if {@code count < 1}
   */
  public static Crashes sampled(int count, long seed) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, was " + count);
    }
    return new Crashes(
        count + " k sampled with seed " + seed,
        max -> {
          List<Integer> all = new ArrayList<>(IntStream.rangeClosed(1, max).boxed().toList());
          Collections.shuffle(all, new Random(seed));
          List<Integer> chosen = new ArrayList<>(all.subList(0, Math.min(count, max)));
          Collections.sort(chosen);
          return chosen;
        });
  }

  /**
   * Just these {@code k}, to repeat one failure.
   *
   * @param ks the batches, each at least 1
   * @return the choice
   * @throws IllegalArgumentException if {@code ks} is empty or holds a {@code k < 1}
   */
  public static Crashes at(int... ks) {
    if (ks.length == 0) {
      throw new IllegalArgumentException("ks must not be empty");
    }
    for (int k : ks) {
      if (k < 1) {
        throw new IllegalArgumentException("ks must be >= 1, was " + k);
      }
    }
    int[] sorted = ks.clone();
    Arrays.sort(sorted);
    return new Crashes(
        "k in " + Arrays.toString(sorted),
        max -> Arrays.stream(sorted).distinct().filter(k -> k <= max).boxed().toList());
  }

  /** The {@code k} to try for a point with {@code max} batches, ascending. */
  List<Integer> choose(int max) {
    return max < 1 ? List.of() : chooser.choose(max);
  }

  @Override
  public String toString() {
    return description;
  }
}
