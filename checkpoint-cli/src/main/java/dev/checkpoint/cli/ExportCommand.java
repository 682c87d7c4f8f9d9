package dev.checkpoint.cli;

import dev.checkpoint.Position;
import dev.checkpoint.PositionJson;
import dev.checkpoint.PositionStore;
import dev.checkpoint.ResumeState;
import dev.checkpoint.TableState;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a task's positions and finished tables in the resume.config format. */
final class ExportCommand implements Command {
  @Override
  public String name() {
    return "export";
  }

  @Override
  public String summary() {
    return "write a task's positions as resume.config lines";
  }

  @Override
  public Map<String, Boolean> options() {
    Map<String, Boolean> o = new LinkedHashMap<>();
    StoreOptions.addTo(o);
    o.put("out", true);
    return o;
  }

  @Override
  public String help() {
    return String.join(
        "\n",
        "Usage: export (--log-dir DIR | --url URL ...) [--task TASK] [--out FILE]",
        "",
        "Writes the task's state in the resume.config format (docs/formats.md): one",
        "RdbSnapshotFinished line per finished table, one '| current_position | {...}' line per",
        "table with a position, sorted by schema then table. Edit the file and load it with",
        "'import', into the same store or another one (log directory <-> database). Table",
        "statuses and the task state are not part of the format and are not exported.",
        "",
        StoreOptions.HELP,
        "  --out FILE               write to FILE instead of standard output",
        "",
        "Exit codes: 0 ok, 1 failure, 2 bad input.",
        "");
  }

  @Override
  public int run(Args args, PrintStream out) {
    StoreOptions options = new StoreOptions(args);
    String task = options.task();
    List<String> lines = new ArrayList<>();
    try (PositionStore store = options.open(false)) {
      ResumeState state = store.read(task);
      int statuses = store.readStatuses(task).size();
      lines.add(
          "// task "
              + task
              + ", exported from "
              + StoreOptions.describe(store)
              + " at "
              + Instant.now().truncatedTo(ChronoUnit.SECONDS));
      if (statuses > 0) {
        lines.add(
            "// " + statuses + " table statuses are not part of this format and were not exported");
      }
      lines.addAll(lines(state));
    }
    String text = String.join("\n", lines) + "\n";
    if (args.get("out").isPresent()) {
      Path file = Path.of(args.get("out").get());
      try {
        Files.writeString(file, text, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
      }
    } else {
      out.print(text);
    }
    return Main.OK;
  }

  /** Finished wins over a position, as on resume: a finished table gets only its finished line. */
  static List<String> lines(ResumeState state) {
    List<String> lines = new ArrayList<>();
    for (TableState t : state.tables().values()) {
      if (t.finished()) {
        lines.add(PositionJson.write(t.table(), Position.finished()));
      } else if (t.position().isPresent()) {
        lines.add("| current_position | " + PositionJson.write(t.table(), t.position().get()));
      }
    }
    return lines;
  }
}
