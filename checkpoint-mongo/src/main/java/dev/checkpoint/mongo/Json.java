package dev.checkpoint.mongo;

import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/** The few bits of JSON text this module writes by hand. */
final class Json {
  /** Canonical extended JSON: every BSON type is explicit, so parsing it back is exact. */
  static final JsonWriterSettings CANONICAL =
      JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

  private Json() {}

  /** A JSON string literal. Non-ASCII characters stay as they are, as in the position logs. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
