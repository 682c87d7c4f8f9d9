package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.Checkpointer;
import dev.checkpoint.InvalidPositionException;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeState;
import dev.checkpoint.StateTooLargeException;
import dev.checkpoint.StoreException;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskSession;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JDBC position store on MariaDB and PostgreSQL given names and values that carry SQL, task
 * states at and over the limit, and rows a person edited into bad JSON. Names round-trip and are
 * never executed; an over-large state is refused before anything changes; a bad row is named by
 * table, record and row.
 */
class BadInputStoreIT {
  private static String schema(Kind kind) {
    String schema = TestDatabases.freshSchema(kind, "cp_badstore");
    Tables.execute(
        kind,
        "CREATE TABLE " + Tables.dialect(kind).qualified(schema, "victim") + " (id INT)",
        "INSERT INTO " + Tables.dialect(kind).qualified(schema, "victim") + " VALUES (1)");
    return schema;
  }

  private static long victims(Kind kind, String schema) {
    return Tables.count(kind, Tables.dialect(kind).qualified(schema, "victim"));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void positionTableNameCarryingSqlIsCreatedAsNamedAndNothingElseIsTouched(Kind kind) {
    String schema = schema(kind);
    String table = "pos`\"'; DROP TABLE victim; -- $$";
    TableRef t = TableRef.of("mysql", "s", "t");
    try (JdbcPositionStore store =
        JdbcPositionStore.builder()
            .dataSource(TestDatabases.dataSource(kind))
            .tableFullName(schema + "." + table)
            .build()) {
      try (TaskSession s = store.open("task")) {
        s.record(t, Position.keyed("id", "7"));
      }
      assertThat(store.read("task").position(t)).contains(Position.keyed("id", "7"));
    }
    List<Map<String, Object>> tables =
        StoreFixtures.query(
            kind,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                + " ORDER BY table_name",
            schema);
    assertThat(tables).extracting(r -> r.get("table_name")).containsExactly(table, "victim");
    assertThat(victims(kind, schema)).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void taskIdsAndTableNamesCarryingSqlRoundTripAndStayApart(Kind kind) {
    String schema = schema(kind);
    List<String> names =
        List.of(
            "'; DELETE FROM positions; --",
            "\"; DROP TABLE victim; --",
            "`x`",
            "$$ $tag$ $$",
            "a-b",
            "a_b",
            "\\'",
            "%");
    try (JdbcPositionStore store =
        JdbcPositionStore.builder()
            .dataSource(TestDatabases.dataSource(kind))
            .tableFullName(schema + ".positions")
            .build()) {
      for (String task : names) {
        try (TaskSession s = store.open(task)) {
          for (String n : names) {
            s.record(TableRef.of("pg", n, n), Position.keyed(n, task + n));
          }
          s.finish(TableRef.of("pg", task, "done"));
        }
      }
      for (String task : names) {
        ResumeState state = store.read(task);
        for (String n : names) {
          assertThat(state.position(TableRef.of("pg", n, n)))
              .as("task %s table %s", task, n)
              .contains(Position.keyed(n, task + n));
        }
        assertThat(state.isFinished(TableRef.of("pg", task, "done"))).isTrue();
        for (String other : names) {
          assertThat(state.isFinished(TableRef.of("pg", other, "done")))
              .isEqualTo(other.equals(task));
        }
      }
    }
    assertThat(victims(kind, schema)).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aTaskStateAtTheDefaultLimitIsStoredWholeOrRefusedSayingWhyWithThePreviousKept(Kind kind) {
    // 64 KiB of JSON: one byte more than a MySQL/MariaDB TEXT column (the seeds' DDL) holds.
    String schema = schema(kind);
    String state = "\"" + "s".repeat(Checkpointer.DEFAULT_MAX_STATE_BYTES - 2) + "\"";
    try (JdbcPositionStore store =
        JdbcPositionStore.builder()
            .dataSource(TestDatabases.dataSource(kind))
            .tableFullName(schema + ".positions")
            .build()) {
      Checkpointer cp = Checkpointer.builder().taskId("state").store(store).build();
      cp.recordState("{\"n\":1}");
      cp.flush();
      cp.recordState(state);
      if (kind == Kind.MYSQL) {
        // Regression: the database's "Data too long" said nothing of the limit or the way out.
        assertThatThrownBy(cp::flush)
            .isInstanceOf(StoreException.class)
            .hasMessageContaining("on position table " + schema + ".positions failed")
            .hasMessageContaining("Data too long for column 'position_data'")
            .hasMessageContaining("position_data on MySQL/MariaDB: TEXT, 65,535 bytes")
            .hasMessageContaining("Checkpointer.Builder.maxStateBytes")
            .hasMessageContaining("MODIFY position_data MEDIUMTEXT");
        assertThatThrownBy(cp::close).isInstanceOf(StoreException.class);
        assertThat(store.readState("state")).contains("{\"n\":1}");
      } else {
        cp.close();
        assertThat(store.readState("state")).contains(state);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aTaskStateOverTheLimitIsRefusedAndThePreviousOneStays(Kind kind) {
    String schema = schema(kind);
    try (JdbcPositionStore store =
        JdbcPositionStore.builder()
            .dataSource(TestDatabases.dataSource(kind))
            .tableFullName(schema + ".positions")
            .build()) {
      try (Checkpointer cp = Checkpointer.builder().taskId("state").store(store).build()) {
        cp.recordState("{\"n\":1}");
        cp.flush();
        String big = "[" + "1,".repeat(40_000) + "1]";
        assertThatThrownBy(() -> cp.recordState(big))
            .isInstanceOf(StateTooLargeException.class)
            .hasMessageStartingWith(
                String.format(
                    java.util.Locale.ROOT,
                    "task state of task state is %,d bytes, over the limit of 65,536 bytes",
                    big.length()));
      }
      try (Checkpointer cp = Checkpointer.builder().taskId("state").store(store).build()) {
        assertThat(cp.state()).contains("{\"n\":1}");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aRowEditedToDuplicateJsonKeysIsNamedByTableRecordAndRow(Kind kind) {
    String schema = schema(kind);
    Dialect d = Tables.dialect(kind);
    TableRef t = TableRef.of("mysql", "s", "t");
    try (JdbcPositionStore store =
        JdbcPositionStore.builder()
            .dataSource(TestDatabases.dataSource(kind))
            .tableFullName(schema + ".positions")
            .build()) {
      try (TaskSession s = store.open("task")) {
        s.record(t, Position.keyed("id", "7"));
      }
      String edited =
          "{\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"s\",\"tb\":\"t\","
              + "\"order_col\":\"id\",\"value\":\"7\",\"value\":\"9\"}";
      StoreFixtures.exec(
          kind,
          "UPDATE "
              + d.qualified(schema, "positions")
              + " SET position_data = '"
              + edited.replace("'", "''")
              + "' WHERE task_id = 'task' AND resumer_type = 'SnapshotDoing'");
      Object id =
          StoreFixtures.query(
                  kind,
                  "SELECT id FROM "
                      + d.qualified(schema, "positions")
                      + " WHERE task_id = ? AND resumer_type = 'SnapshotDoing'",
                  "task")
              .get(0)
              .get("id");
      assertThatThrownBy(() -> store.read("task"))
          .isInstanceOf(InvalidPositionException.class)
          .hasMessageStartingWith(schema + ".positions#id=" + id + ", ")
          .hasMessageContaining("SnapshotDoing record")
          .hasMessageContaining("not valid JSON (Duplicate field 'value'");
      assertThatThrownBy(() -> store.open("task"))
          .isInstanceOf(InvalidPositionException.class)
          .hasMessageContaining("Duplicate field 'value'");
      // The bad row is left for a person to mend: nothing was deleted or rewritten.
      assertThat(
              StoreFixtures.query(
                  kind,
                  "SELECT position_data FROM "
                      + d.qualified(schema, "positions")
                      + " WHERE resumer_type = 'SnapshotDoing'",
                  new Object[0]))
          .extracting(r -> r.get("position_data"))
          .containsExactly(edited);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aNulCharacterInATableNameIsRefusedWithTheNameNotLostOnPostgres(Kind kind) {
    String schema = schema(kind);
    TableRef t = TableRef.of("pg", "s", "nul\u0000name");
    try (JdbcPositionStore store =
        JdbcPositionStore.builder()
            .dataSource(TestDatabases.dataSource(kind))
            .tableFullName(schema + ".positions")
            .build()) {
      try (TaskSession s = store.open("task")) {
        s.record(TableRef.of("pg", "s", "before"), Position.keyed("id", "1"));
        if (kind == Kind.MYSQL) {
          s.record(t, Position.keyed("id", "2"));
        } else {
          assertThatThrownBy(() -> s.record(t, Position.keyed("id", "2")))
              .isInstanceOf(StoreException.class)
              .hasMessageContaining(schema + ".positions")
              .hasMessageContaining("0x00");
        }
      }
      ResumeState state = store.read("task");
      assertThat(state.position(TableRef.of("pg", "s", "before")))
          .contains(Position.keyed("id", "1"));
      if (kind == Kind.MYSQL) {
        assertThat(state.position(t)).contains(Position.keyed("id", "2"));
      }
    }
  }
}
