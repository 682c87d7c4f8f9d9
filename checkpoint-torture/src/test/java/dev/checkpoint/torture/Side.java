package dev.checkpoint.torture;

import dev.checkpoint.torture.TortureData.Comparison;
import java.nio.file.Path;

/** The databases a torture run copies between: its source, a fresh target per round, the check. */
interface Side {
  /** The URL (JDBC) or URI (MongoDB) the children connect with. */
  String url();

  /** The source schema (database). */
  String src();

  /** The target schema (database) of the current round. */
  String dst();

  void freshTarget(Mode mode) throws Exception;

  /** A log directory or a position table (collection) for a round. */
  String store(Mode mode, int round, Path dir);

  Comparison compare(Mode mode) throws Exception;
}
