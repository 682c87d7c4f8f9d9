package dev.checkpoint.cli;

import dev.checkpoint.TableRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Finds the tables a user names with {@code --table SCHEMA.TABLE} (or {@code DB:SCHEMA.TABLE}). */
final class TableSpecs {
  private TableSpecs() {}

  /**
   * @param known the tables of the task in the store
   * @throws IllegalArgumentException naming a spec that matches no table, or several
   */
  static List<TableRef> resolve(List<String> specs, Collection<TableRef> known, String task) {
    List<TableRef> out = new ArrayList<>();
    for (String spec : specs) {
      List<TableRef> matches =
          known.stream()
              .filter(t -> (t.schema() + "." + t.table()).equals(spec) || t.toString().equals(spec))
              .toList();
      if (matches.isEmpty()) {
        List<String> names =
            known.stream().limit(10).map(t -> t.schema() + "." + t.table()).toList();
        throw new IllegalArgumentException(
            "task "
                + task
                + " has no table \""
                + spec
                + "\" in the store"
                + (known.isEmpty()
                    ? " (it has no tables)"
                    : "; its tables include " + String.join(", ", names)));
      }
      if (matches.size() > 1) {
        throw new IllegalArgumentException(
            "\""
                + spec
                + "\" names "
                + matches.size()
                + " tables "
                + matches
                + "; give it as DB_TYPE:SCHEMA.TABLE");
      }
      if (!out.contains(matches.get(0))) {
        out.add(matches.get(0));
      }
    }
    return out;
  }
}
