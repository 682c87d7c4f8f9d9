package dev.checkpoint.examples;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the repository the tests read: README, docs, the examples jar. */
final class Repo {
  private Repo() {}

  /**
   * The repository root: Failsafe passes it; under Surefire or an IDE it is the module's parent.
   */
  static Path root() {
    String env = System.getenv("CHECKPOINT_REPO_ROOT");
    Path root =
        env != null && !env.isBlank() ? Path.of(env) : Path.of("").toAbsolutePath().getParent();
    if (!Files.exists(root.resolve("README.md"))) {
      root = Path.of("").toAbsolutePath();
    }
    if (!Files.exists(root.resolve("README.md")) || !Files.isDirectory(root.resolve("examples"))) {
      throw new IllegalStateException(
          "cannot find the repository root (README.md and examples/) from " + root);
    }
    return root.toAbsolutePath().normalize();
  }

  static Path readme() {
    return root().resolve("README.md");
  }

  static Path docs() {
    return root().resolve("docs");
  }

  /** The shaded jar this module's package phase builds; the ITs run after it. */
  static Path examplesJar() {
    Path jar = root().resolve("examples/target/checkpoint-examples.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          jar + " does not exist: run the tests with mvn verify, which packages it first");
    }
    return jar;
  }
}
