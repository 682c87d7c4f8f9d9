package dev.checkpoint.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The runner's settings, parsed from its command line. Every size has a default that finishes in
 * under ten minutes on two cores; the documented run lists the values it used.
 *
 * @param rows rows of the throughput table (scenario 1), also copied by the workers scenario (6)
 * @param resumeRows rows of the resume table (scenario 2)
 * @param copyRows rows of the memory scenario's KEY copy (scenario 4), read from the resume table
 * @param mongoDocs documents of the Mongo scenario (5)
 * @param storeTables table counts of the store load scenario (3)
 * @param mongoStoreMax the most tables the Mongo store is filled with in that scenario: on the
 *     in-process server every record scans the collection, so 10,000 tables take minutes
 * @param recordCalls calls per round of the record-cost measurement without fsync (3)
 * @param longRunRecords positions recorded in the position.log long run (3)
 * @param rounds measured rounds; one more, unmeasured, warms up first
 * @param repeats runs per round of the plain reads of scenario 1 (a to d), interleaved
 * @param fetchSize PostgreSQL fetch size of the throughput scenario's streaming reads (MySQL always
 *     streams row by row); the resume scenario fetches one batch ({@code batchSize}) at a time, so
 *     that the first row does not wait for a large fetch
 * @param batchSize rows per batch, page and chunk
 * @param schema the MySQL database / PostgreSQL schema the runner creates its tables in
 * @param out where results.csv and chart.png go
 * @param scenarios which scenarios run
 * @param databases which databases run: {@code mysql}, {@code pg}
 * @param ids contender ids to run (for investigating one comparison); empty means all
 */
