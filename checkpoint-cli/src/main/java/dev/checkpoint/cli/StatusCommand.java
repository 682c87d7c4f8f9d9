package dev.checkpoint.cli;

import dev.checkpoint.PositionStore;
import dev.checkpoint.ResumeState;
import dev.checkpoint.TableRef;
import dev.checkpoint.TableState;
import dev.checkpoint.TableStatus;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Prints each table's run status (seed 003's progress file) from any store. */
final class StatusCommand implements Command {
  @Override
  public String name() {
    return "status";
  }

  @Override
  public String summary() {
    return "print each table's status and rows for a task";
  }

  @Override
  public Map<String, Boolean> options() {
    Map<String, Boolean> o = new LinkedHashMap<>();
    StoreOptions.addTo(o);
    o.put("failed", false);
    o.put("json", false);
    return o;
  }

  @Override
  public String help() {
    return String.join(
        "\n",
        "Usage: status (--log-dir DIR | --url URL ...) [--task TASK] [--failed] [--json]",
        "",
        "Prints, per table of the task: its status (pending, in_progress, completed, failed), the",
        "rows copied over all runs, the time spent, when it was last updated, and the error of a",
        "failed table; then the totals. Tables the store knows only by a position or a finished",
        "mark (no status recorded) are listed as resumable or finished. Reads without taking the",
        "task, so it works while a run is going on.",
        "",
        StoreOptions.HELP,
        "  --failed                 only the failed tables",
        "  --json                   one JSON object per table per line",
        "",
        "Exit codes: 0 ok, 1 failure (store unreachable, directory of another task), 2 bad input.",
        "");
  }

  @Override
  public int run(Args args, PrintStream out) {
    StoreOptions options = new StoreOptions(args);
    Map<TableRef, TableStatus> statuses;
    ResumeState state;
    String task = options.task();
    try (PositionStore store = options.open(false)) {
      statuses = new TreeMap<>(store.readStatuses(task));
      state = store.read(task);
    }
    TreeSet<TableRef> tables = new TreeSet<>(statuses.keySet());
    tables.addAll(state.tables().keySet());
    if (args.has("failed")) {
      tables.removeIf(
          t -> statuses.get(t) == null || statuses.get(t).state() != TableStatus.State.FAILED);
    }
    if (args.has("json")) {
      for (TableRef t : tables) {
        out.println(StatusOutput.json(t, statuses.get(t), state.table(t).orElse(null)));
      }
    } else {
      StatusOutput.table(tables, statuses, state, out);
      out.println(StatusOutput.totals(task, statuses, state));
    }
    return Main.OK;
  }

  /** How a table without a status stands: finished, or resumable from a position. */
  static String withoutStatus(TableState s) {
    return s != null && s.finished() ? "finished" : "resumable";
  }
}
