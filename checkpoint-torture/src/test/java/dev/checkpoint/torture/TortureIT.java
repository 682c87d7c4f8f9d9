package dev.checkpoint.torture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.testkit.ChildJvm;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kill -9 torture: every mode of {@link Mode} on MariaDB and PostgreSQL (the Mongo modes on the
 * in-process server), each copy run in child JVMs killed with SIGKILL at random moments and at
 * chosen ones, restarted until it ends, and compared with its source row for row: no row missing,
 * no row that is not in the source, none delivered twice in the exactly-once modes, and in the
 * at-least-once modes no more delivered again than one batch per thread per kill.
 *
 * <p>Kills per mode and database: {@code -Dcheckpoint.torture.kills}, 3 in the default build; the
 * {@code torture} profile's long run ({@code mvn -B -Ptorture verify -pl checkpoint-torture -am})
 * sets 60. The figures go to {@code target/torture/figures.md} and to docs/guarantees.md.
 */
class TortureIT {
  private static final int KILLS = Integer.getInteger("checkpoint.torture.kills", 3);

  @TempDir static Path dir;
  private static String classpath;
  private static final Map<Kind, TortureData> JDBC = new EnumMap<>(Kind.class);
  private static MongoData mongo;

  @BeforeAll
  static void snapshot() throws Exception {
    classpath = ChildJvm.snapshotClasspath(dir.resolve("classpath"));
  }

  @AfterAll
  static void figures() throws Exception {
    if (mongo != null) {
      mongo.close();
    }
    System.out.println(Figures.write(Path.of("target", "torture", "figures.md")));
  }

  static Stream<Arguments> modes() {
    List<Arguments> out = new ArrayList<>();
    for (Mode m : Mode.values()) {
      if (m.broken()) {
        continue;
      }
      if (m.mongo()) {
        out.add(Arguments.of(m, "MONGO"));
      } else {
        out.add(Arguments.of(m, "MYSQL"));
        out.add(Arguments.of(m, "POSTGRES"));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("modes")
  void killedAtAnyMomentTheCopyEndsEqualToItsSource(Mode mode, String db) throws Exception {
    Side side = side(db);
    long seed = System.nanoTime();
    System.out.printf("%s on %s: %d kills, seed %d%n", mode, db, KILLS, seed);
    Path work = dir.resolve(mode + "-" + db);
    Files.createDirectories(work);
    new TortureRun(mode, side, work, classpath, KILLS, Figures.line(mode, label(db)), seed).run();
  }

  /**
   * The torture can fail: a pipeline whose sink commits each batch one call late, after its
   * position was taken, is caught losing rows at its first kill.
   */
  @Test
  void aPipelineThatTakesItsPositionBeforeTheCommitIsCaughtLosingRows() throws Exception {
    Mode mode = Mode.BROKEN_LATE_COMMIT;
    Path work = dir.resolve(mode.name());
    Files.createDirectories(work);
    TortureRun run =
        new TortureRun(
            mode, side("POSTGRES"), work, classpath, 1, new Figures.Line(mode, "PostgreSQL"), 7);
    assertThatThrownBy(run::run)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("source rows missing from the target");
  }

  private static Side side(String db) throws Exception {
    if (db.equals("MONGO")) {
      if (mongo == null) {
        mongo = new MongoData();
        mongo.fillSource();
      }
      return mongo;
    }
    Kind kind = Kind.valueOf(db);
    TortureData data = JDBC.get(kind);
    if (data == null) {
      data = new TortureData(kind);
      data.fillSources();
      JDBC.put(kind, data);
    }
    return data;
  }

  private static String label(String db) {
    return switch (db) {
      case "MYSQL" -> "MariaDB";
      case "POSTGRES" -> "PostgreSQL";
      default -> "MongoDB (in-process)";
    };
  }
}
