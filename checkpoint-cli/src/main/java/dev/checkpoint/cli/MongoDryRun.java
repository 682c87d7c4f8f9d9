package dev.checkpoint.cli;

import dev.checkpoint.CheckpointException;
import dev.checkpoint.Position;
import dev.checkpoint.PositionStore;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.ResumeSource;
import dev.checkpoint.ResumeState;
import dev.checkpoint.TableRef;
import dev.checkpoint.TableState;
import dev.checkpoint.TableStatus;
import dev.checkpoint.mongo.MongoResume;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code copy --dry-run} of a MongoDB task: per collection, what a run would decide (skip, resume
 * after an {@code _id}, start over) and the find and bulk write it would run, read from the store
 * without taking the task.
 */
final class MongoDryRun {
  private final CopyConfig config;
  private final Args args;
  private final PrintStream out;
  private final List<MongoPlan.Collection> plan;
  private final PositionStore store;

  MongoDryRun(
      CopyConfig config,
      Args args,
      PrintStream out,
      List<MongoPlan.Collection> plan,
      PositionStore store) {
    this.config = config;
    this.args = args;
    this.out = out;
    this.plan = plan;
    this.store = store;
  }

  int print() {
    String task = config.task.taskIdOrDerived();
    ResumeState state = store.read(task);
    for (ResumeSource s : CopyRun.resumeSources(config)) {
      state = state.over(s.read());
    }
    Map<TableRef, TableStatus> statuses = store.readStatuses(task);
    boolean chunked = config.parallelType == CopyConfig.ParallelType.CHUNK;
    out.println(
        "Dry run of task "
            + task
            + ": "
            + plan.size()
            + " collections, "
            + config.parallelSize
            + (chunked ? " chunks" : " collections")
            + " at once; nothing is written.");
    int start = startIndex();
    for (int i = 0; i < plan.size(); i++) {
      MongoPlan.Collection c = plan.get(i);
      String head =
          "[" + (i + 1) + "/" + plan.size() + "] " + c.sourceName() + " -> " + c.targetName();
      if (i < start) {
        out.println(head + ": skip (before the start-from table)");
        continue;
      }
      Optional<TableState> ts = state.table(c.source());
      if (ts.isPresent() && ts.get().finished()) {
        out.println(head + ": skip, finished (" + ts.get().finishedSource().orElse("store") + ")");
        continue;
      }
      Optional<Position> position = ts.flatMap(TableState::position);
      TableStatus status = statuses.get(c.source());
      ResumeDecision decision;
      if (position.isPresent()) {
        out.println(
            head
                + ": resume after "
                + DryRun.describe(position.get())
                + " ("
                + ts.get().positionSource().orElse("store")
                + ")");
        decision = new ResumeDecision(c.source(), false, position, ts.get().positionSource());
      } else {
        boolean started =
            status != null
                && (status.state() == TableStatus.State.IN_PROGRESS
                    || status.state() == TableStatus.State.FAILED);
        out.println(
            head
                + (started
                    ? ": started before without a position: copy from the start over what the"
                        + " target holds (documents are replaced by _id, nothing is emptied)"
                    : ": copy from the start"));
        decision = ResumeDecision.fromStart(c.source());
      }
      out.println("    read:  " + read(c, decision, chunked));
      out.println(
          "    write: "
              + c.targetName()
              + ".bulkWrite([replaceOne({_id: <the document's _id>}, <the document>, {upsert:"
              + " true}) x "
              + config.writeBatch
              + "], {ordered: false})");
    }
    return Main.OK;
  }

  private String read(MongoPlan.Collection c, ResumeDecision decision, boolean chunked) {
    String from = c.sourceName();
    if (chunked) {
      return from
          + ".find({_id: {$gt: <chunk's lower bound>, $lte: <its upper bound>}}).sort({_id: 1}),"
          + " one query per _id type in the chunk, chunks of about "
          + config.readBatch * 10
          + " documents planned when the collection is copied";
    }
    String batches = ", batches of " + config.readBatch;
    if (!decision.resumes()) {
      return from + ".find({}).sort({_id: 1}).hint({_id: 1}), one query per _id type" + batches;
    }
    try {
      MongoResume r = MongoResume.of(decision);
      return from
          + ".find("
          + r.filter().toJson()
          + ").sort("
          + r.sort().toJson()
          + ").hint({_id: 1}), the branches run one after another"
          + batches;
    } catch (CheckpointException e) {
      return "(cannot resume from this position: " + e.getMessage() + ")";
    }
  }

  private int startIndex() {
    Optional<String> from = args.get("start-from-table");
    if (from.isEmpty()) {
      return 0;
    }
    for (int i = 0; i < plan.size(); i++) {
      MongoPlan.Collection c = plan.get(i);
      if (c.source().table().equals(from.get()) || c.sourceName().equals(from.get())) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "--start-from-table " + from.get() + " is not a table of this copy");
  }
}
