package dev.checkpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The position JSON shared by position.log, finished.log, resume.config and the position tables.
 *
 * <p>Writes what both generations of ape-dts read: single-column keys as {@code order_col} + {@code
 * value} (ape-dts v2.0.25 and earlier) followed by {@code order_key.single} (v2.0.26 and later) on
 * the same line, composite keys as {@code order_key.composite}, fields in the seeds' order,
 * non-ASCII characters unescaped. Reads the flat form, {@code order_key.single} and {@code
 * order_key.composite}. Position types written by other tools for things this library does not
 * resume (CDC, Kafka, Redis, ...) read as empty, with a debug line.
 */
public final class PositionJson {
  private static final Logger LOG = LoggerFactory.getLogger(PositionJson.class);

  static final String SNAPSHOT = "RdbSnapshot";
  static final String FINISHED = "RdbSnapshotFinished";
  static final String ROW_OFFSET = "RowOffset";

  /** Types other tools write that carry nothing a snapshot resume can use. */
  private static final Set<String> FOREIGN =
      Set.of(
          "None",
          "Kafka",
          "MysqlCdc",
          "PgCdc",
          "MongoCdc",
          "Redis",
          "FoxlakeS3",
          "Zk",
          "MongoSnapshot");

  /** Longer JSON is cut in error messages: a message is read by a person, not a parser. */
  private static final int SHOWN_LIMIT = 1000;

  // Jackson refuses strings over 20,000,000 characters by default; what write() writes, read()
  // must read back, so the only limit on a key value is the one of a Java string.
  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
                  .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private PositionJson() {}

  /**
   * Writes one position as a single line of JSON, without a line end.
   *
   * @param table the table the position belongs to
   * @return the JSON object, in the field order ape-dts writes
   * @param position {@link Position.Keyed}, {@link Position.RowOffset} or {@link Position.Finished}
   * @throws InvalidPositionException if a name or value holds an unpaired surrogate, which UTF-8
   *     cannot encode (it would be written as {@code ?} and read back as another table or key)
   */
  public static String write(TableRef table, Position position) {
    requireWritable(table, position);
    StringWriter out = new StringWriter(160);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      String type;
      if (position instanceof Position.Keyed) {
        type = SNAPSHOT;
      } else if (position instanceof Position.RowOffset) {
        type = ROW_OFFSET;
      } else if (position instanceof Position.Finished) {
        type = FINISHED;
      } else {
        throw new IllegalArgumentException("cannot write a " + position + " position");
      }
      g.writeStringField("type", type);
      g.writeStringField("db_type", table.dbType());
      g.writeStringField("schema", table.schema());
      g.writeStringField("tb", table.table());
      if (position instanceof Position.Keyed k) {
        if (k.isComposite()) {
          g.writeObjectFieldStart("order_key");
          g.writeArrayFieldStart("composite");
          for (KeyColumn c : k.columns()) {
            g.writeStartArray();
            g.writeString(c.name());
            g.writeString(c.value());
            g.writeEndArray();
          }
          g.writeEndArray();
          g.writeEndObject();
        } else {
          // Both generations of ape-dts on one line: v2.0.25 and earlier read only the flat
          // fields, v2.0.26 and later only order_key, and neither rejects the other's fields.
          // The flat fields come first so that the seeds' bytes stay a prefix of the line.
          KeyColumn c = k.columns().get(0);
          g.writeStringField("order_col", c.name());
          g.writeStringField("value", c.value());
          g.writeObjectFieldStart("order_key");
          g.writeArrayFieldStart("single");
          g.writeString(c.name());
          g.writeString(c.value());
          g.writeEndArray();
          g.writeEndObject();
        }
      } else if (position instanceof Position.RowOffset r) {
        g.writeNumberField("rows", r.rows());
        g.writeStringField("last_row_fingerprint", r.lastRowFingerprint());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * Parses one position object.
   *
   * @param text one JSON object, without the {@code <time> | <tag> |} header of a log line
   * @return the table and position, or empty for a type this library does not resume ({@code None},
   *     CDC, Kafka, Redis, ...) and for a snapshot line that names no key
   * @throws InvalidPositionException saying what is wrong; the caller adds the file and line
   */
  public static Optional<PositionRecord> read(String text) {
    String json = shown(text);
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      // Jackson's own location text names a redacted source; say the column instead.
      String reason =
          e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)", "");
      int column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
      throw new InvalidPositionException(
          "not valid JSON (" + reason + (column > 0 ? ", at column " + column : "") + "): " + json);
    }
    if (node == null || !node.isObject()) {
      throw new InvalidPositionException("a position must be a JSON object: " + json);
    }
    JsonNode type = node.get("type");
    if (type == null) {
      // Older writers tag externally: {"MysqlCdc":{...}}.
      if (node.size() == 1 && FOREIGN.contains(node.fieldNames().next())) {
        LOG.debug("skipping {} position: {}", node.fieldNames().next(), json);
        return Optional.empty();
      }
      throw new InvalidPositionException("missing \"type\": " + json);
    }
    if (!type.isTextual()) {
      throw new InvalidPositionException("\"type\" must be a string, was " + type + ": " + json);
    }
    String t = type.asText();
    if (FOREIGN.contains(t)) {
      LOG.debug("skipping {} position: {}", t, json);
      return Optional.empty();
    }
    if (!t.equals(SNAPSHOT) && !t.equals(FINISHED) && !t.equals(ROW_OFFSET)) {
      throw new InvalidPositionException(
          "unknown position type \""
              + t
              + "\" (expected RdbSnapshot, RdbSnapshotFinished or RowOffset): "
              + json);
    }
    String dbType = requiredText(node, "db_type", json);
    String schema = requiredText(node, "schema", json);
    String tb = requiredText(node, "tb", json);
    requireUnicode(dbType, "\"db_type\"", json);
    requireUnicode(schema, "\"schema\"", json);
    requireUnicode(tb, "\"tb\"", json);
    // Checked here: TableRef would reject them with an IllegalArgumentException that names no
    // file or line.
    if (dbType.isEmpty()) {
      throw new InvalidPositionException("\"db_type\" must not be empty: " + json);
    }
    if (tb.isEmpty()) {
      throw new InvalidPositionException("\"tb\" must not be empty: " + json);
    }
    TableRef table = new TableRef(dbType, schema, tb);
    switch (t) {
      case FINISHED:
        return Optional.of(new PositionRecord(table, Position.finished()));
      case ROW_OFFSET:
        return Optional.of(new PositionRecord(table, readRowOffset(node, json)));
      default:
        Optional<Position.Keyed> keyed = readKey(node, json);
        if (keyed.isEmpty()) {
          LOG.debug("skipping snapshot position without a key: {}", json);
          return Optional.empty();
        }
        return Optional.of(new PositionRecord(table, keyed.get()));
    }
  }

