package dev.checkpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The JSON of a {@link TableStatus}, as stores keep it:
 *
 * <pre>
 * {"type":"TableStatus","db_type":"mysql","schema":"shop","tb":"orders","status":"in_progress",
 *  "rows":50000,"started_at":"2025-12-16T14:25:00Z","updated_at":"2025-12-16T14:30:00Z",
 *  "duration_ms":300000,"error":null}
 * </pre>
 *
 * A status bound to a position ({@link TableStatus#atPosition()}) ends with {@code
 * "at_position":"9f86d081884c7d65","rows_before":49700}; the two fields are absent otherwise.
 */
public final class StatusJson {
  static final String TYPE = "TableStatus";
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private StatusJson() {}

  /**
   * Writes a table status as one line of JSON (status.log, the stores' status rows).
   *
   * @param s the status
   * @return the JSON object, without a line end
   */
  public static String write(TableStatus s) {
    StringWriter out = new StringWriter(200);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("type", TYPE);
      g.writeStringField("db_type", s.table().dbType());
      g.writeStringField("schema", s.table().schema());
      g.writeStringField("tb", s.table().table());
      g.writeStringField("status", s.state().text());
      g.writeNumberField("rows", s.rows());
      g.writeStringField("started_at", s.startedAt() == null ? null : s.startedAt().toString());
      g.writeStringField("updated_at", s.updatedAt().toString());
      g.writeNumberField("duration_ms", s.duration().toMillis());
      g.writeStringField("error", s.error());
      if (s.atPosition() != null) {
        g.writeStringField("at_position", s.atPosition());
        g.writeNumberField("rows_before", s.rowsBefore());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * @param json one JSON object as {@link #write} writes it
   * @return the status it holds
   * @throws InvalidPositionException saying what is wrong; the caller adds where it came from
   */
  public static TableStatus read(String json) {
    JsonNode n;
    try {
      n = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidPositionException(
          "not valid JSON (" + e.getOriginalMessage() + "): " + json);
    }
    if (n == null || !n.isObject() || !TYPE.equals(n.path("type").asText(null))) {
      throw new InvalidPositionException("not a TableStatus object: " + json);
    }
    try {
      TableRef table = new TableRef(text(n, "db_type"), text(n, "schema"), text(n, "tb"));
      String started = n.path("started_at").isNull() ? null : text(n, "started_at");
      JsonNode rows = n.get("rows");
      JsonNode ms = n.get("duration_ms");
      if (rows == null || !rows.canConvertToLong() || ms == null || !ms.canConvertToLong()) {
        throw new IllegalArgumentException("\"rows\" and \"duration_ms\" must be whole numbers");
      }
      String at =
          n.get("at_position") == null || n.get("at_position").isNull()
              ? null
              : text(n, "at_position");
      long before = rows.asLong();
      if (at != null) {
        JsonNode b = n.get("rows_before");
        if (b == null || !b.canConvertToLong()) {
          throw new IllegalArgumentException(
              "\"rows_before\" must be a whole number with \"at_position\"");
        }
        before = b.asLong();
      }
      return new TableStatus(
          table,
          TableStatus.State.parse(text(n, "status")),
          rows.asLong(),
          started == null ? null : Instant.parse(started),
          Instant.parse(text(n, "updated_at")),
          Duration.ofMillis(ms.asLong()),
          n.path("error").isNull() || n.get("error") == null ? null : text(n, "error"),
          at,
          before);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new InvalidPositionException(e.getMessage() + ": " + json);
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("\"" + field + "\" must be a string, was " + v);
    }
    return v.asText();
  }
}
