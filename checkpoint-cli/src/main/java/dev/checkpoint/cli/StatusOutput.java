package dev.checkpoint.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.checkpoint.ResumeState;
import dev.checkpoint.StatusJson;
import dev.checkpoint.TableRef;
import dev.checkpoint.TableState;
import dev.checkpoint.TableStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints table statuses: a table for people, one JSON object per line for scripts. */
final class StatusOutput {
  private static final JsonFactory JSON = new JsonFactory();

  private StatusOutput() {}

  static String json(TableRef t, TableStatus status, TableState state) {
    if (status != null) {
      return StatusJson.write(status);
    }
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("db_type", t.dbType());
      g.writeStringField("schema", t.schema());
      g.writeStringField("tb", t.table());
      g.writeStringField("status", StatusCommand.withoutStatus(state));
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  static void table(
      Collection<TableRef> tables,
      Map<TableRef, TableStatus> statuses,
      ResumeState state,
      PrintStream out) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"SCHEMA", "TABLE", "STATUS", "ROWS", "TIME", "UPDATED", "ERROR"});
    for (TableRef t : tables) {
      TableStatus s = statuses.get(t);
      if (s == null) {
        rows.add(
            new String[] {
              t.schema(),
              t.table(),
              StatusCommand.withoutStatus(state.table(t).orElse(null)),
              "-",
              "-",
              "-",
              ""
            });
        continue;
      }
      rows.add(
          new String[] {
            t.schema(),
            t.table(),
            s.state().text(),
            String.format(Locale.ROOT, "%,d", s.rows()),
            String.format(Locale.ROOT, "%.1f s", s.duration().toMillis() / 1000.0),
            s.updatedAt().truncatedTo(ChronoUnit.SECONDS).toString(),
            s.error() == null ? "" : s.error()
          });
    }
    int[] width = new int[7];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        String cell = i == 3 || i == 4 ? pad(r[i], width[i], true) : pad(r[i], width[i], false);
        b.append(i == r.length - 1 ? r[i] : cell + "  ");
      }
      out.println(b.toString().stripTrailing());
    }
  }

  private static String pad(String s, int width, boolean right) {
    String fill = " ".repeat(width - s.length());
    return right ? fill + s : s + fill;
  }

  static String totals(String task, Map<TableRef, TableStatus> statuses, ResumeState state) {
    Map<TableStatus.State, Integer> counts = new EnumMap<>(TableStatus.State.class);
    long rows = 0;
    for (TableStatus s : statuses.values()) {
      counts.merge(s.state(), 1, Integer::sum);
      rows += s.rows();
    }
    long withoutStatus =
        state.tables().keySet().stream().filter(t -> !statuses.containsKey(t)).count();
    return String.format(
        Locale.ROOT,
        "task %s: %d tables with a status: %d completed, %d in progress, %d failed, %d pending; %,d rows%s",
        task,
        statuses.size(),
        counts.getOrDefault(TableStatus.State.COMPLETED, 0),
        counts.getOrDefault(TableStatus.State.IN_PROGRESS, 0),
        counts.getOrDefault(TableStatus.State.FAILED, 0),
        counts.getOrDefault(TableStatus.State.PENDING, 0),
        rows,
        withoutStatus == 0
            ? ""
            : "; " + withoutStatus + " more with a position or finished mark only");
  }
}
