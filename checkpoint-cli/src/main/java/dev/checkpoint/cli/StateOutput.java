package dev.checkpoint.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.checkpoint.KeyColumn;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeState;
import dev.checkpoint.TableRef;
import dev.checkpoint.TableState;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Prints a resolved {@link ResumeState}: one JSON object per table per line, or a table. */
final class StateOutput {
  private static final JsonFactory JSON = new JsonFactory();

  private StateOutput() {}

  static void json(ResumeState state, PrintStream out) {
    for (TableState t : state.tables().values()) {
      out.println(jsonLine(t));
    }
  }

  static String jsonLine(TableState t) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      TableRef ref = t.table();
      g.writeStartObject();
      g.writeStringField("db_type", ref.dbType());
      g.writeStringField("schema", ref.schema());
      g.writeStringField("tb", ref.table());
      if (t.finished()) {
        g.writeStringField("status", "finished");
        g.writeStringField("source", t.finishedSource().orElse(null));
      } else {
        g.writeStringField("status", "resume");
        Position p = t.position().orElseThrow();
        if (p instanceof Position.Keyed k) {
          g.writeArrayFieldStart("order_key");
          for (KeyColumn c : k.columns()) {
            g.writeStartArray();
            g.writeString(c.name());
            g.writeString(c.value());
            g.writeEndArray();
          }
          g.writeEndArray();
        } else if (p instanceof Position.RowOffset r) {
          g.writeNumberField("rows", r.rows());
        }
        g.writeStringField("source", t.positionSource().orElse(null));
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  static void table(ResumeState state, PrintStream out) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"SCHEMA", "TABLE", "DB", "STATUS", "POSITION", "SOURCE"});
    for (TableState t : state.tables().values()) {
      String position;
      String source;
      if (t.finished()) {
        position = "-";
        source = t.finishedSource().orElse("");
      } else {
        position = describe(t.position().orElseThrow());
        source = t.positionSource().orElse("");
      }
      rows.add(
          new String[] {
            t.table().schema(),
            t.table().table(),
            t.table().dbType(),
            t.finished() ? "finished" : "resume",
            position,
            source
          });
    }
    int[] width = new int[6];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        b.append(i == r.length - 1 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
      }
      out.println(b.toString().stripTrailing());
    }
    if (state.isEmpty()) {
      out.println("(no positions: every table starts from the beginning)");
    }
  }

  static String describe(Position p) {
    if (p instanceof Position.Keyed k) {
      List<String> parts = new ArrayList<>();
      for (KeyColumn c : k.columns()) {
        parts.add(c.name() + " > " + (c.value() == null ? "NULL" : "\"" + c.value() + "\""));
      }
      return String.join(", ", parts);
    }
    if (p instanceof Position.RowOffset r) {
      return r.rows() + " rows";
    }
    return p.toString();
  }
}
