package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.InvalidPositionException;
import dev.checkpoint.KeyColumn;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeState;
import dev.checkpoint.TableRef;
import dev.checkpoint.TableStatus;
import dev.checkpoint.TransactionalSession;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The store and the seeds' system (ape-dts) share one position table: its DDL, its rows, its
 * lookups. The table here is created with ape-dts's own DDL, not the store's.
 */
class JdbcPositionStoreInteropIT {

  /** A table made with ape-dts's DDL, exactly as it issues it (unquoted names on PostgreSQL). */
  private static String apeDtsTable(Kind kind) {
    String schema = StoreFixtures.unusedSchema("cp_apedts");
    String table = "apedts_task_position";
    if (kind == Kind.MYSQL) {
      StoreFixtures.exec(
          kind,
          "CREATE DATABASE IF NOT EXISTS `" + schema + "`",
          "CREATE TABLE IF NOT EXISTS `"
              + schema
              + "`.`"
              + table
              + "` ("
              + "id bigint AUTO_INCREMENT PRIMARY KEY, task_id varchar(255) NOT NULL,"
              + " resumer_type varchar(255) NOT NULL, position_key varchar(255) NOT NULL,"
              + " position_data text, created_at timestamp DEFAULT CURRENT_TIMESTAMP,"
              + " updated_at timestamp DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,"
              + " UNIQUE KEY uk_task_id_task_type_position_key (task_id, resumer_type, position_key))");
    } else {
      StoreFixtures.exec(
          kind,
          "CREATE SCHEMA IF NOT EXISTS " + schema,
          "CREATE TABLE IF NOT EXISTS "
              + schema
              + "."
              + table
              + " ("
              + "id bigserial PRIMARY KEY, task_id varchar(255) NOT NULL,"
              + " resumer_type varchar(100) NOT NULL, position_key varchar(255) NOT NULL,"
              + " position_data text, created_at timestamp DEFAULT CURRENT_TIMESTAMP,"
              + " updated_at timestamp DEFAULT CURRENT_TIMESTAMP,"
              + " CONSTRAINT uk_task_id_task_type_position_key"
              + " UNIQUE (task_id, resumer_type, position_key))");
    }
    return schema + "." + table;
  }

  private static String q(Kind kind, String tableFullName) {
    String[] p = tableFullName.split("\\.");
    return StoreFixtures.dialect(kind).qualified(p[0], p[1]);
  }

