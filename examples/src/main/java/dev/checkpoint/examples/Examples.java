package dev.checkpoint.examples;

import java.util.Arrays;

/**
 * {@code java -jar examples/target/checkpoint-examples.jar [EXAMPLE] [ARGS]}: runs one example;
 * without a name, the resumable copy.
 */
public final class Examples {
  private Examples() {}

  public static void main(String[] args) throws Exception {
    // No name, or only options: the README's first command, the resumable copy.
    boolean named = args.length > 0 && !args[0].startsWith("--");
    String name = named ? args[0] : "resumable-copy";
    String[] rest = named ? Arrays.copyOfRange(args, 1, args.length) : args;
    switch (name) {
      case "resumable-copy":
        ResumableCopyDemo.main(rest);
        break;
      case "own-loop":
        OwnLoopCopy.main(rest);
        break;
      case "exactly-once":
        ExactlyOnceCopy.main(rest);
        break;
      case "many-tables":
        ManyTablesCopy.main(rest);
        break;
      case "mongo-copy":
        MongoCopy.main(rest);
        break;
      case "crash-resume":
        CrashResumeDemo.main(rest);
        break;
      case "parallel-copy":
        ParallelCopyDemo.main(rest);
        break;
      default:
        System.err.println(
            "unknown example \""
                + name
                + "\"; examples: resumable-copy (the default), own-loop,"
                + " exactly-once, many-tables, mongo-copy, crash-resume, parallel-copy");
        System.exit(2);
    }
  }
}
