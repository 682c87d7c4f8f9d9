package dev.checkpoint.cli;

import dev.checkpoint.ConfigException;
import java.io.PrintStream;

/** MongoDB to MongoDB copies: not done yet. */
final class MongoCopy {
  MongoCopy(CopyConfig config, Args args, PrintStream out) {}

  int run() {
    throw new ConfigException("db_type=mongo: copy does not copy MongoDB collections yet");
  }
}
