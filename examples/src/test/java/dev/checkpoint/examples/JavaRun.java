package dev.checkpoint.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command in a new process, as a user would in a shell, and keeps its output. */
record JavaRun(int exit, String output, double seconds) {

  /** {@code java ARGS} with this JVM's java, in {@code dir}; stdout and stderr merged. */
  static JavaRun java(Path dir, List<String> args, long timeoutSeconds)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(args);
    Path log = Files.createTempFile("java-run-", ".txt");
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(
          cmd + " did not finish in " + timeoutSeconds + " s; output:\n" + Files.readString(log));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    // Shown in the test report: what a user would have seen.
    System.out.println(
        "$ "
            + String.join(" ", cmd)
            + "\n"
            + output
            + "(exit "
            + p.exitValue()
            + ", "
            + String.format("%.1f", seconds)
            + " s)");
    return new JavaRun(p.exitValue(), output, seconds);
  }
}
