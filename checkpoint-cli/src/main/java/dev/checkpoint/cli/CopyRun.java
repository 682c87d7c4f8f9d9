package dev.checkpoint.cli;

import dev.checkpoint.Checkpointer;
import dev.checkpoint.ConfigException;
import dev.checkpoint.PositionStore;
import dev.checkpoint.ResumeSource;
import dev.checkpoint.ResumeType;
import dev.checkpoint.TaskConfig;
import dev.checkpoint.config.Stores;
import dev.checkpoint.jdbc.Row;
import dev.checkpoint.logstore.LogStore;
import dev.checkpoint.logstore.ResumeConfig;
import dev.checkpoint.runner.ConsoleReporter;
import dev.checkpoint.runner.RunResult;
import dev.checkpoint.runner.TableJob;
import dev.checkpoint.runner.TableRunner;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** One run of a JDBC copy task: the store, the plan, and the tables run by TableRunner. */
final class CopyRun {
  static final String RESUME_HINT =
      "Run the same copy command again: finished tables are skipped, failed and interrupted ones"
          + " resume from their last position.";

  final CopyConfig config;
  final DataSource source;
  final DataSource target;
  final Args args;
  final PrintStream out;

  CopyRun(CopyConfig config, DataSource source, DataSource target, Args args, PrintStream out) {
    this.config = config;
    this.source = source;
    this.target = target;
    this.args = args;
    this.out = out;
  }

  /** The store {@code [resumer]} names; position.log and finished.log are written in every case. */
  PositionStore openStore() {
    TaskConfig task = config.task;
    if (task.resumeType() == ResumeType.FROM_LOG || task.resumeType() == ResumeType.NONE) {
      return LogStore.in(task.logDir());
    }
    PositionStore primary = Stores.fromConfig(task, target);
    return new MirroredStore(primary, LogStore.in(task.logDir()));
  }

  /** The position table's schema, never copied; null for the log store. */
  String storeSchema() {
    ResumeType type = config.task.resumeType();
    if (type != ResumeType.FROM_TARGET && type != ResumeType.FROM_DB) {
      return null;
    }
    String full = config.task.tableFullName();
    return full.substring(0, full.indexOf('.'));
  }

  ResumeSource[] resumeSources() {
    return resumeSources(config);
  }

  /** Where else {@code [resumer]} says positions may be: a read-only log dir, a config file. */
  static ResumeSource[] resumeSources(CopyConfig config) {
    List<ResumeSource> sources = new ArrayList<>();
    config.task.resumeLogDir().ifPresent(d -> sources.add(LogStore.readOnly(d)));
    config.task.configFile().ifPresent(f -> sources.add(ResumeConfig.file(f)));
    return sources.toArray(new ResumeSource[0]);
  }

  List<CopyPlan.Table> plan() {
    return CopyPlan.discover(config, source, target, storeSchema());
  }

  int run() {
    List<CopyPlan.Table> plan = plan();
    if (plan.isEmpty()) {
      throw new ConfigException("[filter] selects no table of the source");
    }
    boolean resetAll = args.has("reset") || config.task.resumeType() == ResumeType.NONE;
    if (resetAll && !args.has("no-truncate")) {
      emptyKeylessTargets(plan);
    }
    try (PositionStore store = openStore()) {
      if (config.parallelType == CopyConfig.ParallelType.CHUNK) {
        return ChunkCopy.jdbc(this, plan, store, resetAll).run();
      }
      try (Checkpointer cp =
          Checkpointer.builder()
              .taskId(config.task.taskIdOrDerived())
              .store(store)
              .policy(config.task.policy())
              .resumeFrom(resumeSources())
              .build()) {
        List<TableJob<Row>> jobs = new ArrayList<>();
        for (CopyPlan.Table t : plan) {
          jobs.add(TableCopy.job(source, target, t, config));
        }
        TableRunner.Builder b =
            TableRunner.builder(cp)
                .jobs(jobs)
                .parallelism(config.parallelSize)
                .truncatePartial(!args.has("no-truncate"))
                .listener(ConsoleReporter.builder().out(out).resumeHint(RESUME_HINT).build());
        if (resetAll) {
          b.resetAll();
        }
        args.get("start-from-table").ifPresent(b::startFrom);
        RunResult result = b.build().run();
        return result.succeeded() ? Main.OK : Main.FAILED;
      }
    }
  }

  /**
   * A forgotten task copies every table again; a target with a key is upserted and ends exact, one
   * without would get every row twice, so it is emptied first.
   */
  private void emptyKeylessTargets(List<CopyPlan.Table> plan) {
    for (CopyPlan.Table t : plan) {
      if (!TableCopy.resumesMidway(t)) {
        try {
          TableCopy.truncate(target, t);
        } catch (java.sql.SQLException e) {
          throw new dev.checkpoint.CheckpointException(
              "cannot empty " + t.targetName() + " before copying it again: " + e.getMessage(), e);
        }
        out.println("Emptied " + t.targetName() + " (no primary key): the task was reset");
      }
    }
  }

  int dryRun() {
    List<CopyPlan.Table> plan = plan();
    try (PositionStore store = openStore()) {
      return new DryRun(this, plan, store).print();
    }
  }
}
