package dev.checkpoint.logstore;

import dev.checkpoint.InvalidPositionException;
import dev.checkpoint.PositionJson;
import dev.checkpoint.PositionRecord;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses one line in any of the forms the seeds show:
 *
 * <pre>
 * 2024-10-10 04:04:08.152044 | current_position | {json}
 * 2024-10-10 04:04:08.152181 | checkpoint_position | {json}
 * | current_position | {json}
 * 2024-10-10 04:04:07.803422 | {json}
 * {json}
 * 2024-10-10 04:04:09.120000 | task finished
 * </pre>
 *
 * The JSON starts at the first {@code {} or {@code [} (a header holds neither, and starting at
 * {@code [} lets an array be reported as "not an object" instead of as a bad header).
 */
final class LineParser {
  private static final Pattern TIMESTAMP =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?");

  /** The line ape-dts appends to finished.log when a task completes. */
  private static final Pattern TASK_FINISHED =
      Pattern.compile("\\s*" + TIMESTAMP.pattern() + "\\s*\\|\\s*task finished\\s*\\r?");

  private static final int QUOTE_LIMIT = 500;

  private LineParser() {}

  /**
   * @param file the file as the user named it, for messages
   * @return the line's record, or empty for a position type this library does not resume
   * @throws InvalidPositionException starting with {@code FILE:LINE: }
   */
  static Optional<LogLine> parse(String text, String file, int number) {
    if (TASK_FINISHED.matcher(text).matches()) {
      return Optional.empty(); // ape-dts's end-of-task mark in finished.log: nothing to resume
    }
    int json = jsonStart(text);
    if (json < 0) {
      throw error(file, number, "no position JSON object on this line", text);
    }
    Tag tag = header(text.substring(0, json), text, file, number);
    Optional<PositionRecord> record;
    try {
      record = PositionJson.read(text.substring(json));
    } catch (InvalidPositionException e) {
      throw new InvalidPositionException(file + ":" + number + ": " + e.getMessage(), e);
    }
    return record.map(r -> new LogLine(number, text, tag, r));
  }

  /**
   * Whether a last line that has no line end is a whole record (blank, ape-dts's task-finished
   * mark, or a line that parses) rather than the remains of a write a crash cut short.
   */
  static boolean isComplete(String text) {
    if (text.isBlank()) {
      return true;
    }
    try {
      parse(text, "", 0);
      return true;
    } catch (InvalidPositionException e) {
      return false;
    }
  }

  private static int jsonStart(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '{' || c == '[') {
        return i;
      }
    }
    return -1;
  }

  private static Tag header(String header, String text, String file, int number) {
    if (header.isBlank()) {
      return Tag.NONE;
    }
    String[] parts = header.split("\\|", -1);
    // "A | B | " splits into [A, B, ""]: the part after the last bar must be empty.
    if (parts.length < 2 || parts.length > 3 || !parts[parts.length - 1].isBlank()) {
      throw error(
          file,
          number,
          "malformed header \""
              + header.strip()
              + "\" (expected \"TIMESTAMP | \", \"TIMESTAMP | TAG | \" or \"| TAG | \" before the"
              + " JSON)",
          text);
    }
    String timestamp = parts[0].strip();
    if (parts.length == 2 || !timestamp.isEmpty()) {
      if (!TIMESTAMP.matcher(timestamp).matches()) {
        throw error(
            file,
            number,
            "bad timestamp \"" + timestamp + "\" (expected yyyy-MM-dd HH:mm:ss[.ffffff])",
            text);
      }
    }
    if (parts.length == 2) {
      return Tag.NONE;
    }
    String tagText = parts[1].strip();
    Tag tag = Tag.of(tagText);
    if (tag == null) {
      throw error(
          file,
          number,
          "unknown tag \"" + tagText + "\" (expected current_position or checkpoint_position)",
          text);
    }
    return tag;
  }

  /** {@code FILE:LINE: what: "the line"}. */
  static InvalidPositionException error(String file, int number, String what, String text) {
    return new InvalidPositionException(file + ":" + number + ": " + what + ": " + quote(text));
  }

  static String quote(String text) {
    String t = text.length() > QUOTE_LIMIT ? text.substring(0, QUOTE_LIMIT) + "..." : text;
    return "\"" + t + "\"";
  }
}