  private static Position.RowOffset readRowOffset(JsonNode node, String json) {
    JsonNode rows = node.get("rows");
    if (rows == null || !rows.isIntegralNumber() || !rows.canConvertToLong() || rows.asLong() < 0) {
      throw new InvalidPositionException(
          "\"rows\" must be a whole number >= 0, was " + rows + ": " + json);
    }
    JsonNode fp = node.get("last_row_fingerprint");
    String fingerprint = fp == null || fp.isNull() ? null : fp.isTextual() ? fp.asText() : null;
    if (fp != null && !fp.isNull() && !fp.isTextual()) {
      throw new InvalidPositionException(
          "\"last_row_fingerprint\" must be a string, was " + fp + ": " + json);
    }
    if (rows.asLong() > 0 && (fingerprint == null || fingerprint.isEmpty())) {
      throw new InvalidPositionException(
          "\"last_row_fingerprint\" is required when rows > 0: " + json);
    }
    return Position.rowOffset(rows.asLong(), fingerprint);
  }

  private static Optional<Position.Keyed> readKey(JsonNode node, String json) {
    JsonNode orderCol = node.get("order_col");
    JsonNode orderKey = node.get("order_key");
    Position.Keyed flat = null;
    if (orderCol != null && !orderCol.isNull()) {
      if (!orderCol.isTextual() || orderCol.asText().isEmpty()) {
        throw new InvalidPositionException(
            "\"order_col\" must be a non-empty string, was " + orderCol + ": " + json);
      }
      if (!node.has("value")) {
        throw new InvalidPositionException(
            "\"order_col\" " + orderCol + " has no \"value\": " + json);
      }
      requireUnicode(orderCol.asText(), "\"order_col\"", json);
      flat = Position.keyed(orderCol.asText(), value(node.get("value"), "value", json));
    } else if (node.has("value") && !node.get("value").isNull()) {
      throw new InvalidPositionException("\"value\" without \"order_col\": " + json);
    }
    Position.Keyed nested = null;
    if (orderKey != null && !orderKey.isNull()) {
      nested = readOrderKey(orderKey, json);
    }
    if (flat != null && nested != null && !flat.equals(nested)) {
      throw new InvalidPositionException(
          "\"order_col\"/\"value\" and \"order_key\" disagree: " + json);
    }
    return Optional.ofNullable(flat != null ? flat : nested);
  }

