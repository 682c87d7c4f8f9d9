package dev.checkpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged jar as a user would: {@code java -jar
 * checkpoint-cli/target/checkpoint-cli.jar}.
 */
class CliJarIT {
  private static final Path JAR = Path.of("target/checkpoint-cli.jar").toAbsolutePath();

  private record Result(int exit, String out, String err) {}

  private static Result java(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString()));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void theJarShowsTheSeedExample(@TempDir Path dir) throws Exception {
    assertThat(JAR).exists();
    Result r =
        java(
            dir,
            "show",
            "--log-dir",
            Cli.SEED001.resolve("resume_logs").toString(),
            "--config-file",
            Cli.SEED001.resolve("resume.config").toString(),
            "--json");
    assertThat(r.err).isEmpty();
    assertThat(r.exit).isZero();
    assertThat(r.out.lines()).containsExactlyElementsOf(ShowCommandTest.SEED001_JSON);
  }

  @Test
  void theJarExitsTwoOnABadFile(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("resume.config");
    Files.writeString(config, "{\"type\":\"RdbSnapshot\"\n", StandardCharsets.UTF_8);
    Result r = java(dir, "show", "--config-file", config.toString());
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.err.lines()).hasSize(1);
    assertThat(r.err).contains("resume.config:1");
  }
}
