package dev.checkpoint.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.checkpoint.ConfigException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code copy --config task_config.ini}: an ape-dts snapshot task run by this library: the source
 * tables the filter selects, copied into existing target tables (or MongoDB collections into
 * MongoDB, {@link MongoCopy}), resumable, with progress. See docs/copy.md.
 */
final class CopyCommand implements Command {
  @Override
  public String name() {
    return "copy";
  }

  @Override
  public String summary() {
    return "copy the tables of an ape-dts snapshot task (task_config.ini), resumably";
  }

  @Override
  public Map<String, Boolean> options() {
    Map<String, Boolean> o = new LinkedHashMap<>();
    o.put("config", true);
    o.put("reset", false);
    o.put("start-from-table", true);
    o.put("no-truncate", false);
    o.put("dry-run", false);
    return o;
  }

  @Override
  public String help() {
    return String.join(
        "\n",
        "Usage: copy --config task_config.ini [--reset] [--start-from-table T] [--no-truncate]"
            + " [--dry-run]",
        "",
        "Copies the source tables that [filter] selects into the existing target tables ([router]",
        "renames them), parallel_size tables (or chunks, with parallel_type=chunk) at once.",
        "Finished tables are skipped and interrupted ones resume from their positions, kept where",
        "[resumer] says and in position.log/finished.log of [runtime] log_dir. docs/copy.md lists",
        "every key it reads.",
        "",
        "With db_type=mongo on both sides, the collections [filter] selects are copied keyed on",
        "_id: each document replaces the target's of the same _id (or is inserted), so a target is",
        "never emptied and --no-truncate changes nothing.",
        "",
        "  --config FILE            the task, in ape-dts's task_config.ini layout",
        "  --reset                  forget the task first: every table is copied again",
        "  --start-from-table T     skip the tables before T (TABLE or DB.TABLE) in the run's order",
        "  --no-truncate            keep what a partial table's target holds instead of emptying it",
        "                           before reading the table again",
        "  --dry-run                print each table's resume decision and the SQL it would run;",
        "                           change nothing",
        "",
        "Exit codes: 0 every table finished, 1 some failed (listed; the next run retries them),",
        "2 a bad configuration or option.",
        "");
  }

  @Override
  public int run(Args args, PrintStream out) {
    Path file = Path.of(args.require("config"));
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("config file not found: " + file);
    }
    if (args.has("dry-run") && args.has("reset")) {
      throw new IllegalArgumentException("--dry-run changes nothing: it cannot --reset");
    }
    CopyConfig config = CopyConfig.parse(file);
    config.warnings.forEach(w -> out.println("WARN " + w));
    if (config.source.dbType().equals("mongo")) {
      return new MongoCopy(config, args, out).run();
    }
    try (HikariDataSource source = pool("source", config.source, config, config.sourceConnections);
        HikariDataSource target = pool("target", config.target, config, config.targetConnections)) {
      CopyRun run = new CopyRun(config, source, target, args, out);
      return args.has("dry-run") ? run.dryRun() : run.run();
    }
  }

  private static HikariDataSource pool(String name, DbUrl url, CopyConfig config, int size) {
    HikariConfig c = new HikariConfig();
    c.setPoolName("copy-" + name);
    c.setJdbcUrl(url.url());
    url.user().ifPresent(c::setUsername);
    url.password().ifPresent(c::setPassword);
    // A reader holds a connection for its whole table, the writer takes one per batch.
    c.setMaximumPoolSize(size > 0 ? size : config.parallelSize * 2 + 2);
    c.setInitializationFailTimeout(-1);
    HikariDataSource ds = new HikariDataSource(c);
    try {
      ds.getConnection().close();
      return ds;
    } catch (java.sql.SQLException | RuntimeException e) {
      ds.close();
      throw new ConfigException(
          "cannot connect to the "
              + name
              + " "
              + url.display()
              + ": "
              + dev.checkpoint.TaskIds.stripSecrets(String.valueOf(e.getMessage())),
          e);
    }
  }
}
