package dev.checkpoint;

/**
 * A read-only place positions come from, such as a user-written {@code resume.config} or another
 * task's log directory. Sources are consulted after the store: the store's position for a table
 * wins; a table is finished if any of them says so.
 */
@FunctionalInterface
public interface ResumeSource {
  /**
   * Reads the source afresh (nothing is cached: a human edit between runs is seen).
   *
   * @return every table the source mentions, with its position and finished mark
   * @throws InvalidPositionException naming the file and line of anything it cannot parse
   */
  ResumeState read();
}
