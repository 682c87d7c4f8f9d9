package dev.checkpoint.testkit;

/**
 * The one password the test suite hands to stores, readers, commands and URLs of every form (a JDBC
 * URL parameter, ape-dts's {@code mysql://user:password@host}, a MongoDB URI) to check that it is
 * never printed. The build writes each test's output to a file, and a last test greps all of them
 * for it (checkpoint-bench's {@code SecretsInOutputIT}).
 */
public final class TestSecrets {
  /** A password no real server here accepts, and that appears nowhere else. */
  public static final String PASSWORD = "Wr0ng-S3cret-pw-7731";

  private TestSecrets() {}
}
