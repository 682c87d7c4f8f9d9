package dev.checkpoint.cli;

import dev.checkpoint.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which keys of an ape-dts task configuration {@code copy} reads: supported ones, ones that only
 * tune ape-dts's own internals (a WARN names each), and the rest, which are errors: a key that
 * would change what is copied is never ignored. A key with an empty value is unset (ape-dts's
 * templates list empty keys). A MongoDB task reads a few keys otherwise: the connection keys set up
 * its client, and {@code partition_cols} and credentials outside the URL are refused. docs/copy.md
 * has the same table with ape-dts's meaning beside each key.
 */
final class CopyKeys {
  private CopyKeys() {}

  private enum Kind {
    SUPPORTED,
    WARN
  }

  private record Rule(Kind kind, String why) {}

  private static final Map<String, Rule> RULES = rules();

  /** Where a MongoDB copy reads a key otherwise than a JDBC one. */
  private static final Map<String, Rule> MONGO_RULES = mongoRules();

  /** Keys a MongoDB copy refuses, with the reason. */
  private static final Map<String, String> MONGO_REFUSED =
      Map.of(
          "extractor.partition_cols",
          "MongoDB collections are split into chunks on _id",
          "extractor.username",
          "give the credentials in the mongodb:// URL",
          "extractor.password",
          "give the credentials in the mongodb:// URL",
          "sinker.username",
          "give the credentials in the mongodb:// URL",
          "sinker.password",
          "give the credentials in the mongodb:// URL");

  /** Sections whose keys are all refused with this reason. */
  private static final Map<String, String> REFUSED_SECTIONS =
      Map.of(
          "checker", "data checks are not part of copy",
          "checker_output", "data checks are not part of copy",
          "checker_cdc", "data checks are not part of copy",
          "data_marker", "data markers are for two-way CDC",
          "processor", "Lua processors are not supported",
          "metacenter", "the DDL meta center is for CDC");

  /** Keys refused with a reason of their own. */
  private static final Map<String, String> REFUSED =
      Map.ofEntries(
          Map.entry("filter.ignore_cols", "copy writes every column of a table"),
          Map.entry("filter.where_conditions", "copy reads whole tables"),
          Map.entry("router.col_map", "target columns must have the source's names"),
          Map.entry("router.topic_map", "Kafka targets are not supported"),
          Map.entry("extractor.max_rps", "rate limits are not supported"),
          Map.entry("extractor.max_mbps", "rate limits are not supported"),
          Map.entry("sinker.max_rps", "rate limits are not supported"),
          Map.entry("sinker.max_mbps", "rate limits are not supported"),
          Map.entry("pipeline.max_rps", "rate limits are not supported"),
          Map.entry("extractor.ssl_mode", "give SSL settings in the URL"),
          Map.entry("sinker.ssl_mode", "give SSL settings in the URL"),
          Map.entry("sinker.transaction_isolation", "each batch commits at the target's default"));

  private static Map<String, Rule> rules() {
    Map<String, Rule> r = new java.util.HashMap<>();
    for (String k : new String[] {"task_id"}) {
      r.put("global." + k, new Rule(Kind.SUPPORTED, null));
    }
    for (String k :
        new String[] {
          "db_type",
          "url",
          "username",
          "password",
          "extract_type",
          "parallel_type",
          "parallel_size",
          "batch_size",
          "partition_cols",
          "max_connections"
        }) {
      r.put("extractor." + k, new Rule(Kind.SUPPORTED, null));
    }
    String conn = "connections are opened by HikariCP with its own timeouts";
    r.put("extractor.connection_timeout_secs", new Rule(Kind.WARN, conn));
    r.put("sinker.connection_timeout_secs", new Rule(Kind.WARN, conn));
    String app = "the JDBC drivers name the connection themselves";
    r.put("extractor.app_name", new Rule(Kind.WARN, app));
    r.put("sinker.app_name", new Rule(Kind.WARN, app));
    String cdc = "it only applies to CDC tasks";
    for (String k :
        new String[] {"heartbeat_interval_secs", "keepalive_interval_secs", "heartbeat_tb"}) {
      r.put("extractor." + k, new Rule(Kind.WARN, cdc));
    }
    r.put(
        "extractor.is_direct_connection",
        new Rule(Kind.WARN, "give directConnection=true in the mongodb:// URL instead"));
    for (String k :
        new String[] {
          "db_type", "url", "username", "password", "batch_size", "sink_type", "max_connections"
        }) {
      r.put("sinker." + k, new Rule(Kind.SUPPORTED, null));
    }
    r.put(
        "sinker.replace",
        new Rule(
            Kind.WARN,
            "copy always upserts into a target with a primary key, so that a resumed table ends"
                + " exact; a target without one gets plain inserts"));
    r.put(
        "sinker.disable_foreign_key_checks",
        new Rule(Kind.WARN, "foreign key checks of the target stay as the target has them"));
    r.put("sinker.conflict_policy", new Rule(Kind.WARN, "it only applies to struct tasks"));
    r.put("sinker.is_direct_connection", r.get("extractor.is_direct_connection"));
    r.put(
        "sinker.mongo_require_shard_key_filter",
        new Rule(Kind.WARN, "copy writes by _id, which every shard key filter includes"));
    for (String k : new String[] {"do_dbs", "ignore_dbs", "do_tbs", "ignore_tbs"}) {
      r.put("filter." + k, new Rule(Kind.SUPPORTED, null));
    }
    r.put(
        "filter.do_events", new Rule(Kind.WARN, "a snapshot copy only inserts (or upserts) rows"));
    for (String k : new String[] {"do_structures", "do_ddls", "do_dcls", "ignore_cmds"}) {
      r.put("filter." + k, new Rule(Kind.WARN, "it only applies to struct, CDC or Redis tasks"));
    }
    r.put("router.db_map", new Rule(Kind.SUPPORTED, null));
    r.put("router.tb_map", new Rule(Kind.SUPPORTED, null));
    r.put("parallelizer.parallel_size", new Rule(Kind.SUPPORTED, null));
    String sinkThreads =
        "each table (or chunk) is written by the thread that reads it; [extractor] parallel_size"
            + " and [parallelizer] parallel_size set how many run at once";
    r.put("parallelizer.parallel_type", new Rule(Kind.WARN, sinkThreads));
    for (String k :
        new String[] {
          "rebalance_strategy",
          "rebalance_cost",
          "rebalance_max_partitions_per_sinker",
          "rebalance_min_partition_rows",
          "rebalance_split_skew_ratio"
        }) {
      r.put("parallelizer." + k, new Rule(Kind.WARN, sinkThreads));
    }
    r.put("pipeline.checkpoint_interval_secs", new Rule(Kind.SUPPORTED, null));
    String buffer = "rows go from reader to writer one batch at a time, with no buffer between";
    for (String k :
        new String[] {
          "buffer_size",
          "buffer_memory_mb",
          "batch_sink_interval_secs",
          "counter_time_window_secs",
          "counter_max_sub_count"
        }) {
      r.put("pipeline." + k, new Rule(Kind.WARN, buffer));
    }
    r.put("runtime.log_dir", new Rule(Kind.SUPPORTED, null));
    r.put("runtime.tb_parallel_size", new Rule(Kind.SUPPORTED, null));
    String logging = "logging goes through SLF4J (simplelogger.properties)";
    r.put("runtime.log_level", new Rule(Kind.WARN, logging));
    r.put("runtime.log4rs_file", new Rule(Kind.WARN, logging));
    r.put(
        "runtime.check_result_stdout_only",
        new Rule(Kind.WARN, "data checks are not part of copy"));
    return Map.copyOf(r);
  }