  private static Position.Keyed readOrderKey(JsonNode orderKey, String json) {
    if (!orderKey.isObject() || orderKey.size() != 1) {
      throw new InvalidPositionException(
          "\"order_key\" must be {\"single\":[col,value]} or {\"composite\":[[col,value],...]}: "
              + json);
    }
    String variant = orderKey.fieldNames().next();
    JsonNode body = orderKey.get(variant);
    if (variant.equals("single")) {
      return Position.keyed(List.of(pair(body, "order_key.single", json)));
    }
    if (variant.equals("composite")) {
      if (!body.isArray() || body.isEmpty()) {
        throw new InvalidPositionException(
            "\"order_key.composite\" must be a non-empty array of [col,value] pairs: " + json);
      }
      List<KeyColumn> cols = new ArrayList<>();
      Iterator<JsonNode> it = body.elements();
      int i = 0;
      while (it.hasNext()) {
        KeyColumn c = pair(it.next(), "order_key.composite[" + i++ + "]", json);
        for (KeyColumn seen : cols) {
          if (seen.name().equals(c.name())) {
            throw new InvalidPositionException(
                "column \"" + c.name() + "\" appears twice in \"order_key.composite\": " + json);
          }
        }
        cols.add(c);
      }
      return Position.keyed(cols);
    }
    throw new InvalidPositionException(
        "unknown \"order_key\" form \"" + variant + "\" (expected single or composite): " + json);
  }

  private static KeyColumn pair(JsonNode pair, String where, String json) {
    if (!pair.isArray() || pair.size() != 2) {
      throw new InvalidPositionException(
          "\"" + where + "\" must be a [column, value] pair, was " + pair + ": " + json);
    }
    JsonNode col = pair.get(0);
    if (!col.isTextual() || col.asText().isEmpty()) {
      throw new InvalidPositionException(
          "\"" + where + "\" column must be a non-empty string, was " + col + ": " + json);
    }
    requireUnicode(col.asText(), "\"" + where + "\" column", json);
    return KeyColumn.of(col.asText(), value(pair.get(1), where, json));
  }

  /**
   * Values are strings or null. A typed object ({@code {"ObjectId":"..."}}) is kept as its compact
   * JSON text for the reader that understands it.
   */
  private static String value(JsonNode v, String where, String json) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      requireUnicode(v.asText(), "\"" + where + "\" value", json);
      return v.asText();
    }
    if (v.isObject() && v.size() == 1) {
      return v.toString();
    }
    throw new InvalidPositionException(
        "\"" + where + "\" value must be a string or null, was " + v + ": " + json);
  }

  private static String requiredText(JsonNode node, String field, String json) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new InvalidPositionException("missing \"" + field + "\": " + json);
    }
    if (!v.isTextual()) {
      throw new InvalidPositionException(
          "\"" + field + "\" must be a string, was " + v + ": " + json);
    }
    return v.asText();
  }

  /** The JSON as an error message quotes it: whole, or its start and its length. */
  static String shown(String json) {
    return json.length() <= SHOWN_LIMIT
        ? json
        : json.substring(0, SHOWN_LIMIT) + "... (" + json.length() + " characters)";
  }

  private static void requireWritable(TableRef table, Position position) {
    String problem = unpairedSurrogate(table.dbType());
    String what = "\"db_type\"";
    if (problem == null) {
      problem = unpairedSurrogate(table.schema());
      what = "\"schema\"";
    }
    if (problem == null) {
      problem = unpairedSurrogate(table.table());
      what = "\"tb\"";
    }
    if (problem == null && position instanceof Position.Keyed k) {
      for (KeyColumn c : k.columns()) {
        problem = unpairedSurrogate(c.name());
        what = "key column " + c.name();
        if (problem == null && c.value() != null) {
          problem = unpairedSurrogate(c.value());
          what = "key column " + c.name() + " value";
        }
        if (problem != null) {
          break;
        }
      }
    }
    if (problem != null) {
      throw new InvalidPositionException(
          "cannot write the position of "
              + table
              + ": "
              + what
              + " is not valid Unicode"
              + problem);
    }
  }

  private static void requireUnicode(String text, String what, String json) {
    String problem = unpairedSurrogate(text);
    if (problem != null) {
      throw new InvalidPositionException(what + " is not valid Unicode" + problem + ": " + json);
    }
  }

  /** Where UTF-8 cannot encode the text (it would be written as {@code ?}), or null when it can. */
  private static String unpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return String.format(
            java.util.Locale.ROOT, " (an unpaired surrogate \\u%04x at index %d)", (int) c, i);
      }
    }
    return null;
  }
}
