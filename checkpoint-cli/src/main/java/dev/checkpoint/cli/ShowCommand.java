package dev.checkpoint.cli;

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
    o.put("log-dir", true);
    o.put("config-file", true);
    o.put("json", false);
    return o;
  }

  @Override
  public String help() {
    return String.join(
        "\n",
        "Usage: show --log-dir DIR [--config-file FILE] [--json]",
        "",
        "Prints the resolved resume state: per table, finished or the position it resumes",
        "after, and the file and line that decided it. position.log wins over resume.config;",
        "a table is finished if finished.log or resume.config says so.",
        "",
        "  --log-dir DIR       directory with position.log and finished.log (read only)",
        "  --config-file FILE  a user-written resume.config, consulted after the log directory",
        "  --json              one JSON object per table per line, sorted by schema then table",
        "",
        "Exit codes: 0 ok, 1 failure, 2 bad input (the message names the file and line).",
        "");
  }

  @Override
  public int run(Args args, PrintStream out) {
    ResumeState state = ResumeState.empty();
    boolean any = false;
    if (args.get("config-file").isPresent()) {
      Path file = Path.of(args.get("config-file").get());
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("config file not found: " + file);
      }
      state = ResumeConfig.file(file).read();
      any = true;
    }
    if (args.get("log-dir").isPresent()) {
      Path dir = Path.of(args.get("log-dir").get());
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException("log directory not found: " + dir);
      }
      state = LogStore.readOnly(dir).read().over(state);
      any = true;
    }
    if (!any) {
      throw new IllegalArgumentException("show needs --log-dir DIR and/or --config-file FILE");
    }
    if (args.has("json")) {
      StateOutput.json(state, out);
    } else {
      StateOutput.table(state, out);
    }
    return Main.OK;
  }
}