  private static Map<String, Rule> mongoRules() {
    Map<String, Rule> r = new java.util.HashMap<>();
    for (String section : new String[] {"extractor", "sinker"}) {
      for (String k :
          new String[] {"app_name", "is_direct_connection", "connection_timeout_secs"}) {
        r.put(section + "." + k, new Rule(Kind.SUPPORTED, null));
      }
    }
    r.put(
        "sinker.replace",
        new Rule(Kind.WARN, "copy always replaces each document by _id, inserting missing ones"));
    r.put("sinker.disable_foreign_key_checks", new Rule(Kind.WARN, "MongoDB has no foreign keys"));
    return Map.copyOf(r);
  }

  /**
   * Checks every key of the task and returns the warnings.
   *
   * @param settings {@code section.key -> value}
   * @return one line per set key that is read but has no effect
   * @throws ConfigException naming the first key that is not supported
   */
  static List<String> check(Map<String, String> settings) {
    List<String> warnings = new ArrayList<>();
    boolean mongo = "mongo".equals(settings.get("extractor.db_type"));
    for (Map.Entry<String, String> e : settings.entrySet()) {
      String full = e.getKey();
      String section = full.substring(0, full.indexOf('.'));
      String key = full.substring(full.indexOf('.') + 1);
      if (section.equals("resumer")) {
        continue; // TaskConfig checked them
      }
      if (e.getValue().isEmpty()) {
        continue;
      }
      if (mongo && MONGO_REFUSED.containsKey(full)) {
        throw refused(section, key, MONGO_REFUSED.get(full));
      }
      Rule rule = mongo && MONGO_RULES.containsKey(full) ? MONGO_RULES.get(full) : RULES.get(full);
      if (rule != null && rule.kind() == Kind.WARN) {
        warnings.add("[" + section + "] " + key + " has no effect on copy: " + rule.why());
        continue;
      }
      if (rule != null) {
        continue;
      }
      if (section.equals("tracing") || section.equals("metrics")) {
        warnings.add(
            "["
                + section
                + "] "
                + key
                + " has no effect on copy: progress goes to the console and SLF4J");
        continue;
      }
      String why = REFUSED.getOrDefault(full, REFUSED_SECTIONS.get(section));
      if (why == null && !isKnownSection(section)) {
        why = "[" + section + "] is not a section copy knows";
      }
      throw refused(section, key, why);
    }
    return warnings;
  }

  private static ConfigException refused(String section, String key, String why) {
    return new ConfigException(
        "["
            + section
            + "] "
            + key
            + " is not supported by copy"
            + (why == null ? "" : " (" + why + ")")
            + "; docs/copy.md lists the keys copy reads");
  }

  private static boolean isKnownSection(String section) {
    return List.of(
            "global",
            "extractor",
            "sinker",
            "filter",
            "router",
            "parallelizer",
            "pipeline",
            "runtime",
            "resumer")
        .contains(section);
  }
}
