package dev.checkpoint.mongo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.bson.BsonDocument;

/**
 * The fingerprint of a row of a row-skip read: SHA-256, in hex, of the document's canonical
 * extended JSON (as returned, after the projection). Canonical JSON names every type, so an int32 5
 * and an int64 5 give different fingerprints, and keeps field order.
 */
final class Fingerprints {
  private Fingerprints() {}

  static String of(BsonDocument doc) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(doc.toJson(Json.CANONICAL).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
