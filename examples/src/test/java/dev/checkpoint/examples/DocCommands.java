package dev.checkpoint.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The shell commands README.md and docs/ show, each run by the test named beside it.
 * DocsCodeBlocksTest accepts a {@code bash} block only if its lines are among these, so a command
 * in the docs is always one a test runs.
 */
final class DocCommands {
  private DocCommands() {}

  /** README's first command; ResumableCopyIT runs its java part from the repository root. */
  static final String RUN_EXAMPLE =
      "mvn -q -DskipTests package && java -jar examples/target/checkpoint-examples.jar";

  /** README's second command; DocsCodeBlocksTest checks that .ci/run runs exactly this. */
  static final String RUN_TESTS = "mvn -B verify";

  /** docs/getting-started.md; ResumableCopyIT runs it. */
  static final String BREAK_TARGET =
      "java -jar examples/target/checkpoint-examples.jar --rows 200000 --break-target";

  /**
   * docs/getting-started.md: the other examples as a user runs them, on their embedded servers;
   * each one's IT runs it exactly so.
   */
  static final String OWN_LOOP = "java -jar examples/target/checkpoint-examples.jar own-loop";

  static final String EXACTLY_ONCE =
      "java -jar examples/target/checkpoint-examples.jar exactly-once";

  static final String MANY_TABLES = "java -jar examples/target/checkpoint-examples.jar many-tables";

  static final String MONGO_COPY = "java -jar examples/target/checkpoint-examples.jar mongo-copy";

  /** docs/scale-out.md; ParallelCopyIT runs it. */
  static final String PARALLEL_COPY =
      "java -jar examples/target/checkpoint-examples.jar parallel-copy";

  static final List<String> ALL =
      List.of(
          RUN_EXAMPLE,
          RUN_TESTS,
          BREAK_TARGET,
          OWN_LOOP,
          EXACTLY_ONCE,
          MANY_TABLES,
          MONGO_COPY,
          PARALLEL_COPY);

  /** The java part of a documented command, as arguments after {@code java}. */
  static List<String> javaArgs(String command) {
    int java = command.indexOf("java ");
    if (java < 0 || (java > 0 && !command.substring(0, java).endsWith("&& "))) {
      throw new IllegalArgumentException("not a java command: " + command);
    }
    List<String> args =
        new ArrayList<>(Arrays.asList(command.substring(java + 5).trim().split(" +")));
    return args;
  }
}
