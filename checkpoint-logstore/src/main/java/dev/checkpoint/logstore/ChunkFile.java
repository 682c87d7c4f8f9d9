package dev.checkpoint.logstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkpoint.StoreException;
import dev.checkpoint.spi.RecordKinds;
import dev.checkpoint.spi.StoreRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * chunks.json: the chunk plans and chunk states of chunked runs, one JSON object per kind from key
 * to data, replaced whole and atomically on each change (a few hundred bytes per chunk, so a
 * rewrite stays small and the file never grows with the number of batches).
 */
final class ChunkFile {
  static final String NAME = "chunks.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> KINDS = List.of(RecordKinds.CHUNK_PLAN, RecordKinds.CHUNK);

  private ChunkFile() {}

  static boolean holds(String kind) {
    return KINDS.contains(kind);
  }

  /** kind -> key -> data; empty when there is no file. */
  static Map<String, Map<String, String>> read(Path dir) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    KINDS.forEach(k -> out.put(k, new LinkedHashMap<>()));
    Path file = dir.resolve(NAME);
    if (!Files.exists(file)) {
      return out;
    }
    try {
      JsonNode root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
      for (String kind : KINDS) {
        JsonNode records = root == null ? null : root.get(kind);
        if (records == null) {
          continue;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = records.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          out.get(kind).put(e.getKey(), e.getValue().asText());
        }
      }
      return out;
    } catch (JsonProcessingException e) {
      throw new StoreException("cannot read " + file + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new StoreException("cannot read " + file + ": " + e, e);
    }
  }

  static List<StoreRecord> records(Path dir) {
    List<StoreRecord> out = new ArrayList<>();
    read(dir)
        .forEach(
            (kind, records) ->
                records.forEach((key, data) -> out.add(new StoreRecord(kind, key, data, NAME))));
    return out;
  }

  static void write(Path dir, Map<String, Map<String, String>> chunks) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    chunks.forEach(
        (kind, records) -> {
          ObjectNode n = root.putObject(kind);
          records.forEach(n::put);
        });
    DurableFiles.replace(dir.resolve(NAME), root.toString().getBytes(StandardCharsets.UTF_8));
  }
}
