package dev.checkpoint.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint of a row for ROW_SKIP positions: the first 16 bytes of the SHA-256 of the row's
 * values in a canonical text form, as 32 lower-case hex digits. Each value is written as its
 * position text (docs/strategies.md) prefixed by its length, {@code N} for SQL NULL, so that no two
 * different rows share a canonical form.
 */
final class Fingerprint {
  private Fingerprint() {}

  static String of(Object[] values, ColumnType[] types) {
    StringBuilder b = new StringBuilder(values.length * 16);
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v == null) {
        b.append("N;");
      } else {
        String text = types[i].encode(v);
        b.append(text.length()).append(':').append(text).append(';');
      }
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(b.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
