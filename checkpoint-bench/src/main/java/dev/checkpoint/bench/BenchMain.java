package dev.checkpoint.bench;

/**
 * The benchmark runner's command line:
 *
 * <pre>
 * mvn -q -pl checkpoint-bench -am package -DskipTests
 * java -jar checkpoint-bench/target/checkpoint-bench.jar [--rows N] [--resume-rows N] [--out DIR] [--only ...]
 * </pre>
 *
 * See {@link BenchOptions#USAGE} and docs/performance.md.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    // The readers log every resume decision at INFO; one line per measured read drowns the table.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    // mongo-java-server logs an ERROR for every $type it does not know; the keyed reader's key
    // check asks for several of them, and the reader handles the answer.
    System.setProperty("org.slf4j.simpleLogger.log.de.bwaldvogel", "off");
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Results r = Bench.run(options);
    boolean failed = r.measured().anyMatch(s -> !s.complete());
    System.exit(failed ? 1 : 0);
  }
}
