package dev.checkpoint.logstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small reader of a log directory that follows the rules of one generation of ape-dts, as its
 * source states them (dt-connector {@code resumer/recovery/from_log.rs}, dt-common {@code
 * meta/position.rs}), written here from those rules, not from its code:
 *
 * <ul>
 *   <li>only the last {@value PositionIndex#APE_DTS_TAIL} lines of position.log are read; every
 *       line of finished.log is read;
 *   <li>the JSON is what follows the header; unknown fields are ignored, never an error;
 *   <li>{@link Generation#FLAT} (v2.0.25 and earlier): a snapshot's key is {@code order_col} +
 *       {@code value}; {@code order_key} is an unknown field;
 *   <li>{@link Generation#ORDER_KEY} (v2.0.26 and later): the key is {@code order_key} ({@code
 *       single} or {@code composite}); {@code order_col}/{@code value} are unknown fields, so a
 *       flat-only line has no key.
 * </ul>
 *
 * The later line of a table wins, a current_position line over a checkpoint_position one.
 */
final class ApeDtsReader {
  enum Generation {
    FLAT,
    ORDER_KEY
  }

  /** A table's key as that generation sees it: [[column, value], ...]. */
  record Key(List<List<String>> columns) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Generation generation;
  final Map<String, Key> positions = new HashMap<>();
  final Set<String> finished = new HashSet<>();

  private ApeDtsReader(Generation generation) {
    this.generation = generation;
  }

  static ApeDtsReader read(Path dir, Generation generation) throws IOException {
    ApeDtsReader r = new ApeDtsReader(generation);
    Map<String, Key> checkpoint = new HashMap<>();
    List<String> lines = lines(dir.resolve("position.log"));
    for (String line :
        lines.subList(Math.max(0, lines.size() - PositionIndex.APE_DTS_TAIL), lines.size())) {
      JsonNode n = json(line);
      if (n == null || !"RdbSnapshot".equals(n.path("type").asText())) {
        continue;
      }
      Key key = r.key(n);
      if (key != null) {
        (line.contains("current_position") ? r.positions : checkpoint).put(name(n), key);
      }
    }
    checkpoint.forEach(r.positions::putIfAbsent);
    for (String line : lines(dir.resolve("finished.log"))) {
      JsonNode n = json(line);
      if (n != null && "RdbSnapshotFinished".equals(n.path("type").asText())) {
        r.finished.add(name(n));
      }
    }
    return r;
  }

  static String name(String schema, String tb) {
    return schema + "." + tb;
  }

  private static String name(JsonNode n) {
    return name(n.path("schema").asText(), n.path("tb").asText());
  }

  private Key key(JsonNode n) {
    List<List<String>> cols = new ArrayList<>();
    if (generation == Generation.FLAT) {
      if (!n.hasNonNull("order_col")) {
        return null;
      }
      cols.add(pair(n.get("order_col"), n.get("value")));
      return new Key(cols);
    }
    JsonNode ok = n.get("order_key");
    if (ok == null || ok.isNull()) {
      return null;
    }
    if (ok.has("single")) {
      cols.add(pair(ok.get("single").get(0), ok.get("single").get(1)));
    } else {
      for (JsonNode p : ok.get("composite")) {
        cols.add(pair(p.get(0), p.get(1)));
      }
    }
    return new Key(cols);
  }

  private static List<String> pair(JsonNode col, JsonNode value) {
    List<String> p = new ArrayList<>();
    p.add(col.asText());
    p.add(value == null || value.isNull() ? null : value.asText());
    return p;
  }

  private static JsonNode json(String line) {
    int brace = line.indexOf('{');
    if (brace < 0) {
      return null; // a blank line, or "<timestamp> | task finished"
    }
    try {
      return JSON.readTree(line.substring(brace));
    } catch (IOException e) {
      throw new AssertionError("ape-dts could not parse: " + line, e);
    }
  }

  private static List<String> lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }
}