record BenchOptions(
    long rows,
    long resumeRows,
    long copyRows,
    int mongoDocs,
    List<Integer> storeTables,
    int mongoStoreMax,
    int recordCalls,
    int longRunRecords,
    int rounds,
    int repeats,
    int fetchSize,
    int batchSize,
    String schema,
    Path out,
    Set<String> scenarios,
    Set<String> databases,
    Set<String> ids) {

  static final List<String> SCENARIOS =
      List.of("throughput", "resume", "stores", "memory", "mongo", "workers");

  /**
   * The scenarios of a run without {@code --only}: all but {@code workers}, which copies the
   * throughput table six times a round and would make the default run half as long again.
   */
  static final List<String> DEFAULT_SCENARIOS =
      List.of("throughput", "resume", "stores", "memory", "mongo");

  static final List<String> DATABASES = List.of("mysql", "pg");

  static BenchOptions defaults() {
    return new BenchOptions(
        1_000_000,
        3_000_000,
        -1,
        300_000,
        List.of(10, 10_000),
        2_000,
        20_000,
        100_000,
        3,
        3,
        10_000,
        1_000,
        "checkpoint_bench",
        Path.of("bench-results"),
        new LinkedHashSet<>(DEFAULT_SCENARIOS),
        new LinkedHashSet<>(DATABASES),
        Set.of());
  }

  /** The copy size of the memory scenario: {@code --copy-rows}, else the resume table's size. */
  long memoryRows() {
    return copyRows > 0 ? copyRows : resumeRows;
  }

  boolean runs(String scenario) {
    return scenarios.contains(scenario);
  }

  static final String USAGE =
      String.join(
          "\n",
          "usage: java -jar checkpoint-bench.jar [options]",
          "  --rows N            rows of the throughput table, also copied by workers (default 1000000)",
          "  --resume-rows N     rows of the resume table, also copied by the memory scenario (default 3000000)",
          "  --copy-rows N       rows of the -Xmx128m KEY copy (default: --resume-rows)",
          "  --mongo-docs N      documents of the Mongo scenario (default 300000)",
          "  --store-tables A,B  table counts of the store load scenario (default 10,10000)",
          "  --mongo-store-max N at most this many tables for the Mongo store's load (default 2000;",
          "                      the in-process server scans its collection on every write)",
          "  --record-calls N    calls per round for the record cost without fsync (default 20000)",
          "  --long-run N        positions recorded in the position.log long run (default 100000)",
          "  --rounds N          measured rounds, after one warm-up round (default 3)",
          "  --repeats N         runs per round of the plain reads a-d, interleaved (default 3)",
          "  --fetch-size N      PostgreSQL fetch size of the throughput reads (default 10000)",
          "  --batch-size N      rows per batch, page and chunk (default 1000)",
          "  --schema NAME       MySQL database / PostgreSQL schema for the data (default checkpoint_bench)",
          "  --out DIR           where results.csv and chart.png go (default bench-results)",
          "  --only A,B          scenarios: throughput, resume, stores, memory, mongo, workers",
          "                      (default all but workers: chunked copies with 1, 2 and 4 threads)",
          "  --db A,B            databases: mysql, pg (default both)",
          "  --ids A,B           only these contenders, e.g. b,c,c-async (for a closer look; default all)",
          "Databases: CHECKPOINT_MYSQL_URL / CHECKPOINT_PG_URL, else the local servers on their",
          "default ports. A database that does not answer is skipped, or fails the run when CI is set.");

  /**
   * @throws IllegalArgumentException naming the option and the bad value
   */
  static BenchOptions parse(String... args) {
    BenchOptions o = defaults();
    long rows = o.rows;
    long resumeRows = o.resumeRows;
    long copyRows = o.copyRows;
    int mongoDocs = o.mongoDocs;
    List<Integer> storeTables = o.storeTables;
    int mongoStoreMax = o.mongoStoreMax;
    int recordCalls = o.recordCalls;
    int longRun = o.longRunRecords;
    int rounds = o.rounds;
    int repeats = o.repeats;
    int fetchSize = o.fetchSize;
    int batchSize = o.batchSize;
    String schema = o.schema;
    Path out = o.out;
    Set<String> scenarios = o.scenarios;
    Set<String> databases = o.databases;
    Set<String> ids = o.ids;
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (name.equals("--help") || name.equals("-h")) {
        throw new IllegalArgumentException(USAGE);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + name + " needs a value\n" + USAGE);
      }
      String v = args[++i];
      switch (name) {
        case "--rows" -> rows = positive(name, v);
        case "--resume-rows" -> resumeRows = positive(name, v);
        case "--copy-rows" -> copyRows = positive(name, v);
        case "--mongo-docs" -> mongoDocs = (int) positive(name, v);
        case "--store-tables" -> storeTables = ints(name, v);
        case "--mongo-store-max" -> mongoStoreMax = (int) positive(name, v);
        case "--record-calls" -> recordCalls = (int) positive(name, v);
        case "--long-run" -> longRun = (int) positive(name, v);
        case "--rounds" -> rounds = (int) positive(name, v);
        case "--repeats" -> repeats = (int) positive(name, v);
        case "--fetch-size" -> fetchSize = (int) positive(name, v);
        case "--batch-size" -> batchSize = (int) positive(name, v);
        case "--schema" -> schema = identifier(name, v);
        case "--out" -> out = Path.of(v);
        case "--only" -> scenarios = names(name, v, SCENARIOS);
        case "--db" -> databases = names(name, v, DATABASES);
        case "--ids" -> ids = Set.of(v.split(","));
        default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
      }
    }
    if (resumeRows < 100) {
      throw new IllegalArgumentException("--resume-rows must be at least 100, was " + resumeRows);
    }
    return new BenchOptions(
        rows,
        resumeRows,
        copyRows,
        mongoDocs,
        storeTables,
        mongoStoreMax,
        recordCalls,
        longRun,
        rounds,
        repeats,
        fetchSize,
        batchSize,
        schema,
        out,
        scenarios,
        databases,
        ids);
  }

  private static long positive(String name, String v) {
    long n;
    try {
      n = Long.parseLong(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was \"" + v + "\"");
    }
    if (n <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, was " + n);
    }
    if (n > Integer.MAX_VALUE && !name.endsWith("rows")) {
      throw new IllegalArgumentException(
          name + " must be at most " + Integer.MAX_VALUE + ", was " + n);
    }
    return n;
  }

  private static List<Integer> ints(String name, String v) {
    List<Integer> out = new ArrayList<>();
    for (String s : v.split(",")) {
      out.add((int) positive(name, s.trim()));
    }
    return List.copyOf(out);
  }

  private static String identifier(String name, String v) {
    if (!v.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
      throw new IllegalArgumentException(
          name + " must be a plain identifier (letters, digits, _), was \"" + v + "\"");
    }
    return v;
  }

  private static Set<String> names(String name, String v, List<String> allowed) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : v.split(",")) {
      String n = s.trim().toLowerCase(Locale.ROOT);
      if (!allowed.contains(n)) {
        throw new IllegalArgumentException(
            name + ": unknown value \"" + s + "\" (expected one of " + allowed + ")");
      }
      out.add(n);
    }
    return out;
  }
}
