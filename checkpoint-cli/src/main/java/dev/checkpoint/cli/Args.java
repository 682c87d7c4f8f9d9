package dev.checkpoint.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code --name value}, {@code --name=value} and {@code --flag}; an option may repeat. */
final class Args {
  private final Map<String, List<String>> values = new HashMap<>();

  static Args parse(String[] argv, Map<String, Boolean> options) {
    Args a = new Args();
    for (int i = 0; i < argv.length; i++) {
      String arg = argv[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new IllegalArgumentException("unexpected argument \"" + arg + "\"");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (name.equals("help")) {
        a.values.computeIfAbsent("help", k -> new ArrayList<>()).add("");
        continue;
      }
      Boolean takesValue = options.get(name);
      if (takesValue == null) {
        throw new IllegalArgumentException("unknown option --" + name);
      }
      if (takesValue && value == null) {
        if (i + 1 >= argv.length) {
          throw new IllegalArgumentException("option --" + name + " needs a value");
        }
        value = argv[++i];
      } else if (!takesValue && value != null) {
        throw new IllegalArgumentException("option --" + name + " takes no value");
      }
      a.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value == null ? "" : value);
    }
    return a;
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  Optional<String> get(String name) {
    List<String> v = values.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (v.size() > 1) {
      throw new IllegalArgumentException("option --" + name + " given more than once");
    }
    return Optional.of(v.get(0));
  }

  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  String require(String name) {
    return get(name)
        .orElseThrow(() -> new IllegalArgumentException("option --" + name + " is required"));
  }
}
