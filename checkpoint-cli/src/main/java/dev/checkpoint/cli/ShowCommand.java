package dev.checkpoint.cli;

import dev.checkpoint.PositionStore;
import dev.checkpoint.ResumeState;
import dev.checkpoint.logstore.LogStore;
import dev.checkpoint.logstore.ResumeConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Prints where each table of a task would resume. */
final class ShowCommand implements Command {
  @Override
  public String name() {
    return "show";
  }

  @Override
  public String summary() {
    return "print where each table of a task resumes";
  }

  @Override
  public Map<String, Boolean> options() {
    Map<String, Boolean> o = new LinkedHashMap<>();
    StoreOptions.addTo(o);
    o.put("config-file", true);
    o.put("json", false);
    return o;
  }

  @Override
  public String help() {
    return String.join(
        "\n",
        "Usage: show --log-dir DIR [--config-file FILE] [--json]",
        "       show --url JDBC_URL [--user U] [--password P] [--table-full-name DB.TABLE] --task TASK [--json]",
        "       show --mongo-uri URI [--collection DB.COLL] --task TASK [--json]",
        "       show --config-file FILE [--json]",
        "",
        "Prints the resolved resume state: per table, finished or the position it resumes",
        "after, and where that came from (file and line, or the store's table and row).",
        "The store wins over resume.config; a table is finished if either says so.",
        "Reads only: takes no lock and creates nothing.",
        "",
        StoreOptions.HELP,
        "  --config-file FILE       a user-written resume.config, consulted after the store",
        "  --json                   one JSON object per table per line, sorted by schema then table",
        "",
        "Exit codes: 0 ok, 1 failure, 2 bad input (the message names the file and line).",
        "");
  }

  @Override
  public int run(Args args, PrintStream out) {
    ResumeState state = ResumeState.empty();
    if (args.get("config-file").isPresent()) {
      Path file = Path.of(args.get("config-file").get());
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("config file not found: " + file);
      }
      state = ResumeConfig.file(file).read();
    }
    boolean anyStore = args.has("log-dir") || args.has("url") || args.has("mongo-uri");
    if (!anyStore && !args.has("config-file")) {
      throw new IllegalArgumentException(
          "show needs a store (--log-dir, --url or --mongo-uri) and/or --config-file FILE");
    }
    if (args.has("log-dir") && !args.has("url") && !args.has("mongo-uri")) {
      // A log directory is read as a read-only source: any task's, or a hand-written one.
      Path dir = Path.of(args.get("log-dir").get());
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException("log directory not found: " + dir);
      }
      state = LogStore.readOnly(dir).read().over(state);
    } else if (anyStore) {
      StoreOptions stores = new StoreOptions(args);
      String task = stores.task();
      try (PositionStore store = stores.open(false)) {
        state = store.read(task).over(state);
      }
    }
    if (args.has("json")) {
      StateOutput.json(state, out);
    } else {
      StateOutput.table(state, out);
    }
    return Main.OK;
  }
}
