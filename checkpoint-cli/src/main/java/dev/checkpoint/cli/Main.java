package dev.checkpoint.cli;

import dev.checkpoint.CheckpointException;
import dev.checkpoint.ConfigException;
import dev.checkpoint.InvalidPositionException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code java -jar checkpoint-cli.jar COMMAND [OPTIONS]}. Exit codes: 0 success, 1 a store or
 * runtime failure, 2 bad input (a file that does not parse, a bad option).
 */
public final class Main {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int BAD_INPUT = 2;

  private static final Map<String, Command> COMMANDS = new TreeMap<>();

  static {
    register(new ShowCommand());
    register(new StatusCommand());
    register(new ResetCommand());
    register(new ExportCommand());
    register(new ImportCommand());
    register(new CopyCommand());
  }

  private Main() {}

  private static void register(Command c) {
    COMMANDS.put(c.name(), c);
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command; never exits the JVM (tests call this). */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0
        || args[0].equals("--help")
        || args[0].equals("-h")
        || args[0].equals("help")) {
      out.print(usage());
      return args.length == 0 ? BAD_INPUT : OK;
    }
    Command command = COMMANDS.get(args[0]);
    if (command == null) {
      err.println(
          "checkpoint: unknown command \""
              + args[0]
              + "\"; commands: "
              + String.join(", ", COMMANDS.keySet()));
      return BAD_INPUT;
    }
    Args parsed;
    try {
      parsed = Args.parse(Arrays.copyOfRange(args, 1, args.length), command.options());
    } catch (IllegalArgumentException e) {
      err.println("checkpoint " + command.name() + ": " + e.getMessage());
      err.println("Run 'checkpoint " + command.name() + " --help' for its options.");
      return BAD_INPUT;
    }
    if (parsed.has("help")) {
      out.print(command.help());
      return OK;
    }
    try {
      return command.run(parsed, out);
    } catch (InvalidPositionException | ConfigException | IllegalArgumentException e) {
      err.println(oneLine(e.getMessage()));
      return BAD_INPUT;
    } catch (CheckpointException | java.io.UncheckedIOException e) {
      err.println(oneLine(e.getMessage()));
      return FAILED;
    }
  }

  private static String oneLine(String s) {
    return s == null ? "error" : s.replace('\n', ' ').replace('\r', ' ');
  }

  static String usage() {
    StringBuilder b = new StringBuilder();
    b.append("Usage: java -jar checkpoint-cli.jar COMMAND [OPTIONS]\n\nCommands:\n");
    COMMANDS.values().forEach(c -> b.append(String.format("  %-8s %s%n", c.name(), c.summary())));
    b.append("\nRun 'COMMAND --help' for a command's options.\n");
    return b.toString();
  }
}
