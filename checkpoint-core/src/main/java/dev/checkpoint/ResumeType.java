package dev.checkpoint;

import java.util.Locale;

/** Where a task keeps and reads its positions: the seeds' {@code [resumer] resume_type}. */
public enum ResumeType {
  /** position.log / finished.log in a log directory. */
  FROM_LOG,
  /** A position table in the target database. */
  FROM_TARGET,
  /** A position table in a separately specified database ({@code url}, {@code db_type}). */
  FROM_DB,
  /**
   * Positions are still written to the log directory, but a run never resumes from them. {@code
   * resume_type=none}, or {@code dummy} (ape-dts's default, which means no resume).
   */
  NONE;

  static ResumeType parse(String value) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "from_log":
        return FROM_LOG;
      case "from_target":
        return FROM_TARGET;
      case "from_db":
        return FROM_DB;
      case "none":
      case "dummy": // ape-dts's default: no resume
        return NONE;
      default:
        throw new IllegalArgumentException(
            "unknown resume_type \""
                + value
                + "\" (expected from_log, from_target, from_db, none or dummy)");
    }
  }
}
