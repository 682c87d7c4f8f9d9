package dev.checkpoint;

import java.util.Locale;

/** How a reader resumes a table. */
public enum Strategy {
  /** {@code WHERE (k1,...) > (?,...) ORDER BY k1,...}: the database skips the committed rows. */
  KEY,
  /**
   * Re-run a deterministic ordered read and skip the committed rows, checking a fingerprint of the
   * last one. Seed 002 calls it {@code PYTHON}; that name is accepted when parsing.
   */
  ROW_SKIP,
  /** The primary key, else the smallest non-null unique key, else {@link #ROW_SKIP}. */
  AUTO,
  /** No mid-table positions: an interrupted table is read again from the beginning. */
  NONE;

  /**
   * Parses a strategy name as configuration writes it: case-insensitive, {@code PYTHON} and {@code
   * ROW-SKIP} meaning {@link #ROW_SKIP}.
   *
   * @param name the name, e.g. {@code key}, {@code ROW_SKIP}, {@code python}, {@code auto}, {@code
   *     none}
   * @return the strategy
   * @throws IllegalArgumentException naming the value and the accepted names
   */
  public static Strategy parse(String name) {
    if (name == null) {
      throw new IllegalArgumentException("strategy must not be null");
    }
    String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    switch (n) {
      case "KEY":
        return KEY;
      case "ROW_SKIP":
      case "ROWSKIP":
      case "PYTHON":
        return ROW_SKIP;
      case "AUTO":
        return AUTO;
      case "NONE":
        return NONE;
      default:
        throw new IllegalArgumentException(
            "unknown strategy \"" + name + "\" (expected KEY, ROW_SKIP (or PYTHON), AUTO or NONE)");
    }
  }
}
