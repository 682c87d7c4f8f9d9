package dev.checkpoint.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.checkpoint.ConfigException;
import dev.checkpoint.TaskConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A copy task read from ape-dts's task_config.ini: the source and target, how many tables (or
 * chunks) at once, batch sizes, the filter and router, and the checkpoint settings of {@link
 * TaskConfig}. Every key is checked by {@link CopyKeys}.
 */
final class CopyConfig {
  /** How a table is read: whole, or split into chunks of a partition column. */
  enum ParallelType {
    TABLE,
    CHUNK
  }

  final TaskConfig task;
  final DbUrl source;
  final DbUrl target;
  final ParallelType parallelType;
  final int parallelSize;
  final int readBatch;
  final int writeBatch;
  final int sourceConnections;
  final int targetConnections;
  final Map<List<String>, String> partitionCols;
  final TableFilter filter;
  final Router router;
  final List<String> warnings;

  private CopyConfig(TaskConfig task, Map<String, String> s, List<String> warnings) {
    this.task = task;
    this.warnings = warnings;
    String extract = s.getOrDefault("extractor.extract_type", "");
    if (!extract.equals("snapshot")) {
      throw new ConfigException(
          "[extractor] extract_type must be snapshot for copy, was \"" + extract + "\"");
    }
    String sink = s.getOrDefault("sinker.sink_type", "");
    if (!sink.isEmpty() && !sink.equals("write")) {
      throw new ConfigException("[sinker] sink_type must be write for copy, was \"" + sink + "\"");
    }
    String srcType = dbType(s, "extractor");
    String dstType = dbType(s, "sinker");
    if (srcType.equals("mongo") != dstType.equals("mongo")) {
      throw new ConfigException(
          "copy goes from MySQL/PostgreSQL to MySQL/PostgreSQL or from MongoDB to MongoDB; was "
              + srcType
              + " to "
              + dstType);
    }
    this.source =
        withAuth(DbUrl.parse("extractor", srcType, s.get("extractor.url")), s, "extractor");
    this.target = withAuth(DbUrl.parse("sinker", dstType, s.get("sinker.url")), s, "sinker");
    String pt = s.getOrDefault("extractor.parallel_type", "");
    this.parallelType =
        switch (pt.isEmpty() ? "table" : pt.toLowerCase(Locale.ROOT)) {
          case "table" -> ParallelType.TABLE;
          case "chunk" -> ParallelType.CHUNK;
          default ->
              throw new ConfigException(
                  "[extractor] parallel_type must be table or chunk, was \"" + pt + "\"");
        };
    String size =
        first(
            s, "extractor.parallel_size", "parallelizer.parallel_size", "runtime.tb_parallel_size");
    this.parallelSize = size == null ? 1 : positive(s, size);
    String rb = s.get("extractor.batch_size");
    // ape-dts's default: its buffer of 16,000 rows shared by the tables read at once
    this.readBatch =
        rb == null || rb.isEmpty()
            ? Math.max(1, 16_000 / parallelSize)
            : positive(s, "extractor.batch_size");
    String wb = s.get("sinker.batch_size");
    this.writeBatch = wb == null || wb.isEmpty() ? 200 : positive(s, "sinker.batch_size");
    this.sourceConnections = connections(s, "extractor");
    this.targetConnections = connections(s, "sinker");
    this.partitionCols = partitionCols(s.get("extractor.partition_cols"));
    this.filter = TableFilter.parse(s, srcType);
    if (!filter.selectsAnything()) {
      throw new ConfigException(
          "[filter] selects no table: set do_dbs (databases) or do_tbs (db.table patterns);"
              + " as in ape-dts, empty lists match nothing");
    }
    this.router = Router.parse(s, dstType);
  }

  /**
   * Reads and checks the task.
   *
   * @throws ConfigException naming the file, key and value of the first problem
   */
  static CopyConfig parse(Path file) {
    TaskConfig task = TaskConfig.parse(file);
    Map<String, String> s = task.settings();
    List<String> warnings = CopyKeys.check(s);
    try {
      return new CopyConfig(task, s, warnings);
    } catch (ConfigException e) {
      throw new ConfigException(file + ": " + e.getMessage(), e);
    }
  }

  private static String dbType(Map<String, String> s, String section) {
    String t = s.getOrDefault(section + ".db_type", "");
    if (!List.of("mysql", "pg", "mongo").contains(t)) {
      throw new ConfigException(
          "[" + section + "] db_type must be mysql, pg or mongo, was \"" + t + "\"");
    }
    return t;
  }

  /** ape-dts's {@code username} and {@code password} keys, which win over the URL's. */
  private static DbUrl withAuth(DbUrl url, Map<String, String> s, String section) {
    String user = s.get(section + ".username");
    String password = s.get(section + ".password");
    if (url.dbType().equals("mongo") && (notEmpty(user) || notEmpty(password))) {
      throw new ConfigException(
          "[" + section + "] username and password: give them in the mongodb:// URL");
    }
    return new DbUrl(
        url.dbType(),
        url.url(),
        notEmpty(user) ? Optional.of(user) : url.user(),
        password != null && s.containsKey(section + ".password") && !password.isEmpty()
            ? Optional.of(password)
            : url.password());
  }

  private static boolean notEmpty(String v) {
    return v != null && !v.isEmpty();
  }

  private static int connections(Map<String, String> s, String section) {
    String v = s.get(section + ".max_connections");
    return v == null || v.isEmpty() ? 0 : positive(s, section + ".max_connections");
  }

  private static String first(Map<String, String> s, String... keys) {
    for (String k : keys) {
      String v = s.get(k);
      if (v != null && !v.isEmpty()) {
        return k;
      }
    }
    return null;
  }

  private static int positive(Map<String, String> s, String key) {
    String v = s.get(key);
    try {
      int n = Integer.parseInt(v.strip());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(
        "[" + key.replace(".", "] ") + " must be a whole number > 0, was \"" + v + "\"");
  }

  /** {@code json:[{"db":"d","tb":"t","partition_col":"c"}, ...]}, as ape-dts writes it. */
  private static Map<List<String>, String> partitionCols(String value) {
    Map<List<String>, String> out = new HashMap<>();
    if (value == null || value.isBlank()) {
      return out;
    }
    String where = "[extractor] partition_cols";
    if (!value.startsWith("json:")) {
      throw new ConfigException(
          where
              + " must be json:[{\"db\":...,\"tb\":...,\"partition_col\":...}], was \""
              + value
              + "\"");
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(value.substring(5));
    } catch (java.io.IOException e) {
      throw new ConfigException(where + " is not valid JSON: " + e.getMessage());
    }
    if (root == null || !root.isArray()) {
      throw new ConfigException(where + " must be a JSON array after json:");
    }
    for (JsonNode n : root) {
      JsonNode db = n.get("db");
      JsonNode tb = n.get("tb");
      JsonNode col = n.get("partition_col");
      if (db == null
          || tb == null
          || col == null
          || !db.isTextual()
          || !tb.isTextual()
          || !col.isTextual()) {
        throw new ConfigException(
            where + ": each entry needs the strings db, tb and partition_col, was " + n);
      }
      out.put(List.of(db.asText(), tb.asText()), col.asText());
    }
    return out;
  }
}
