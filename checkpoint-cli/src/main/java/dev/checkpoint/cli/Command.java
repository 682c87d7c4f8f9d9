package dev.checkpoint.cli;

import java.io.PrintStream;
import java.util.Map;

/** One CLI command. */
interface Command {
  String name();

  String summary();

  /** Option name (without dashes) to whether it takes a value. {@code help} is always accepted. */
  Map<String, Boolean> options();

  String help();

  int run(Args args, PrintStream out);
}
