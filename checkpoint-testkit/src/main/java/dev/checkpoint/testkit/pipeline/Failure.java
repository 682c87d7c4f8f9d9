package dev.checkpoint.testkit.pipeline;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One crash plan whose end differs from the uninterrupted run: a different target, or a run that
 * failed for a reason of its own.
 *
 * @param plan the crash plan
 * @param what what went wrong, in words
 * @param diff the rows that differ, or null when a run failed
 * @param error the run's own failure, or null
 */
record Failure(Plan plan, String what, TargetDiff diff, Throwable error) {
  /** How many other failing plans the report names. */
  static final int OTHERS_SHOWN = 20;

  /** The report of a check: the first failing plan in full, the others by name. */
  static String report(List<Failure> failures, int tried, String settings, int expectedRows) {
    Failure first = failures.get(0);
    Plan p = first.plan;
    StringBuilder out = new StringBuilder();
    out.append("The pipeline does not resume correctly: ")
        .append(failures.size())
        .append(" of ")
        .append(tried)
        .append(" crash plans (")
        .append(settings)
        .append(") end differently from the uninterrupted run.\n");
    out.append("First: a crash ")
        .append(p.point().describe(p.k()))
        .append(" (")
        .append(p)
        .append(", through the ")
        .append(partName(p.part()))
        .append("), then a restart on the same store:\n");
    out.append("  the crash: ")
        .append(p.fired() ? p.crash().getMessage() : "did not come (the run ended before it)")
        .append('\n');
    out.append("  ").append(first.what).append('\n');
    if (first.diff != null) {
      out.append("  the uninterrupted run's target: ").append(expectedRows).append(" rows\n");
      out.append(first.diff.describe());
    }
    if (failures.size() > 1) {
      out.append("Others: ")
          .append(
              failures.stream()
                  .skip(1)
                  .limit(OTHERS_SHOWN)
                  .map(f -> f.plan.toString())
                  .collect(Collectors.joining(", ")));
      if (failures.size() - 1 > OTHERS_SHOWN) {
        out.append(", ... and ").append(failures.size() - 1 - OTHERS_SHOWN).append(" more");
      }
      out.append('\n');
    }
    out.append("Repeat just the first: .points(CrashPoint.")
        .append(p.point())
        .append(").crashes(Crashes.at(")
        .append(p.k())
        .append("))");
    return out.toString();
  }

  private static String partName(Plan.Part part) {
    return switch (part) {
      case SOURCE -> "wrapped source";
      case SINK -> "wrapped sink";
      case CONNECTION -> "wrapped data source's sink connection";
      case STORE -> "wrapped store";
    };
  }
}
