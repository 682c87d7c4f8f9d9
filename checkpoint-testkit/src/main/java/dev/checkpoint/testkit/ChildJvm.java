package dev.checkpoint.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Child JVMs for crash tests: a real process that a test kills with SIGKILL ({@link
 * Process#destroyForcibly}), started on a copy of the test's class path.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * The test class path with this project's parts (class directories and the other modules' jars)
   * copied aside: another build may recompile or reinstall them while child processes still have to
   * start from them.
   *
   * @param into an empty directory for the copies
   * @return the class path to start children with
   * @throws IOException if a copy fails
   */
  public static String snapshotClasspath(Path into) throws IOException {
    List<String> out = new ArrayList<>();
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (!Files.isDirectory(p)) {
        if (entry.contains("/dev/checkpoint/") && Files.isRegularFile(p)) {
          Path jar = into.resolve(n++ + "-" + p.getFileName());
          Files.createDirectories(into);
          Files.copy(p, jar);
          out.add(jar.toString());
        } else {
          out.add(entry);
        }
        continue;
      }
      Path copy = into.resolve(Integer.toString(n++));
      try (var files = Files.walk(p)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Path to = copy.resolve(p.relativize(f).toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(to);
          } else {
            Files.copy(f, to);
          }
        }
      }
      out.add(copy.toString());
    }
    return String.join(File.pathSeparator, out);
  }

  /**
   * Starts {@code main} in a new JVM with the given class path, its output (and errors) appended to
   * {@code output}.
   *
   * @param classpath from {@link #snapshotClasspath}
   * @param main the class whose {@code main} runs
   * @param output the file the child writes to
   * @param args the program's arguments
   * @return the running process
   * @throws IOException if the process cannot start
   */
  public static Process start(String classpath, Class<?> main, Path output, String... args)
      throws IOException {
    return start(classpath, List.of(), main, output, args);
  }

  /**
   * As {@link #start(String, Class, Path, String...)}, with options for the JVM (for many light
   * children at once: {@code -XX:TieredStopAtLevel=1 -Xshare:auto -Xmx64m}).
   *
   * @param classpath from {@link #snapshotClasspath}
   * @param jvmOptions options placed before the class path, e.g. {@code -Xmx64m}
   * @param main the class whose {@code main} runs
   * @param output the file the child writes to
   * @param args the program's arguments
   * @return the running process
   * @throws IOException if the process cannot start
   */
  public static Process start(
      String classpath, List<String> jvmOptions, Class<?> main, Path output, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
        .start();
  }
}
