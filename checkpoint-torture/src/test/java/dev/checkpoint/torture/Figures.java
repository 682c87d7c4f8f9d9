package dev.checkpoint.torture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the torture runs counted, per mode and database, printed as a Markdown table. */
final class Figures {
  /** One mode on one database. */
  static final class Line {
    final Mode mode;
    final String db;
    int rounds;
    int kills;
    int randomKills;

    /** Kills that found position.log.tmp still there: they landed inside a compaction. */
    int compactionKills;

    final Map<String, Integer> chosen = new TreeMap<>();
    long rowsCopied;
    long missing;
    long extra;
    long delivered;
    long bound;

    Line(Mode mode, String db) {
      this.mode = mode;
      this.db = db;
    }

    void chosen(KillPoint.Where where) {
      chosen.merge(where.arg(), 1, Integer::sum);
    }

    String markdown() {
      StringBuilder points = new StringBuilder();
      chosen.forEach(
          (k, v) ->
              points.append(points.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
      if (compactionKills > 0) {
        points
            .append(points.length() == 0 ? "" : ", ")
            .append("in compaction ")
            .append(compactionKills);
      }
      return String.format(
          "| %s | %s | %s | %s | %d | %d | %d | %s | %,d | %d | %d | %s |",
          mode.reader,
          db,
          mode.store,
          mode.exactlyOnce ? "exactly-once" : "at-least-once",
          rounds,
          kills,
          randomKills,
          points,
          rowsCopied,
          missing,
          extra,
          mode.exactlyOnce ? Long.toString(delivered) : delivered + " (bound " + bound + ")");
    }
  }

  private static final List<Line> LINES = new ArrayList<>();

  private Figures() {}

  static synchronized Line line(Mode mode, String db) {
    Line l = new Line(mode, db);
    LINES.add(l);
    return l;
  }

  /** The table of every line so far, with totals, written to {@code file} and returned. */
  static synchronized String write(Path file) throws IOException {
    StringBuilder out = new StringBuilder();
    out.append("| reader | database | store | guarantee | rounds | kills | random | chosen |")
        .append(" rows copied | missing | not in source | delivered twice |\n")
        .append(
            "| --- | --- | --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |\n");
    long kills = 0;
    long missing = 0;
    long extra = 0;
    long twiceExactly = 0;
    for (Line l : LINES) {
      out.append(l.markdown()).append('\n');
      kills += l.kills;
      missing += l.missing;
      extra += l.extra;
      twiceExactly += l.mode.exactlyOnce ? l.delivered : 0;
    }
    out.append(
        String.format(
            "%nTotal: %d kills; %d rows missing, %d rows not in the source, %d rows delivered twice"
                + " in exactly-once modes.%n",
            kills, missing, extra, twiceExactly));
    Files.createDirectories(file.getParent());
    Files.writeString(file, out, StandardCharsets.UTF_8);
    return out.toString();
  }
}
