package dev.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A task's checkpoint settings in the seeds' INI keys:
 *
 * <pre>
 * [global]   task_id
 * [runtime]  log_dir
 * [resumer]  resume_type=from_log|from_target|from_db|none|dummy, log_dir, config_file,
 *            table_full_name, url, db_type, max_connections,
 *            resume_from_log, resume_log_dir, resume_config_file   (legacy)
 * [pipeline] checkpoint_interval_secs
 * </pre>
 *
 * Lines starting with {@code //}, {@code #} or {@code ;} are comments. Other sections (extractor,
 * sinker, ...) are kept for {@link TaskIds} but not interpreted. An unknown key in {@code
 * [resumer]}, a malformed line or a bad value is a {@link ConfigException} naming the file, line,
 * key and value. Relative paths are resolved against the directory of the file.
 *
 * <p>Over 350 lines: the parser of the seeds' INI keys, with one accessor and one clear error per
 * key.
 */
public final class TaskConfig {
  /** The seeds' default position table. */
  public static final String DEFAULT_TABLE_FULL_NAME = "apecloud_metadata.apedts_task_position";

  private static final Set<String> RESUMER_KEYS =
      Set.of(
          "resume_type",
          "log_dir",
          "config_file",
          "table_full_name",
          "url",
          "db_type",
          "max_connections",
          "resume_from_log",
          "resume_log_dir",
          "resume_config_file");

  private final Map<String, String> settings;
  private final String taskId;
  private final ResumeType resumeType;
  private final Path logDir;
  private final Path resumeLogDir;
  private final Path configFile;
  private final String tableFullName;
  private final String url;
  private final String dbType;
  private final int maxConnections;
  private final Duration checkpointInterval;

  private TaskConfig(Parsed p) {
    this.settings = Collections.unmodifiableMap(p.settings);
    this.taskId = p.taskId;
    this.resumeType = p.resumeType;
    this.logDir = p.logDir;
    this.resumeLogDir = p.resumeLogDir;
    this.configFile = p.configFile;
    this.tableFullName = p.tableFullName;
    this.url = p.url;
    this.dbType = p.dbType;
    this.maxConnections = p.maxConnections;
    this.checkpointInterval = p.checkpointInterval;
  }

  /**
   * Reads and validates an INI file.
   *
   * @param file the INI file
   * @return the validated settings
   * @throws ConfigException if the file cannot be read, or a setting is unknown or invalid (naming
   *     the file, line, key and value)
   */
  public static TaskConfig parse(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    Path base = file.toAbsolutePath().getParent();
    return parse(utf8(bytes, file.toString()), file.toString(), base);
  }

