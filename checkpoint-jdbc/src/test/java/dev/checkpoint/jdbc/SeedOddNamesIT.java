package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.Checkpointer;
import dev.checkpoint.InMemoryStore;
import dev.checkpoint.TableRef;
import dev.checkpoint.logstore.LogStore;
import dev.checkpoint.logstore.ResumeConfig;
import dev.checkpoint.testkit.CrashAfter;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seed 001 on both databases: the odd-name tables, a hand-written resume.config and resume_logs
 * directory, and a restart that skips the finished tables and resumes the others after their
 * positions. The schemas get a suffix so parallel builds do not meet; the names keep the seed's
 * characters ({@code @ * $ .}) and the columns add quotes, dashes and spaces.
 */
class SeedOddNamesIT {
  private static final String[] DB_AT_TABLES = {
    "finished_table_*$1",
    "finished_table_*$2",
    "in_finished_log_table_*$1",
    "in_finished_log_table_*$2",
    "in_position_log_table_*$1",
    "resume_table_*$4",
    "fresh_table_*$5"
  };
  private static final String[] DB_1_TABLES = {"one_pk_no_uk", "one_pk_multi_uk"};

  private record Fixture(Kind kind, String dbAt, String db1, String target) {
    String type() {
      return kind == Kind.MYSQL ? "mysql" : "pg";
    }

    Dialect d() {
      return Tables.dialect(kind);
    }

    TableRef ref(String schema, String table) {
      return TableRef.of(type(), schema, table);
    }
  }

