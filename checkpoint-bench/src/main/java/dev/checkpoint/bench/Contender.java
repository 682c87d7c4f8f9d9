package dev.checkpoint.bench;

/**
 * One thing measured once per round: {@link #prepare} is not timed (truncating a target, a fresh
 * log directory), {@link #measure} is and returns the round's value in the series' unit.
 */
interface Contender {
  Series series();

  default void prepare() throws Exception {}

  double measure() throws Exception;

  static Contender of(Series series, Measure measure) {
    return of(series, () -> {}, measure);
  }

  static Contender of(Series series, Step prepare, Measure measure) {
    return new Contender() {
      @Override
      public Series series() {
        return series;
      }

      @Override
      public void prepare() throws Exception {
        prepare.run();
      }

      @Override
      public double measure() throws Exception {
        return measure.get();
      }
    };
  }

  @FunctionalInterface
  interface Measure {
    double get() throws Exception;
  }

  @FunctionalInterface
  interface Step {
    void run() throws Exception;
  }
}
