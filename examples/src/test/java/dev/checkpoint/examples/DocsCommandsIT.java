package dev.checkpoint.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.examples.DocBlocks.Block;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code checkpoint-cli.jar} commands the docs show, run through the CLI jar this build made
 * (the reactor builds checkpoint-cli before the examples). Each runs with {@code --help} appended:
 * the CLI then parses the command and every option as given (an unknown command or option, a
 * missing value, a value given to a flag is exit code 2) and prints the command's usage instead of
 * touching a store, which the examples of the docs (hosts like {@code db:3306}) do not have.
 */
class DocsCommandsIT {
  private static final List<String> PREFIXES =
      List.of(
          "java -jar checkpoint-cli.jar ", "java -jar checkpoint-cli/target/checkpoint-cli.jar ");

  static boolean isCliCommand(String line) {
    return PREFIXES.stream().anyMatch(line::startsWith);
  }

  @Test
  void everyCliCommandOfTheDocsParsesWithTheRealCli() throws Exception {
    Path jar = Repo.root().resolve("checkpoint-cli/target/checkpoint-cli.jar");
    assertThat(jar)
        .as(
            "build checkpoint-cli first (mvn -pl checkpoint-cli package): the docs' commands run on it")
        .exists();
    List<String> problems = new ArrayList<>();
    int checked = 0;
    try (URLClassLoader cli =
        new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Method run =
          cli.loadClass("dev.checkpoint.cli.Main")
              .getDeclaredMethod("run", String[].class, PrintStream.class, PrintStream.class);
      run.setAccessible(true);
      for (Block b : DocsCodeBlocksTest.blocks("bash")) {
        for (String line : b.lines()) {
          String cmd = line.strip();
          if (!isCliCommand(cmd)) {
            continue;
          }
          String args =
              PREFIXES.stream()
                  .filter(cmd::startsWith)
                  .findFirst()
                  .map(p -> cmd.substring(p.length()))
                  .get();
          List<String> argv = new ArrayList<>(List.of(args.trim().split(" +")));
          argv.add("--help");
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          ByteArrayOutputStream err = new ByteArrayOutputStream();
          int exit =
              (int)
                  run.invoke(
                      null,
                      argv.toArray(new String[0]),
                      new PrintStream(out, true, StandardCharsets.UTF_8),
                      new PrintStream(err, true, StandardCharsets.UTF_8));
          String usage = out.toString(StandardCharsets.UTF_8);
          if (exit != 0 || !usage.startsWith("Usage: " + argv.get(0))) {
            problems.add(
                b.where()
                    + ": "
                    + cmd
                    + " -> exit "
                    + exit
                    + ": "
                    + err.toString(StandardCharsets.UTF_8).strip());
          }
          checked++;
        }
      }
    }
    assertThat(problems).as(String.join("\n", problems)).isEmpty();
    System.out.println(checked + " CLI commands of the docs parse");
  }
}