  private static Fixture create(Kind kind) {
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    Fixture f =
        new Fixture(kind, "test_db_@" + suffix, "test_db_1" + suffix, "seed_target_" + suffix);
    Dialect d = f.d();
    for (String schema : List.of(f.dbAt(), f.db1(), f.target())) {
      Tables.execute(
          kind,
          kind == Kind.MYSQL
              ? "CREATE DATABASE " + d.quote(schema) + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
              : "CREATE SCHEMA " + d.quote(schema));
    }
    for (String t : DB_AT_TABLES) {
      Tables.execute(
          kind,
          "CREATE TABLE "
              + d.qualified(f.dbAt(), t)
              + " ("
              + d.quote("p.k")
              + " INT PRIMARY KEY, "
              + d.quote("v\"q")
              + " VARCHAR(20), "
              + d.quote("x-y z")
              + " INT, "
              + d.quote("t`k")
              + " VARCHAR(10))");
      List<Object[]> rows = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        rows.add(new Object[] {i, "v'" + i + "\"", i * 10, "`" + i});
      }
      Tables.insert(kind, d.qualified(f.dbAt(), t), List.of("p.k", "v\"q", "x-y z", "t`k"), rows);
    }
    Tables.execute(
        kind,
        "CREATE TABLE "
            + d.qualified(f.db1(), "one_pk_no_uk")
            + " (f_0 INT PRIMARY KEY, f_1 VARCHAR(10), f_2 INT)",
        "CREATE TABLE "
            + d.qualified(f.db1(), "one_pk_multi_uk")
            + " (f_0 INT PRIMARY KEY, f_1 INT NOT NULL,"
            + " f_2 INT, f_3 INT, UNIQUE (f_1), UNIQUE (f_2, f_3))");
    for (String t : DB_1_TABLES) {
      List<Object[]> rows = new ArrayList<>();
      for (int i = 1; i <= 10; i++) {
        rows.add(
            t.equals("one_pk_no_uk")
                ? new Object[] {i, "r" + i, i % 3}
                : new Object[] {i, 100 - i, i % 3, i});
      }
      Tables.insert(
          kind,
          d.qualified(f.db1(), t),
          t.equals("one_pk_no_uk")
              ? List.of("f_0", "f_1", "f_2")
              : List.of("f_0", "f_1", "f_2", "f_3"),
          rows);
    }
    for (String t : DB_AT_TABLES) {
      Tables.createTargetLike(kind, d.qualified(f.target(), t), d.qualified(f.dbAt(), t));
    }
    for (String t : DB_1_TABLES) {
      Tables.createTargetLike(kind, d.qualified(f.target(), t), d.qualified(f.db1(), t));
    }
    return f;
  }

  /** The seed's files, with the db_type and schema names of this fixture. */
  private static void writeSeedFiles(Fixture f, Path dir) throws Exception {
    String at = f.dbAt();
    String one = f.db1();
    String ty = f.type();
    Files.writeString(
        dir.resolve("resume.config"),
        String.join(
            "\n",
            "{\"type\":\"RdbSnapshotFinished\",\"db_type\":\""
                + ty
                + "\",\"schema\":\""
                + at
                + "\",\"tb\":\"finished_table_*$1\"}",
            "{\"type\":\"RdbSnapshotFinished\",\"db_type\":\""
                + ty
                + "\",\"schema\":\""
                + at
                + "\",\"tb\":\"finished_table_*$2\"}",
            "{\"type\":\"RdbSnapshot\",\"db_type\":\""
                + ty
                + "\",\"schema\":\""
                + one
                + "\",\"tb\":\"one_pk_no_uk\",\"order_col\":\"f_0\",\"value\":\"5\"}",
            "{\"type\":\"RdbSnapshot\",\"db_type\":\""
                + ty
                + "\",\"schema\":\""
                + one
                + "\",\"tb\":\"one_pk_multi_uk\",\"order_col\":\"f_0\",\"value\":\"5\"}",
            "{\"type\":\"RdbSnapshot\",\"db_type\":\""
                + ty
                + "\",\"schema\":\""
                + at
                + "\",\"tb\":\"resume_table_*$4\",\"order_col\":\"p.k\",\"value\":\"1\"}",
            ""));
    Path logs = Files.createDirectories(dir.resolve("resume_logs"));
    Files.writeString(
        logs.resolve("finished.log"),
        String.join(
            "\n",
            "2024-04-01 07:08:05.459594 | {\"type\":\"RdbSnapshotFinished\",\"db_type\":\""
                + ty
                + "\",\"schema\":\""
                + at
                + "\",\"tb\":\"in_finished_log_table_*$1\"}",
            "2024-04-01 07:08:06.537135 | {\"type\":\"RdbSnapshotFinished\",\"db_type\":\""
                + ty
                + "\",\"schema\":\""
                + at
                + "\",\"tb\":\"in_finished_log_table_*$2\"}",
            ""));
    Files.writeString(
        logs.resolve("position.log"),
        String.join(
            "\n",
            "2024-03-29 07:02:24.463776 | current_position | {\"type\":\"RdbSnapshot\",\"db_type\":\""
                + ty
                + "\",\"schema\":\""
                + at
                + "\",\"tb\":\"in_position_log_table_*$1\",\"order_col\":\"p.k\",\"value\":\"0\"}",
            "2024-03-29 07:02:24.463777 | current_position | {\"type\":\"RdbSnapshot\",\"db_type\":\""
                + ty
                + "\",\"schema\":\""
                + at
                + "\",\"tb\":\"in_position_log_table_*$1\",\"order_col\":\"p.k\",\"value\":\"1\"}",
            ""));
  }

  private static List<List<String>> rowsAfter(
      Fixture f, String schema, String table, String key, int after) {
    String q = f.d().qualified(schema, table);
    String expected = f.d().qualified(f.target(), "expected");
    Tables.execute(
        f.kind(),
        "DROP TABLE IF EXISTS " + expected,
        "CREATE TABLE "
            + expected
            + " AS SELECT * FROM "
            + q
            + " WHERE "
            + f.d().quote(key)
            + " > "
            + after);
    return Tables.dump(f.kind(), expected);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void restartFromTheSeedsResumeConfigSkipsFinishedTablesAndResumesTheOthers(
      Kind kind, @TempDir Path dir) throws Exception {
    Fixture f = create(kind);
    writeSeedFiles(f, dir);
    // One source for every table: it reads the table each decision names, by its primary key.
    JdbcSource source = JdbcSources.keyed(Tables.ds(kind)).batchSize(2).build();
    try (LogStore store = LogStore.in(dir.resolve("logs"));
        Checkpointer cp =
            Checkpointer.builder()
                .taskId("seed-001")
                .store(store)
                .resumeFrom(
                    LogStore.readOnly(dir.resolve("resume_logs")),
                    ResumeConfig.file(dir.resolve("resume.config")))
                .build()) {
      for (String t : DB_AT_TABLES) {
        cp.run(
            f.ref(f.dbAt(), t), source, ResumeHarness.sink(kind, f.d().qualified(f.target(), t)));
      }
      for (String t : DB_1_TABLES) {
        cp.run(f.ref(f.db1(), t), source, ResumeHarness.sink(kind, f.d().qualified(f.target(), t)));
      }
    }
    for (String t :
        List.of(
            "finished_table_*$1",
            "finished_table_*$2",
            "in_finished_log_table_*$1",
            "in_finished_log_table_*$2")) {
      assertThat(Tables.count(kind, f.d().qualified(f.target(), t)))
          .as("%s is skipped", t)
          .isZero();
    }
    for (String t : List.of("resume_table_*$4", "in_position_log_table_*$1")) {
      assertThat(Tables.dump(kind, f.d().qualified(f.target(), t)))
          .as("%s resumes after p.k = 1", t)
          .isEqualTo(rowsAfter(f, f.dbAt(), t, "p.k", 1))
          .hasSize(4);
    }
    assertThat(Tables.dump(kind, f.d().qualified(f.target(), "fresh_table_*$5")))
        .isEqualTo(Tables.dump(kind, f.d().qualified(f.dbAt(), "fresh_table_*$5")));
    for (String t : DB_1_TABLES) {
      assertThat(Tables.dump(kind, f.d().qualified(f.target(), t)))
          .as("%s resumes after f_0 = 5", t)
          .isEqualTo(rowsAfter(f, f.db1(), t, "f_0", 5))
          .hasSize(5);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void oddNamedTableResumesAfterACrashInsideIt(Kind kind) {
    Fixture f = create(kind);
    TableRef ref = f.ref(f.dbAt(), "resume_table_*$4");
    String target = f.d().qualified(f.target(), "resume_table_*$4");
    JdbcSource source =
        JdbcSources.keyed(Tables.ds(kind)).table(ref).key("p.k").batchSize(2).build();
    InMemoryStore store = new InMemoryStore();
    try (Checkpointer cp = ResumeHarness.checkpointer(store)) {
      assertThatThrownBy(
              () ->
                  cp.run(
                      ref, CrashAfter.batches(1).source(source), ResumeHarness.sink(kind, target)))
          .isInstanceOf(CrashAfter.SimulatedCrash.class);
    }
    try (Checkpointer cp = ResumeHarness.checkpointer(store)) {
      assertThat(cp.run(ref, source, ResumeHarness.sink(kind, target))).isEqualTo(4);
    }
    assertThat(Tables.dump(kind, target))
        .isEqualTo(Tables.dump(kind, f.d().qualified(f.dbAt(), "resume_table_*$4")));
  }
}
