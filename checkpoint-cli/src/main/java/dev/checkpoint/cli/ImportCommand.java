package dev.checkpoint.cli;

import dev.checkpoint.PositionStore;
import dev.checkpoint.ResumeState;
import dev.checkpoint.TableState;
import dev.checkpoint.TaskSession;
import dev.checkpoint.logstore.ResumeConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Loads resume.config lines (from 'export' or written by hand) into a task's store. */
final class ImportCommand implements Command {
  @Override
  public String name() {
    return "import";
  }

  @Override
  public String summary() {
    return "load resume.config lines into a task's store";
  }

  @Override
  public Map<String, Boolean> options() {
    Map<String, Boolean> o = new LinkedHashMap<>();
    StoreOptions.addTo(o);
    o.put("file", true);
    o.put("replace", false);
    o.put("merge", false);
    return o;
  }

  @Override
  public String help() {
    return String.join(
        "\n",
        "Usage: import (--log-dir DIR | --url URL ...) --task TASK --file FILE [--replace | --merge]",
        "",
        "Reads FILE in the resume.config format (docs/formats.md; what 'export' writes) and",
        "records its positions and finished tables for the task, creating the log directory or",
        "the position table if needed. A task that already has tables in the store is refused",
        "unless --replace (drop the whole task first) or --merge (the file's tables replace",
        "those tables; the others stay) is given. Takes the task like a run does: while a run",
        "holds it, import is refused.",
        "",
        StoreOptions.HELP,
        "  --file FILE              the resume.config to load",
        "  --replace                drop the task's tables, statuses and state first",
        "  --merge                  replace only the tables the file names",
        "",
        "Exit codes: 0 ok, 1 failure, 2 bad input (a bad line is named by file and line).",
        "");
  }

  @Override
  public int run(Args args, PrintStream out) {
    Path file = Path.of(args.require("file"));
    boolean replace = args.has("replace");
    boolean merge = args.has("merge");
    if (replace && merge) {
      throw new IllegalArgumentException("give --replace or --merge, not both");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("file not found: " + file);
    }
    StoreOptions options = new StoreOptions(args);
    String task = options.task();
    ResumeState incoming = ResumeConfig.file(file).read();
    try (PositionStore store = options.open(true)) {
      try (TaskSession session = store.open(task)) {
        int existing = session.load().tables().size() + session.loadStatuses().size();
        if (existing > 0 && !replace && !merge) {
          throw new IllegalArgumentException(
              "task "
                  + task
                  + " already has tables in "
                  + StoreOptions.describe(store)
                  + "; give --replace to drop them first, or --merge to replace only the tables of "
                  + file);
        }
        if (replace) {
          session.resetAll();
        }
        int positions = 0;
        int finished = 0;
        for (TableState t : incoming.tables().values()) {
          if (merge) {
            session.reset(t.table());
          }
          if (t.finished()) {
            session.finish(t.table());
            finished++;
          } else if (t.position().isPresent()) {
            session.record(t.table(), t.position().get());
            positions++;
          }
        }
        session.flush();
        out.println(
            "imported "
                + positions
                + (positions == 1 ? " position" : " positions")
                + " and "
                + finished
                + (finished == 1 ? " finished table" : " finished tables")
                + " from "
                + file
                + " into task "
                + task
                + " in "
                + StoreOptions.describe(store));
      }
    }
    return Main.OK;
  }
}
