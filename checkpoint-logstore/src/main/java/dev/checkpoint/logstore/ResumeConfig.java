package dev.checkpoint.logstore;

import dev.checkpoint.ConfigException;
import dev.checkpoint.ResumeSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The user-written {@code resume.config} of seed 001 ("method 2"): lines in the position.log and
 * finished.log forms, with the timestamp header optional:
 *
 * <pre>
 * // table a resumes after id 6
 * | current_position | {"type":"RdbSnapshot","db_type":"mysql","schema":"test_db","tb":"a","order_col":"id","value":"6"}
 * {"type":"RdbSnapshotFinished","db_type":"mysql","schema":"test_db","tb":"d"}
 * </pre>
 *
 * Blank lines and lines starting with {@code //} or {@code #} are comments. Every other line must
 * parse; a bad one is an {@link dev.checkpoint.InvalidPositionException} naming the file and line.
 * Positions of a store or of a log directory win over this file's.
 */
public final class ResumeConfig {
  private ResumeConfig() {}

  /**
   * A source that reads the file afresh on every {@code read()}.
   *
   * @param file the resume.config file
   * @return the source; each {@code read()} reads the file again
   * @throws ConfigException from {@code read()} if the file does not exist
   */
  public static ResumeSource file(Path file) {
    Objects.requireNonNull(file, "file");
    return () -> {
      if (!Files.exists(file)) {
        throw new ConfigException("resume config file " + file + " does not exist");
      }
      return States.fromConfig(file);
    };
  }
}
