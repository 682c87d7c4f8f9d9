package dev.checkpoint.cli;

import dev.checkpoint.PositionStore;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskSession;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Forgets tables of a task (or the whole task) so they are read again from the beginning. */
final class ResetCommand implements Command {
  @Override
  public String name() {
    return "reset";
  }

  @Override
  public String summary() {
    return "forget tables of a task (or all of it) so they start over";
  }

  @Override
  public Map<String, Boolean> options() {
    Map<String, Boolean> o = new LinkedHashMap<>();
    StoreOptions.addTo(o);
    o.put("table", true);
    o.put("all", false);
    return o;
  }

  @Override
  public String help() {
    return String.join(
        "\n",
        "Usage: reset (--log-dir DIR | --url URL ...) [--task TASK] (--table SCHEMA.TABLE ... | --all)",
        "",
        "Removes the position, finished mark and status of each named table, so the next run",
        "reads it again from the beginning; --all removes every table of the task and its state",
        "(\"start fresh, drop the state\"). Takes the task like a run does: while a run holds it,",
        "reset is refused. It does not empty target tables, and it cannot edit a resume.config:",
        "lines there apply again on the next run.",
        "",
        StoreOptions.HELP,
        "  --table SCHEMA.TABLE     a table to reset (repeatable); DB_TYPE:SCHEMA.TABLE if ambiguous",
        "  --all                    reset the whole task",
        "",
        "Exit codes: 0 ok, 1 failure (store unreachable, task held by a live run), 2 bad input.",
        "");
  }

  @Override
  public int run(Args args, PrintStream out) {
    List<String> specs = args.all("table");
    boolean all = args.has("all");
    if (specs.isEmpty() == !all) {
      throw new IllegalArgumentException(
          "reset needs --table SCHEMA.TABLE (repeatable) or --all, not both");
    }
    StoreOptions options = new StoreOptions(args);
    String task = options.task();
    try (PositionStore store = options.open(false)) {
      TreeSet<TableRef> known = new TreeSet<>(store.read(task).tables().keySet());
      known.addAll(store.readStatuses(task).keySet());
      List<TableRef> tables = all ? List.copyOf(known) : TableSpecs.resolve(specs, known, task);
      try (TaskSession session = store.open(task)) {
        if (all) {
          session.resetAll();
          session.flush();
          out.println(
              "reset task "
                  + task
                  + " in "
                  + StoreOptions.describe(store)
                  + ": "
                  + tables.size()
                  + " tables and the task state removed; the next run starts fresh");
          return Main.OK;
        }
        for (TableRef t : tables) {
          session.reset(t);
          out.println(
              "reset "
                  + t.schema()
                  + "."
                  + t.table()
                  + ": position, finished mark and status removed");
        }
        session.flush();
      }
    }
    return Main.OK;
  }
}