  /** Inserts a row as ape-dts does and returns its id. */
  private static long insert(
      Kind kind, String table, String task, String type, String key, String data) {
    StoreFixtures.exec(
        kind,
        "INSERT INTO "
            + q(kind, table)
            + " (task_id, resumer_type, position_key, position_data)"
            + " VALUES ('"
            + task
            + "', '"
            + type
            + "', '"
            + key.replace("'", "''")
            + "', '"
            + data.replace("'", "''")
            + "')");
    return ((Number)
            StoreFixtures.query(
                    kind,
                    "SELECT id FROM "
                        + q(kind, table)
                        + " WHERE task_id = ? AND resumer_type = ? AND position_key = ?",
                    task,
                    type,
                    key)
                .get(0)
                .get("id"))
        .longValue();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void readsRowsApeDtsWroteInEveryFormAndSkipsForeignOnes(Kind kind) {
    String table = apeDtsTable(kind);
    String task = "task-" + UUID.randomUUID();
    long b =
        insert(
            kind,
            table,
            task,
            "SnapshotDoing",
            "test_db-b",
            "{\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"test_db\",\"tb\":\"b\","
                + "\"order_key\":{\"single\":[\"id\",\"6\"]}}");
    long a =
        insert(
            kind,
            table,
            task,
            "SnapshotDoing",
            "test_db-a",
            "{\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"test_db\",\"tb\":\"a\","
                + "\"order_col\":\"id\",\"value\":\"3\"}");
    long composite =
        insert(
            kind,
            table,
            task,
            "SnapshotDoing",
            "test_db_1-one_pk_multi_uk",
            "{\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"test_db_1\","
                + "\"tb\":\"one_pk_multi_uk\",\"order_key\":{\"composite\":[[\"f_0\",\"1\"],[\"f_1\",\"30\"]]}}");
    long finished =
        insert(
            kind,
            table,
            task,
            "SnapshotFinished",
            "test_db-c",
            "{\"type\":\"RdbSnapshotFinished\",\"db_type\":\"mysql\",\"schema\":\"test_db\",\"tb\":\"c\"}");
    insert(
        kind,
        table,
        task,
        "CdcDoing",
        "mysql-bin",
        "{\"type\":\"MysqlCdc\",\"server_id\":\"\",\"binlog_filename\":\"mysql-bin.000004\","
            + "\"next_event_position\":1231,\"gtid_set\":\"\",\"timestamp\":\"\"}");
    insert(
        kind,
        table,
        "another-task",
        "SnapshotDoing",
        "test_db-z",
        "{\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"test_db\",\"tb\":\"z\","
            + "\"order_col\":\"id\",\"value\":\"9\"}");

    ResumeState state;
    try (JdbcPositionStore store = StoreFixtures.store(kind, table)) {
      state = store.read(task);
      try (TransactionalSession<Connection> s = store.open(task)) {
        assertThat(s.load()).isEqualTo(state);
      }
    }

    TableRef tb = TableRef.of("mysql", "test_db", "b");
    TableRef ta = TableRef.of("mysql", "test_db", "a");
    TableRef tc = TableRef.of("mysql", "test_db", "c");
    TableRef tu = TableRef.of("mysql", "test_db_1", "one_pk_multi_uk");
    assertThat(state.tables().keySet()).containsExactlyInAnyOrder(ta, tb, tc, tu);
    assertThat(state.position(tb)).contains(Position.keyed("id", "6"));
    assertThat(state.position(ta)).contains(Position.keyed("id", "3"));
    assertThat(state.position(tu))
        .contains(Position.keyed(List.of(KeyColumn.of("f_0", "1"), KeyColumn.of("f_1", "30"))));
    assertThat(state.isFinished(tc)).isTrue();
    assertThat(state.isFinished(tb)).isFalse();
    assertThat(state.table(tb).get().positionSource()).contains(table + "#id=" + b);
    assertThat(state.table(ta).get().positionSource()).contains(table + "#id=" + a);
    assertThat(state.table(tu).get().positionSource()).contains(table + "#id=" + composite);
    assertThat(state.table(tc).get().finishedSource()).contains(table + "#id=" + finished);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void writesRowsInTheShapeApeDtsLooksUp(Kind kind) {
    String table = apeDtsTable(kind);
    String task = "task-" + UUID.randomUUID();
    try (JdbcPositionStore store = StoreFixtures.store(kind, table);
        TransactionalSession<Connection> s = store.open(task)) {
      s.record(TableRef.of("mysql", "test_db", "b"), Position.keyed("id", "6"));
      s.record(TableRef.of("mysql", "test_db", "a"), Position.keyed("id", "2"));
      s.finish(TableRef.of("mysql", "test_db", "a"));
      s.record(
          TableRef.of("mysql", "test_db_1", "one_pk_multi_uk"),
          Position.keyed(List.of(KeyColumn.of("f_0", "1"), KeyColumn.of("f_1", "30"))));
    }
    // ape-dts finds a table's row by (task_id, resumer_type, position_key = schema-tb).
    String lookup =
        "SELECT position_data, created_at, updated_at FROM "
            + q(kind, table)
            + " WHERE task_id = ? AND resumer_type = ? AND position_key = ?";
    Map<String, Object> b =
        StoreFixtures.query(kind, lookup, task, "SnapshotDoing", "test_db-b").get(0);
    assertThat(b.get("position_data"))
        .isEqualTo(
            "{\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"test_db\",\"tb\":\"b\","
                + "\"order_col\":\"id\",\"value\":\"6\",\"order_key\":{\"single\":[\"id\",\"6\"]}}");
    assertThat(b.get("created_at")).isNotNull();
    assertThat(b.get("updated_at")).isNotNull();
    assertThat(
            StoreFixtures.query(kind, lookup, task, "SnapshotFinished", "test_db-a")
                .get(0)
                .get("position_data"))
        .isEqualTo(
            "{\"type\":\"RdbSnapshotFinished\",\"db_type\":\"mysql\",\"schema\":\"test_db\",\"tb\":\"a\"}");
    assertThat(
            StoreFixtures.query(kind, lookup, task, "SnapshotDoing", "test_db_1-one_pk_multi_uk")
                .get(0)
                .get("position_data"))
        .isEqualTo(
            "{\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"test_db_1\","
                + "\"tb\":\"one_pk_multi_uk\",\"order_key\":{\"composite\":[[\"f_0\",\"1\"],[\"f_1\",\"30\"]]}}");
    // A finished table keeps its finished row only; the one extra row per task is the epoch.
    List<String> rows =
        StoreFixtures.query(
                kind,
                "SELECT resumer_type, position_key FROM "
                    + q(kind, table)
                    + " WHERE task_id = ? ORDER BY resumer_type, position_key",
                task)
            .stream()
            .map(r -> r.get("resumer_type") + " " + r.get("position_key"))
            .collect(Collectors.toList());
    assertThat(rows)
        .containsExactly(
            "SnapshotDoing test_db-b",
            "SnapshotDoing test_db_1-one_pk_multi_uk",
            "SnapshotFinished test_db-a",
            "TaskLock epoch");
  }

  /** Statuses and task state are rows of this library's own resumer types, which ape-dts skips. */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void statusAndStateRowsAreOwnResumerTypesAndNeverPositions(Kind kind) {
    String table = apeDtsTable(kind);
    String task = "task-" + UUID.randomUUID();
    TableRef b = TableRef.of("mysql", "test_db", "b");
    Instant t0 = Instant.parse("2025-12-16T14:25:00Z");
    try (JdbcPositionStore store = StoreFixtures.store(kind, table);
        TransactionalSession<Connection> s = store.open(task)) {
      s.record(b, Position.keyed("id", "6"));
      s.recordStatus(
          new TableStatus(
              b,
              TableStatus.State.IN_PROGRESS,
              60,
              t0,
              t0.plusSeconds(1),
              Duration.ofSeconds(1),
              null));
      s.recordState("{\"total\":60}");
      assertThat(s.load().tables().keySet()).containsExactly(b);
      assertThat(s.load().position(b)).contains(Position.keyed("id", "6"));
      assertThat(store.readStatuses(task).get(b).rows()).isEqualTo(60);
      assertThat(store.readState(task)).contains("{\"total\":60}");
    }
    List<String> rows =
        StoreFixtures.query(
                kind,
                "SELECT resumer_type, position_key FROM "
                    + q(kind, table)
                    + " WHERE task_id = ? ORDER BY resumer_type",
                task)
            .stream()
            .map(r -> r.get("resumer_type") + " " + r.get("position_key"))
            .collect(Collectors.toList());
    assertThat(rows)
        .containsExactly(
            "SnapshotDoing test_db-b",
            "TableStatus test_db-b",
            "TaskLock epoch",
            "TaskState state");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void dashedNamesGetDistinctKeysAndReadBackApart(Kind kind) {
    String table = StoreFixtures.freshTable(kind, "cp_dash");
    String task = "task-" + UUID.randomUUID();
    TableRef left = TableRef.of("mysql", "a-b", "c");
    TableRef right = TableRef.of("mysql", "a", "b-c");
    try (JdbcPositionStore store = StoreFixtures.store(kind, table)) {
      try (TransactionalSession<Connection> s = store.open(task)) {
        s.record(left, Position.keyed("id", "1"));
        s.record(right, Position.keyed("id", "2"));
      }
      ResumeState state = store.read(task);
      assertThat(state.position(left)).contains(Position.keyed("id", "1"));
      assertThat(state.position(right)).contains(Position.keyed("id", "2"));
    }
    List<Object> keys =
        StoreFixtures.query(
                kind,
                "SELECT position_key FROM "
                    + q(kind, table)
                    + " WHERE task_id = ? AND resumer_type = 'SnapshotDoing' ORDER BY position_key",
                task)
            .stream()
            .map(r -> r.get("position_key"))
            .collect(Collectors.toList());
    assertThat(keys).containsExactly("[\"a-b\",\"c\"]", "a-b-c");
  }

  /**
   * ape-dts files {@code a-b}.{@code c} under {@code a-b-c}, which is the key this store gives
   * {@code a}.{@code b-c}. Writing the latter must not destroy the former's position.
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void apeDtsRowUnderAnAmbiguousKeyIsReadByItsDataAndSurvivesOurWrites(Kind kind) {
    String table = apeDtsTable(kind);
    String task = "task-" + UUID.randomUUID();
    TableRef dashedSchema = TableRef.of("mysql", "a-b", "c");
    TableRef dashedTable = TableRef.of("mysql", "a", "b-c");
    insert(
        kind,
        table,
        task,
        "SnapshotDoing",
        "a-b-c",
        "{\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"a-b\",\"tb\":\"c\","
            + "\"order_col\":\"id\",\"value\":\"41\"}");
    try (JdbcPositionStore store = StoreFixtures.store(kind, table)) {
      assertThat(store.read(task).position(dashedSchema)).contains(Position.keyed("id", "41"));
      assertThat(store.read(task).position(dashedTable)).isEmpty();
      try (TransactionalSession<Connection> s = store.open(task)) {
        s.record(dashedTable, Position.keyed("id", "7"));
        assertThat(s.load().position(dashedSchema)).contains(Position.keyed("id", "41"));
        assertThat(s.load().position(dashedTable)).contains(Position.keyed("id", "7"));
        // A newer position under our own key wins over the one ape-dts left.
        s.record(dashedSchema, Position.keyed("id", "42"));
        assertThat(s.load().position(dashedSchema)).contains(Position.keyed("id", "42"));
        s.reset(dashedSchema);
        assertThat(s.load().tables().keySet()).containsExactly(dashedTable);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void unparseablePositionDataNamesTableRowAndText(Kind kind) {
    String table = apeDtsTable(kind);
    String task = "task-" + UUID.randomUUID();
    long id = insert(kind, table, task, "SnapshotDoing", "test_db-b", "{\"type\":\"RdbSnapshot\",");
    try (JdbcPositionStore store = StoreFixtures.store(kind, table)) {
      assertThatThrownBy(() -> store.read(task))
          .isInstanceOf(InvalidPositionException.class)
          .hasMessageContaining(table)
          .hasMessageContaining("id=" + id)
          .hasMessageContaining("{\"type\":\"RdbSnapshot\",");
    }
  }
}
