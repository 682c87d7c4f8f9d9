package dev.checkpoint.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.testkit.TestSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The suite's last check: every test of every module wrote its output to a file of its module's
 * target/surefire-reports or target/failsafe-reports (the build redirects it), the benchmark's
 * smoke run included; none holds the test password ({@link TestSecrets#PASSWORD}) that the secrets
 * tests hand to stores, readers and commands in every URL form.
 *
 * <p>This module builds last, and this class runs after the module's other ITs (alphabetical
 * order). Run alone, without the other modules' reports, it fails under {@code CI} and is skipped,
 * loudly, elsewhere.
 */
class SecretsInOutputIT {
  @Test
  void noTestOutputOfTheBuildHoldsThePassword() throws IOException {
    Path root = Path.of(System.getenv().getOrDefault("CHECKPOINT_REPO_ROOT", ".."));
    List<Path> outputs = new ArrayList<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : (Iterable<Path>) modules::iterator) {
        for (String reports : List.of("surefire-reports", "failsafe-reports")) {
          Path dir = module.resolve("target").resolve(reports);
          if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
              files.filter(f -> f.toString().endsWith(".txt")).forEach(outputs::add);
            }
          }
        }
      }
    }
    boolean probeRan = false;
    List<String> leaks = new ArrayList<>();
    for (Path f : outputs) {
      String text = Files.readString(f, StandardCharsets.ISO_8859_1);
      probeRan |= text.contains("secrets probe ran: ");
      int at = text.indexOf(TestSecrets.PASSWORD);
      if (at >= 0) {
        int from = Math.max(0, text.lastIndexOf('\n', at) + 1);
        int to = text.indexOf('\n', at);
        leaks.add(
            root.relativize(f)
                + ": "
                + text.substring(from, to < 0 ? text.length() : to)
                    .replace(TestSecrets.PASSWORD, "<the test password>"));
      }
    }
    if (!probeRan) {
      String why =
          "no output of checkpoint-cli's SecretsProbeIT under "
              + root.toAbsolutePath()
              + ": run the whole build (mvn -B verify) for this check";
      if (System.getenv("CI") != null) {
        throw new AssertionError(why);
      }
      System.err.println("\n*** SKIPPED: " + why + " ***\n");
      Assumptions.abort(why);
    }
    System.out.println("grepped " + outputs.size() + " test output files for the test password");
    assertThat(leaks).as("test output holding the test password").isEmpty();
  }
}
