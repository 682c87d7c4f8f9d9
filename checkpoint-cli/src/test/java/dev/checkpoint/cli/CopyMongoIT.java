package dev.checkpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.TaskSession;
import dev.checkpoint.mongo.MongoPositionStore;
import dev.checkpoint.testkit.ChildJvm;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import dev.checkpoint.testkit.TestMongo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code copy} of MongoDB collections from INI files in ape-dts's layout, against mongo-java-server
 * started in this JVM ({@link TestMongo#inProcess()}); it listens on a TCP port, so a child JVM
 * reaches it too. The source database's name has odd characters, its collections odd names (a dot,
 * a star, a dash), one has {@code _id}s of four BSON types, one is ignored by the filter, and the
 * targets live in a database of another name ([router] db_map).
 */
class CopyMongoIT {
  static TestMongo mongo;
  static String uri;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    mongo = TestMongo.inProcess();
    uri =
        mongo.client().getClusterDescription().getClusterSettings().getHosts().stream()
            .map(h -> "mongodb://" + h.getHost() + ":" + h.getPort())
            .findFirst()
            .orElseThrow();
  }

  @AfterAll
  static void stop() {
    mongo.close();
  }

  /**
   * A child JVM runs the copy and is killed with SIGKILL while {@code orders} is mid-way; the next
   * run resumes it and ends with every target equal to its source; a third skips every collection.
   * Positions in the log directory (from_log).
   */
  @Test
  void aCopyKilledMidwayResumesToAnExactTarget() throws Exception {
    CopyCollections db = new CopyCollections(mongo.client(), uri, 60_000);
    Path ini = db.ini(dir, "mkill", "[resumer]", "resume_type=from_log");
    String classpath = ChildJvm.snapshotClasspath(dir.resolve("classpath"));
    Path output = dir.resolve("run1.txt");
    Process child =
        ChildJvm.start(classpath, Main.class, output, "copy", "--config", ini.toString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    long copied = 0;
    while (child.isAlive() && (copied = db.count(db.dst, CopyCollections.ORDERS)) < 5_000) {
      assertThat(System.nanoTime()).as("orders started within 60 s").isLessThan(deadline);
      Thread.onSpinWait();
    }
    assertThat(child.isAlive())
        .as("the first run is still copying; its output:%n%s", read(output))
        .isTrue();
    child.destroyForcibly(); // SIGKILL: no shutdown hook, nothing flushed
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    long atKill = db.count(db.dst, CopyCollections.ORDERS);
    assertThat(atKill).as("killed mid-way").isBetween(copied, (long) db.orderDocs - 1);

    Cli second = Cli.run("copy", "--config", ini.toString());
    assertThat(second.exit).as("second run:%n%s%s", second.out, second.err).isZero();
    assertThat(second.out).contains("RUN SUMMARY: SUCCEEDED", "Processing: orders (resuming after");
    assertThat(db.differences(db.dst)).as("targets that differ from their sources").isEmpty();
    assertThat(db.count(db.dst, CopyCollections.IGNORED)).as("ignored by [filter]").isZero();

    Path logs = dir.resolve("logs");
    assertThat(Files.readString(logs.resolve("finished.log"), StandardCharsets.UTF_8))
        .contains("\"tb\":\"orders\"", "\"tb\":\"finished_table_*1\"", "\"tb\":\"a.b c\"");
    assertThat(Files.readString(logs.resolve("position.log"), StandardCharsets.UTF_8))
        .contains("\"db_type\":\"mongo\"", "{\\\"Int64\\\":");

    Cli third = Cli.run("copy", "--config", ini.toString());
    assertThat(third.exit).isZero();
    assertThat(third.out).contains("Skipped:          4", "Rows copied:      0");
  }

  /**
   * Positions in a collection of the target (from_target), with position.log and finished.log
   * beside; [router] tb_map over db_map; --dry-run, --start-from-table, --no-truncate and --reset.
   */
  @Test
  void routedCopyWithPositionsInTheTargetAndEveryFlag() throws Exception {
    CopyCollections db = new CopyCollections(mongo.client(), uri, 5_000);
    String store = "cp_store_" + db.dst.substring(7);
    String archive = "cp_archive_" + db.dst.substring(7);
    Path ini =
        db.ini(
            dir,
            "mflags",
            "[resumer]",
            "resume_type=from_target",
            "table_full_name=" + store + ".positions");
    ini =
        rewrite(
            ini,
            "[pipeline]",
            "tb_map=" + db.src + ".orders:" + archive + ".orders_2024\n[pipeline]");

    Cli dry = Cli.run("copy", "--config", ini.toString(), "--dry-run");
    assertThat(dry.exit).as(dry.out + dry.err).isZero();
    assertThat(dry.out)
        .contains(
            "Dry run of task mflags: 4 collections",
            "[4/4] " + db.src + ".orders -> " + archive + ".orders_2024: copy from the start",
            "read:  " + db.src + ".orders.find({}).sort({_id: 1})",
            "replaceOne({_id: <the document's _id>}, <the document>, {upsert: true}) x 200");
    assertThat(db.count(archive, "orders_2024")).isZero();

    Cli from = Cli.run("copy", "--config", ini.toString(), "--start-from-table", "order-items");
    assertThat(from.exit).as(from.out + from.err).isZero();
    assertThat(db.count(db.dst, CopyCollections.DOTTED)).as("before the start").isZero();
    assertThat(db.dump(db.dst, CopyCollections.ITEMS))
        .isEqualTo(db.dump(db.src, CopyCollections.ITEMS));
    assertThat(db.dump(archive, "orders_2024")).isEqualTo(db.dump(db.src, CopyCollections.ORDERS));

    Cli rest = Cli.run("copy", "--config", ini.toString(), "--no-truncate");
    assertThat(rest.exit).as(rest.out + rest.err).isZero();
    assertThat(db.dump(db.dst, CopyCollections.DOTTED))
        .isEqualTo(db.dump(db.src, CopyCollections.DOTTED));
    assertThat(db.dump(db.dst, CopyCollections.ODD))
        .isEqualTo(db.dump(db.src, CopyCollections.ODD));
    assertThat(
            mongo
                .client()
                .getDatabase(store)
                .getCollection("positions")
                .countDocuments(
                    new Document("task_id", "mflags").append("resumer_type", "SnapshotFinished")))
        .as("finished records in the target's position collection")
        .isEqualTo(4);
    assertThat(dir.resolve("logs").resolve("finished.log")).exists();

    Cli after = Cli.run("copy", "--config", ini.toString(), "--dry-run");
    assertThat(after.out).contains(".orders -> " + archive + ".orders_2024: skip, finished");

    // a changed target is left alone by a finished task, and copied over again by --reset
    db.coll(archive, "orders_2024").deleteMany(new org.bson.BsonDocument());
    Cli skipped = Cli.run("copy", "--config", ini.toString());
    assertThat(skipped.out).contains("Skipped:          4");
    assertThat(db.count(archive, "orders_2024")).isZero();
    Cli reset = Cli.run("copy", "--config", ini.toString(), "--reset");
    assertThat(reset.exit).as(reset.out + reset.err).isZero();
    assertThat(db.dump(archive, "orders_2024")).isEqualTo(db.dump(db.src, CopyCollections.ORDERS));
  }

  /**
   * parallel_type=chunk: three chunks at once on _id, plans and positions in the target's
   * MongoPositionStore (from_target); with the log store it is a configuration error.
   */
  @Test
  void copiesInChunksOfIdWithTheMongoStore() throws Exception {
    CopyCollections db = new CopyCollections(mongo.client(), uri, 12_000);
    Path ini =
        db.ini(
            dir,
            "mchunks",
            "[resumer]",
            "resume_type=from_target",
            "table_full_name=cp_store_" + db.dst.substring(7) + ".positions");
    ini = rewrite(ini, "parallel_size=2", "parallel_size=3\nparallel_type=chunk");
    Cli run = Cli.run("copy", "--config", ini.toString());
    assertThat(run.exit).as(run.out + run.err).isZero();
    assertThat(run.out).contains("Processing: " + db.src + ".orders (chunks, 3 at once)");
    assertThat(db.differences(db.dst)).isEmpty();

    Path logOnly = rewrite(ini, "resume_type=from_target", "resume_type=from_log");
    Cli refused = Cli.run("copy", "--config", logOnly.toString());
    assertThat(refused.exit).isEqualTo(2);
    assertThat(refused.err).contains("parallel_type=chunk", "from_target or from_db");
  }

  /**
   * A task whose lease another process holds (as a killed run leaves it until the lease expires) is
   * refused with exit 1, naming the task; positions can also live in a PostgreSQL table (from_db).
   */
  @Test
  void aHeldTaskIsRefusedAndFromDbKeepsPositionsInAJdbcTable() throws Exception {
    CopyCollections db = new CopyCollections(mongo.client(), uri, 2_000);
    String store = "cp_store_" + db.dst.substring(7);
    Path ini =
        db.ini(
            dir,
            "mheld",
            "[resumer]",
            "resume_type=from_target",
            "table_full_name=" + store + ".positions");
    try (MongoPositionStore held =
            MongoPositionStore.builder()
                .client(mongo.client())
                .collection(store + ".positions")
                .build();
        TaskSession session = held.open("mheld")) {
      Cli refused = Cli.run("copy", "--config", ini.toString());
      assertThat(refused.exit).as(refused.out + refused.err).isEqualTo(1);
      assertThat(refused.err).contains("mheld");
      assertThat(db.count(db.dst, CopyCollections.ORDERS)).isZero();
    }

    Path fromDb =
        db.ini(
            dir,
            "mfromdb",
            "[resumer]",
            "resume_type=from_db",
            "db_type=pg",
            "url=" + TestDatabases.url(Kind.POSTGRES),
            "table_full_name="
                + TestDatabases.freshSchema(Kind.POSTGRES, "cp_store")
                + ".positions");
    Cli run = Cli.run("copy", "--config", fromDb.toString());
    assertThat(run.exit).as(run.out + run.err).isZero();
    assertThat(db.differences(db.dst)).isEmpty();
    Cli again = Cli.run("copy", "--config", fromDb.toString());
    assertThat(again.out).contains("Skipped:          4");
  }

  /** A bad key, a bad URL, a bad value and a collection pattern that matches nothing: exit 2. */
  @Test
  void badConfigurationsExitTwoNamingTheProblem() throws Exception {
    CopyCollections db = new CopyCollections(mongo.client(), uri, 10);
    Path ini = db.ini(dir, "mbad");
    Cli key =
        Cli.run(
            "copy",
            "--config",
            rewrite(ini, "[router]\n", "[router]\ncol_map=json:[]\n").toString());
    assertThat(key.exit).isEqualTo(2);
    assertThat(key.err).contains("[router] col_map is not supported by copy");

    Cli partition =
        Cli.run(
            "copy",
            "--config",
            rewrite(ini, "batch_size=500\n", "batch_size=500\npartition_cols=json:[]\n")
                .toString());
    assertThat(partition.exit).isEqualTo(2);
    assertThat(partition.err)
        .contains(
            "[extractor] partition_cols is not supported by copy", "split into chunks on _id");

    String port = uri.substring(uri.lastIndexOf(':') + 1);
    Path badUrl =
        rewrite(
            ini,
            "url=" + uri + "\napp_name",
            "url=mongodb://u:s3cret@localhost:x" + port + "\napp_name");
    Cli bad = Cli.run("copy", "--config", badUrl.toString());
    assertThat(bad.exit).isEqualTo(2);
    assertThat(bad.err).contains("[extractor] url").doesNotContain("s3cret");

    Path direct = rewrite(ini, "app_name=", "is_direct_connection=maybe\napp_name=");
    Cli value = Cli.run("copy", "--config", direct.toString());
    assertThat(value.exit).isEqualTo(2);
    assertThat(value.err).contains("[extractor] is_direct_connection must be true or false");

    Path noSuch = rewrite(ini, ".*\nignore_tbs", ".no_such_collection\nignore_tbs");
    Cli pattern = Cli.run("copy", "--config", noSuch.toString());
    assertThat(pattern.exit).as(pattern.out + pattern.err).isEqualTo(2);
    assertThat(pattern.err)
        .contains("[filter] do_tbs entry", "no_such_collection", "matches no table");

    Path onto = rewrite(ini, "db_map=" + db.src + ":" + db.dst, "db_map=");
    Cli itself = Cli.run("copy", "--config", onto.toString());
    assertThat(itself.exit).isEqualTo(2);
    assertThat(itself.err).contains("would be copied onto itself");
  }

  private Path rewrite(Path ini, String from, String to) throws java.io.IOException {
    String text = Files.readString(ini, StandardCharsets.UTF_8);
    assertThat(text).contains(from);
    Path out = dir.resolve("v" + System.nanoTime() + ".ini");
    Files.writeString(out, text.replace(from, to), StandardCharsets.UTF_8);
    return out;
  }

  private static String read(Path p) throws java.io.IOException {
    return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
  }
}
