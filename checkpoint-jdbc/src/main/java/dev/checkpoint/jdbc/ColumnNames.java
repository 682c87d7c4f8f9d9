package dev.checkpoint.jdbc;

import dev.checkpoint.CheckpointException;
import dev.checkpoint.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Finds the columns a user named among the columns a relation has. */
final class ColumnNames {
  private ColumnNames() {}

  /**
   * The column with exactly this name, else the only one equal ignoring case (MySQL compares column
   * names without case, and users write them as they think of them).
   *
   * @param role what the column is for, for the message: {@code key column}, {@code order column}
   * @throws CheckpointException naming the column, the table and the columns there are
   */
  static Column find(
      List<Column> columns, String name, String role, TableRef ref, Relation rel, Dialect d) {
    for (Column c : columns) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    List<Column> folded = new ArrayList<>();
    for (Column c : columns) {
      if (c.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        folded.add(c);
      }
    }
    if (folded.size() == 1) {
      return folded.get(0);
    }
    throw new CheckpointException(
        role
            + " \""
            + name
            + "\" of "
            + ref
            + " is not a column of its "
            + rel.describe(d)
            + " (columns: "
            + names(columns)
            + ")");
  }

  static List<Column> findAll(
      List<Column> columns,
      List<String> names,
      String role,
      TableRef ref,
      Relation rel,
      Dialect d) {
    List<Column> found = new ArrayList<>(names.size());
    for (String n : names) {
      Column c = find(columns, n, role, ref, rel, d);
      if (found.contains(c)) {
        throw new CheckpointException(role + " \"" + n + "\" of " + ref + " is named twice");
      }
      found.add(c);
    }
    return found;
  }

  static String names(List<Column> columns) {
    return columns.stream().map(Column::name).collect(Collectors.joining(", "));
  }
}
