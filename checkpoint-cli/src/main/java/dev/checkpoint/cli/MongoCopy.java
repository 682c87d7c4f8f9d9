package dev.checkpoint.cli;

import com.mongodb.client.MongoClient;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.ConfigException;
import dev.checkpoint.PositionStore;
import dev.checkpoint.ResumeType;
import dev.checkpoint.TaskConfig;
import dev.checkpoint.config.Stores;
import dev.checkpoint.logstore.LogStore;
import dev.checkpoint.mongo.MongoPositionStore;
import dev.checkpoint.runner.ConsoleReporter;
import dev.checkpoint.runner.RunResult;
import dev.checkpoint.runner.TableJob;
import dev.checkpoint.runner.TableRunner;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.bson.RawBsonDocument;

/**
 * One run of a MongoDB to MongoDB copy: the clients, the store {@code [resumer]} names, the
 * collections {@code [filter]} selects, run by {@link TableRunner} ({@code parallel_size}
 * collections at once) or in chunks of {@code _id} ({@link ChunkCopy}).
 */
final class MongoCopy {
  private final CopyConfig config;
  private final Args args;
  private final PrintStream out;

  MongoCopy(CopyConfig config, Args args, PrintStream out) {
    this.config = config;
    this.args = args;
    this.out = out;
  }

  int run() {
    try (MongoClient source =
            MongoConnect.open("extractor", config.source, config.task.settings());
        MongoClient target = MongoConnect.open("sinker", config.target, config.task.settings())) {
      List<MongoPlan.Collection> plan =
          MongoPlan.discover(
              config, source, storeDatabase(), config.source.url().equals(config.target.url()));
      try (PositionStore store = openStore(target)) {
        if (args.has("dry-run")) {
          return new MongoDryRun(config, args, out, plan, store).print();
        }
        if (plan.isEmpty()) {
          throw new ConfigException("[filter] selects no collection of the source");
        }
        return copy(source, target, plan, store);
      }
    }
  }

  private int copy(
      MongoClient source,
      MongoClient target,
      List<MongoPlan.Collection> plan,
      PositionStore store) {
    boolean resetAll = args.has("reset") || config.task.resumeType() == ResumeType.NONE;
    if (config.parallelType == CopyConfig.ParallelType.CHUNK) {
      ChunkCopy.sharedStore(store); // refuse the log store before a collection is planned
      return new ChunkCopy(
              config,
              args,
              out,
              plan.stream().map(MongoPlan.Collection::source).toList(),
              store,
              resetAll,
              (chunks, i) -> {
                MongoPlan.Collection c = plan.get(i);
                return chunks.run(
                    c.source(),
                    MongoCollectionCopy.chunkedSource(source, c, config),
                    MongoCollectionCopy.sink(
                        MongoCollectionCopy.targetOf(target, c), config.writeBatch));
              })
          .run();
    }
    try (Checkpointer cp =
        Checkpointer.builder()
            .taskId(config.task.taskIdOrDerived())
            .store(store)
            .policy(config.task.policy())
            .resumeFrom(CopyRun.resumeSources(config))
            .build()) {
      List<TableJob<RawBsonDocument>> jobs = new ArrayList<>();
      for (MongoPlan.Collection c : plan) {
        jobs.add(MongoCollectionCopy.job(source, target, c, config));
      }
      // Upserts by _id need no emptied target: a partial collection is read again over it.
      TableRunner.Builder b =
          TableRunner.builder(cp)
              .jobs(jobs)
              .parallelism(config.parallelSize)
              .truncatePartial(false)
              .listener(ConsoleReporter.builder().out(out).resumeHint(CopyRun.RESUME_HINT).build());
      if (resetAll) {
        b.resetAll();
      }
      args.get("start-from-table").ifPresent(b::startFrom);
      RunResult result = b.build().run();
      return result.succeeded() ? Main.OK : Main.FAILED;
    }
  }

  /**
   * The store {@code [resumer]} names, with position.log and finished.log written in every case:
   * {@code from_target} keeps positions in a collection of the target ({@code table_full_name},
   * default {@value TaskConfig#DEFAULT_TABLE_FULL_NAME}); {@code from_db} in the position table or
   * collection at {@code [resumer] url} ({@code db_type} mysql, pg or mongo).
   */
  private PositionStore openStore(MongoClient target) {
    TaskConfig task = config.task;
    ResumeType type = task.resumeType();
    if (type == ResumeType.FROM_LOG || type == ResumeType.NONE) {
      return LogStore.in(task.logDir());
    }
    PositionStore primary =
        type == ResumeType.FROM_TARGET
            ? MongoPositionStore.builder().client(target).collection(task.tableFullName()).build()
            : Stores.fromConfig(task, null);
    return new MirroredStore(primary, LogStore.in(task.logDir()));
  }

  /** The position collection's database, never copied; null for the log store. */
  private String storeDatabase() {
    boolean mongoStore =
        config.task.resumeType() == ResumeType.FROM_TARGET
            || (config.task.resumeType() == ResumeType.FROM_DB
                && "mongo".equals(config.task.dbType().orElse("")));
    if (!mongoStore) {
      return null;
    }
    String full = config.task.tableFullName();
    return full.substring(0, full.indexOf('.'));
  }
}
