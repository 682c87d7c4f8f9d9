package dev.checkpoint.cli;

import dev.checkpoint.PositionStore;
import dev.checkpoint.jdbc.JdbcPositionStore;
import dev.checkpoint.logstore.LogStore;
import dev.checkpoint.mongo.MongoPositionStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The options that pick a task's store, shared by status, reset, export and import: a log directory
 * ({@code --log-dir}) or a JDBC position table ({@code --url}, {@code --user}, {@code --password}
 * or {@code --password-env}, {@code --table-full-name}), and {@code --task}.
 */
final class StoreOptions {
  static final String HELP =
      String.join(
          "\n",
          "Store (one of):",
          "  --log-dir DIR            a log directory (position.log, finished.log, status.log)",
          "  --url URL                a JDBC position store: jdbc:mysql://..., jdbc:postgresql://...,",
          "                           mysql://user:pass@host:3306 or postgres://user:pass@host:5432/db",
          "    --user USER            its user, if not in the URL",
          "    --password PASSWORD    its password, if not in the URL (never printed)",
          "    --password-env VAR     read the password from environment variable VAR instead",
          "    --table-full-name DB.T the position table (default apecloud_metadata.apedts_task_position)",
          "  --mongo-uri URI          a MongoDB position store (mongodb://...; credentials never printed)",
          "    --collection DB.COLL   its collection (default apecloud_metadata.apedts_task_position)",
          "  --task TASK              the task id (for --log-dir: default, the directory's task_id file)");

  private final Args args;

  StoreOptions(Args args) {
    this.args = args;
  }

  static void addTo(Map<String, Boolean> options) {
    options.put("log-dir", true);
    options.put("url", true);
    options.put("user", true);
    options.put("password", true);
    options.put("password-env", true);
    options.put("table-full-name", true);
    options.put("task", true);
    options.put("mongo-uri", true);
    options.put("collection", true);
  }

  /** A store chosen by the options; {@code create} lets a JDBC store create its table. */
  PositionStore open(boolean create) {
    requireOneStore();
    Optional<String> dir = args.get("log-dir");
    Optional<String> url = args.get("url");
    Optional<String> mongo = args.get("mongo-uri");
    if (args.has("collection") && mongo.isEmpty()) {
      throw new IllegalArgumentException("--collection applies to --mongo-uri");
    }
    if (mongo.isPresent()) {
      for (String jdbcOnly : new String[] {"user", "password", "password-env", "table-full-name"}) {
        if (args.has(jdbcOnly)) {
          throw new IllegalArgumentException(
              "--" + jdbcOnly + " applies to --url, not --mongo-uri");
        }
      }
      MongoPositionStore.Builder b = MongoPositionStore.builder().uri(mongo.get());
      args.get("collection").ifPresent(b::collection);
      return b.build();
    }
    if (dir.isPresent()) {
      for (String jdbcOnly : new String[] {"user", "password", "password-env", "table-full-name"}) {
        if (args.has(jdbcOnly)) {
          throw new IllegalArgumentException("--" + jdbcOnly + " applies to --url, not --log-dir");
        }
      }
      Path d = Path.of(dir.get());
      if (!create && !Files.isDirectory(d)) {
        throw new IllegalArgumentException("log directory not found: " + d);
      }
      return LogStore.in(d);
    }
    JdbcPositionStore.Builder b = JdbcPositionStore.builder().url(url.get()).createTable(create);
    args.get("user").ifPresent(b::user);
    password().ifPresent(b::password);
    args.get("table-full-name").ifPresent(b::tableFullName);
    return b.build();
  }

  private void requireOneStore() {
    int stores =
        (args.has("log-dir") ? 1 : 0) + (args.has("url") ? 1 : 0) + (args.has("mongo-uri") ? 1 : 0);
    if (stores != 1) {
      throw new IllegalArgumentException(
          "give exactly one store: --log-dir DIR, --url URL or --mongo-uri URI");
    }
  }

  private Optional<String> password() {
    Optional<String> given = args.get("password");
    Optional<String> env = args.get("password-env");
    if (given.isPresent() && env.isPresent()) {
      throw new IllegalArgumentException("give --password or --password-env, not both");
    }
    if (env.isPresent()) {
      String value = System.getenv(env.get());
      if (value == null) {
        throw new IllegalArgumentException(
            "environment variable " + env.get() + " (--password-env) is not set");
      }
      return Optional.of(value);
    }
    return given;
  }

  /**
   * The task: {@code --task}, or for a log directory the task that owns it ({@code task_id}).
   *
   * @throws IllegalArgumentException if there is neither
   */
  String task() {
    requireOneStore();
    Optional<String> task = args.get("task");
    if (task.isPresent()) {
      if (task.get().isBlank()) {
        throw new IllegalArgumentException("--task must not be blank");
      }
      return task.get();
    }
    Optional<String> dir = args.get("log-dir");
    if (dir.isPresent()) {
      Path file = Path.of(dir.get()).resolve("task_id");
      try {
        if (Files.isRegularFile(file)) {
          String owner = Files.readString(file, StandardCharsets.UTF_8).strip();
          if (!owner.isEmpty()) {
            return owner;
          }
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
      }
      throw new IllegalArgumentException("--task is required: " + file + " does not name the task");
    }
    throw new IllegalArgumentException(
        "--task is required with " + (args.has("url") ? "--url" : "--mongo-uri"));
  }

  /** What to call the store in output: the directory, or the position table (no credentials). */
  static String describe(PositionStore store) {
    if (store instanceof LogStore l) {
      return "log directory " + l.dir();
    }
    if (store instanceof MongoPositionStore m) {
      return "collection " + m.location();
    }
    if (store instanceof JdbcPositionStore j) {
      return j.dialect().name().toLowerCase(java.util.Locale.ROOT) + " table " + j.tableFullName();
    }
    return store.toString();
  }
}