  /**
   * The text of the file; a byte that is not UTF-8 is an error naming its line and column (a file
   * saved in another encoding would otherwise change a name or a path without a word).
   */
  private static String utf8(byte[] bytes, String name) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (!result.isError()) {
      return out.flip().toString();
    }
    int bad = in.position();
    int lineStart = 0;
    int line = 1;
    for (int i = 0; i < bad; i++) {
      if (bytes[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    int lineEnd = lineStart;
    while (lineEnd < bytes.length && bytes[lineEnd] != '\n' && bytes[lineEnd] != '\r') {
      lineEnd++;
    }
    String shown = new String(bytes, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
    throw new ConfigException(
        String.format(
            Locale.ROOT,
            "%s:%d: not valid UTF-8 (byte 0x%02X at column %d); save the file as UTF-8: \"%s\"",
            name,
            line,
            bytes[bad] & 0xff,
            bad - lineStart + 1,
            shown));
  }

  /**
   * Parses INI text.
   *
   * @param text the INI text
   * @return the validated settings
   * @throws ConfigException if a setting is unknown or invalid (naming the file, line, key and
   *     value)
   * @param name the file name used in error messages
   * @param base the directory relative paths are resolved against
   */
  public static TaskConfig parse(String text, String name, Path base) {
    return new TaskConfig(new Parsed(text, name, base));
  }

  /**
   * Every setting as {@code section.key -> value}, in file order.
   *
   * @return the settings; unmodifiable
   */
  public Map<String, String> settings() {
    return settings;
  }

  /**
   * {@code [global] task_id}, if configured.
   *
   * @return the task id, or empty when it is not configured
   */
  public Optional<String> taskId() {
    return Optional.ofNullable(taskId);
  }

  /**
   * The configured task id, else one derived from the settings (never from a password).
   *
   * @return the task id
   */
  public String taskIdOrDerived() {
    return taskId != null ? taskId : TaskIds.derive(settings);
  }

  /**
   * {@code [resumer] resume_type}; {@code resume_from_log=true} means {@link ResumeType#FROM_LOG},
   * {@code resume_from_log=false} {@link ResumeType#NONE}. Default: {@link ResumeType#FROM_LOG}.
   *
   * @return the resume type
   */
  public ResumeType resumeType() {
    return resumeType;
  }

  /**
   * Where this task writes position.log and finished.log: {@code [runtime] log_dir}, default {@code
   * logs}.
   *
   * @return the log directory, resolved against the configuration file's directory
   */
  public Path logDir() {
    return logDir;
  }

  /**
   * Where to read position.log and finished.log from, when it is not {@link #logDir()}: {@code
   * [resumer] log_dir} or the legacy {@code resume_log_dir}.
   *
   * @return the directory, or empty when it is not configured
   */
  public Optional<Path> resumeLogDir() {
    return Optional.ofNullable(resumeLogDir);
  }

  /**
   * {@code [resumer] config_file} or the legacy {@code resume_config_file}: a resume.config.
   *
   * @return the resume.config path, or empty when it is not configured
   */
  public Optional<Path> configFile() {
    return Optional.ofNullable(configFile);
  }

  /**
   * {@code [resumer] table_full_name}, default {@value #DEFAULT_TABLE_FULL_NAME}.
   *
   * @return the position table, {@code database.table} or {@code schema.table}
   */
  public String tableFullName() {
    return tableFullName;
  }

  /**
   * {@code [resumer] url} for {@link ResumeType#FROM_DB}.
   *
   * @return the position store's URL, or empty when it is not configured
   */
  public Optional<String> url() {
    return Optional.ofNullable(url);
  }

  /**
   * {@code [resumer] db_type} ({@code mysql}, {@code pg} or {@code mongo}) for {@link
   * ResumeType#FROM_DB}.
   *
   * @return the position store's database type, or empty when it is not configured
   */
  public Optional<String> dbType() {
    return Optional.ofNullable(dbType);
  }

  /**
   * {@code [resumer] max_connections}, default 1.
   *
   * @return the position store's pool size, at least 1
   */
  public int maxConnections() {
    return maxConnections;
  }

  /**
   * {@code [pipeline] checkpoint_interval_secs}, default 10 seconds.
   *
   * @return the interval, at least 0
   */
  public Duration checkpointInterval() {
    return checkpointInterval;
  }

  /**
   * The checkpoint policy these settings ask for.
   *
   * @return a policy at most every {@link #checkpointInterval()}
   */
  public CheckpointPolicy policy() {
    return CheckpointPolicy.every(checkpointInterval);
  }

  @Override
  public String toString() {
    Map<String, String> safe = new LinkedHashMap<>();
    settings.forEach(
        (k, v) ->
            safe.put(
                k,
                k.toLowerCase(Locale.ROOT).contains("password")
                    ? "****"
                    : TaskIds.stripSecrets(v)));
    return "TaskConfig" + safe;
  }

  private static final class Parsed {
    final Map<String, String> settings = new LinkedHashMap<>();
    final Map<String, Integer> lines = new LinkedHashMap<>();
    final String name;
    String taskId;
    ResumeType resumeType = ResumeType.FROM_LOG;
    Path logDir;
    Path resumeLogDir;
    Path configFile;
    String tableFullName = DEFAULT_TABLE_FULL_NAME;
    String url;
    String dbType;
    int maxConnections = 1;
    Duration checkpointInterval = Duration.ofSeconds(10);

    Parsed(String text, String name, Path base) {
      this.name = name;
      String section = "";
      String[] rows = text.split("\r?\n", -1);
      for (int i = 0; i < rows.length; i++) {
        int lineNo = i + 1;
        String line = rows[i].strip();
        if (i == 0 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.isEmpty()
            || line.startsWith("//")
            || line.startsWith("#")
            || line.startsWith(";")) {
          continue;
        }
        if (line.startsWith("[")) {
          if (!line.endsWith("]") || line.length() < 3) {
            throw error(lineNo, "malformed section header " + quote(line) + " (expected [name])");
          }
          section = line.substring(1, line.length() - 1).strip().toLowerCase(Locale.ROOT);
          if (section.isEmpty()) {
            throw error(lineNo, "empty section name " + quote(line) + " (expected [name])");
          }
          continue;
        }
        int eq = line.indexOf('=');
        if (eq <= 0) {
          throw error(lineNo, "expected key=value, was " + quote(line));
        }
        if (section.isEmpty()) {
          throw error(lineNo, "key outside any [section]: " + quote(line));
        }
        String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        String value = line.substring(eq + 1).strip();
        String full = section + "." + key;
        if (settings.containsKey(full)) {
          throw error(
              lineNo,
              "duplicate key "
                  + key
                  + " in ["
                  + section
                  + "] (first on line "
                  + lines.get(full)
                  + ")");
        }
        if (section.equals("resumer") && !RESUMER_KEYS.contains(key)) {
          throw error(
              lineNo,
              "unknown key "
                  + key
                  + " in [resumer] (known: "
                  + String.join(", ", new java.util.TreeSet<>(RESUMER_KEYS))
                  + ")");
        }
        settings.put(full, value);
        lines.put(full, lineNo);
      }
      interpret(base);
    }

    private void interpret(Path base) {
      taskId = get("global.task_id");
      if (taskId != null && taskId.isEmpty()) {
        throw error(lines.get("global.task_id"), "task_id must not be empty");
      }
      String rt = get("resumer.resume_type");
      String legacy = get("resumer.resume_from_log");
      if (legacy != null) {
        if (!legacy.equalsIgnoreCase("true") && !legacy.equalsIgnoreCase("false")) {
          throw error(
              lines.get("resumer.resume_from_log"),
              "resume_from_log must be true or false, was " + quote(legacy));
        }
        resumeType =
            Boolean.parseBoolean(legacy.toLowerCase(Locale.ROOT))
                ? ResumeType.FROM_LOG
                : ResumeType.NONE;
      }
      if (rt != null) {
        try {
          resumeType = ResumeType.parse(rt);
        } catch (IllegalArgumentException e) {
          throw error(lines.get("resumer.resume_type"), e.getMessage());
        }
      }
      String runtimeLogDir = get("runtime.log_dir");
      logDir = resolve(base, runtimeLogDir == null ? "logs" : runtimeLogDir);
      String rld = first("resumer.log_dir", "resumer.resume_log_dir");
      resumeLogDir = rld == null ? null : resolve(base, rld);
      String cf = first("resumer.config_file", "resumer.resume_config_file");
      configFile = cf == null ? null : resolve(base, cf);
      String tfn = get("resumer.table_full_name");
      if (tfn != null) {
        int dot = tfn.indexOf('.');
        if (dot <= 0 || dot == tfn.length() - 1) {
          throw error(
              lines.get("resumer.table_full_name"),
              "table_full_name must be <database or schema>.<table>, was " + quote(tfn));
        }
        tableFullName = tfn;
      }
      url = get("resumer.url");
      dbType = get("resumer.db_type");
      if (dbType != null
          && !dbType.equals("mysql")
          && !dbType.equals("pg")
          && !dbType.equals("mongo")) {
        throw error(
            lines.get("resumer.db_type"),
            "db_type must be mysql, pg or mongo, was " + quote(dbType));
      }
      if (resumeType == ResumeType.FROM_DB) {
        if (url == null || url.isEmpty()) {
          throw error(lines.get("resumer.resume_type"), "resume_type=from_db needs [resumer] url");
        }
        if (dbType == null) {
          throw error(
              lines.get("resumer.resume_type"),
              "resume_type=from_db needs [resumer] db_type (mysql, pg or mongo)");
        }
      }
      String mc = get("resumer.max_connections");
      if (mc != null) {
        maxConnections = positiveInt(mc, "max_connections", lines.get("resumer.max_connections"));
      }
      String cis = get("pipeline.checkpoint_interval_secs");
      if (cis != null) {
        long secs;
        try {
          secs = Long.parseLong(cis);
        } catch (NumberFormatException e) {
          if (cis.matches("\\d+")) {
            throw error(
                lines.get("pipeline.checkpoint_interval_secs"),
                "checkpoint_interval_secs must be at most "
                    + Long.MAX_VALUE
                    + " seconds, was "
                    + quote(cis));
          }
          throw error(
              lines.get("pipeline.checkpoint_interval_secs"),
              "checkpoint_interval_secs must be a whole number of seconds >= 0, was " + quote(cis));
        }
        if (secs < 0) {
          throw error(
              lines.get("pipeline.checkpoint_interval_secs"),
              "checkpoint_interval_secs must be >= 0, was " + secs);
        }
        checkpointInterval = Duration.ofSeconds(secs);
      }
    }

    private int positiveInt(String v, String key, int line) {
      try {
        int n = Integer.parseInt(v);
        if (n > 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        if (v.matches("\\d+")) {
          // A whole number > 0 all the same: say what is wrong with it.
          throw error(line, key + " must be at most " + Integer.MAX_VALUE + ", was " + quote(v));
        }
      }
      throw error(line, key + " must be a whole number > 0, was " + quote(v));
    }

    private String get(String key) {
      return settings.get(key);
    }

    private String first(String a, String b) {
      return settings.containsKey(a) ? settings.get(a) : settings.get(b);
    }

    private static Path resolve(Path base, String p) {
      Path path = Path.of(p);
      return path.isAbsolute() || base == null ? path : base.resolve(path).normalize();
    }

    private ConfigException error(Integer line, String message) {
      return new ConfigException(name + ":" + line + ": " + message);
    }

    private static String quote(String s) {
      return "\"" + s + "\"";
    }
  }
}
