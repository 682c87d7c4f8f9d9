package dev.checkpoint.examples;

import java.util.Arrays;

/** {@code java -jar checkpoint-examples.jar [EXAMPLE] [ARGS]}: runs one example. */
public final class Examples {
  private Examples() {}

  public static void main(String[] args) throws Exception {
    String name = args.length == 0 ? "crash-resume" : args[0];
    String[] rest = args.length == 0 ? new String[0] : Arrays.copyOfRange(args, 1, args.length);
    switch (name) {
      case "crash-resume":
        CrashResumeDemo.main(rest);
        break;
      default:
        System.err.println("unknown example \"" + name + "\"; examples: crash-resume");
        System.exit(2);
    }
  }
}
