package dev.checkpoint.jdbc;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The column names of a result, shared by all its {@link Row}s. */
final class Columns {
  private final List<String> names;
  private final Map<String, Integer> index;

  Columns(List<String> names) {
    this.names = List.copyOf(names);
    this.index = new HashMap<>(names.size() * 2);
    // With duplicate labels (a join's two "id"s) a name finds the first, as ResultSet does.
    for (int i = names.size() - 1; i >= 0; i--) {
      index.put(names.get(i), i);
    }
  }

  List<String> names() {
    return names;
  }

  int size() {
    return names.size();
  }

  /** The 0-based index of the column, or -1. */
  int indexOf(String name) {
    Integer i = index.get(name);
    return i == null ? -1 : i;
  }
}
