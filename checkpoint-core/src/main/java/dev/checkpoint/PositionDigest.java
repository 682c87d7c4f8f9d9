package dev.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A short digest of a table's position, by which a {@link TableStatus} names the position its rows
 * count up to. 64 bits of SHA-256 over the position's JSON: it is only ever compared with the one
 * position the store holds for the table.
 */
final class PositionDigest {
  private PositionDigest() {}

  static String of(TableRef table, Position position) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(PositionJson.write(table, position).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
