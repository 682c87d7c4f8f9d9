package dev.checkpoint.chunk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkpoint.CheckpointException;
import dev.checkpoint.Position;
import dev.checkpoint.PositionJson;
import dev.checkpoint.PositionKey;
import dev.checkpoint.PositionRecord;
import dev.checkpoint.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chunk plans and chunk states as store records (kinds {@code ChunkPlan} and {@code Chunk}), mapped
 * here once. The JSON is this library's own; ape-dts skips rows of kinds it does not know.
 */
final class ChunkRecords {
  /** The largest plan record: MySQL's TEXT column holds 65,535 bytes. */
  static final int MAX_PLAN_BYTES = 60_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private ChunkRecords() {}

  static String planKey(TableRef table) {
    return PositionKey.of(table);
  }

  static String chunkKey(TableRef table, int id) {
    return PositionKey.of(table) + "#" + id;
  }

  static String writePlan(ChunkPlan plan) {
    ObjectNode n = JSON.createObjectNode();
    n.put("column", plan.column());
    n.put("start", plan.start());
    ArrayNode bounds = n.putArray("bounds");
    plan.bounds().forEach(bounds::add);
    n.put("nulls", plan.nulls());
    String text = n.toString();
    if (text.length() > MAX_PLAN_BYTES) {
      throw new CheckpointException(
          "the chunk plan of "
              + plan.table()
              + " has "
              + plan.bounds().size()
              + " bounds ("
              + text.length()
              + " bytes); a plan record holds at most "
              + MAX_PLAN_BYTES
              + ": choose larger chunks (chunkRows)");
    }
    return text;
  }

  static ChunkPlan readPlan(TableRef table, String data, String origin) {
    JsonNode n = parse(data, "chunk plan", origin);
    List<String> bounds = new ArrayList<>();
    for (JsonNode b : n.path("bounds")) {
      bounds.add(b.asText());
    }
    if (!n.hasNonNull("column")) {
      throw bad("chunk plan", origin, "no column", data);
    }
    return new ChunkPlan(
        table,
        n.get("column").asText(),
        n.hasNonNull("start") ? n.get("start").asText() : null,
        bounds,
        n.path("nulls").asBoolean());
  }

  /** A chunk's state: who reads it until when, how far it got, whether it is done. */
  record State(
      boolean finished, String owner, long epoch, long expires, long rows, Position position) {
    State claimedBy(String newOwner, long until) {
      return new State(false, newOwner, epoch + 1, until, rows, position);
    }

    State advanced(Position at, long moreRows, long until) {
      return new State(false, owner, epoch, until, rows + moreRows, at);
    }

    State done() {
      return new State(true, owner, epoch, 0, rows, position);
    }

    static State unclaimed() {
      return new State(false, null, 0, 0, 0, null);
    }
  }

  static String writeState(TableRef table, State s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("state", s.finished() ? "finished" : "doing");
    n.put("owner", s.owner());
    n.put("epoch", s.epoch());
    n.put("expires", s.expires());
    n.put("rows", s.rows());
    n.put("position", s.position() == null ? null : PositionJson.write(table, s.position()));
    return n.toString();
  }

  static State readState(String data, String origin) {
    JsonNode n = parse(data, "chunk", origin);
    String state = n.path("state").asText();
    if (!state.equals("finished") && !state.equals("doing")) {
      throw bad("chunk", origin, "state must be doing or finished", data);
    }
    Position position = null;
    if (n.hasNonNull("position")) {
      Optional<PositionRecord> p = PositionJson.read(n.get("position").asText());
      position = p.map(PositionRecord::position).orElse(null);
    }
    return new State(
        state.equals("finished"),
        n.hasNonNull("owner") ? n.get("owner").asText() : null,
        n.path("epoch").asLong(),
        n.path("expires").asLong(),
        n.path("rows").asLong(),
        position);
  }

  private static JsonNode parse(String data, String what, String origin) {
    try {
      JsonNode n = JSON.readTree(data == null ? "" : data);
      if (n == null || !n.isObject()) {
        throw bad(what, origin, "not a JSON object", data);
      }
      return n;
    } catch (JsonProcessingException e) {
      throw bad(what, origin, e.getOriginalMessage(), data);
    }
  }

  private static CheckpointException bad(String what, String origin, String why, String data) {
    return new CheckpointException(
        "unreadable "
            + what
            + " record"
            + (origin == null ? "" : " " + origin)
            + ": "
            + why
            + ": "
            + data);
  }
}
