package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.Checkpointer;
import dev.checkpoint.InMemoryStore;
import dev.checkpoint.TableRef;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checkpointer.runInTransaction with JdbcSinks.inTransaction: rows and position commit together.
 * The target has a primary key and the writer uses plain INSERTs, so a re-delivered row would fail
 * the resumed run.
 */
class JdbcSinksIT {
  private static final int ROWS = 95;

  static Stream<Arguments> crashes() {
    return Stream.of(Kind.values()).flatMap(k -> Stream.of(0, 3, 9).map(b -> Arguments.of(k, b)));
  }

  private static String setUp(Kind kind) {
    String schema = TestDatabases.freshSchema(kind, "cp_sink");
    Dialect d = StoreFixtures.dialect(kind);
    StoreFixtures.exec(
        kind,
        "CREATE TABLE "
            + d.qualified(schema, "source")
            + " (id bigint PRIMARY KEY, v varchar(40) NOT NULL)",
        "CREATE TABLE "
            + d.qualified(schema, "target")
            + " (id bigint PRIMARY KEY, v varchar(40) NOT NULL)");
    StringBuilder insert =
        new StringBuilder("INSERT INTO " + d.qualified(schema, "source") + " (id, v) VALUES ");
    for (int i = 1; i <= ROWS; i++) {
      insert
          .append(i == 1 ? "" : ", ")
          .append("(")
          .append(i * 2)
          .append(", 'v")
          .append(i)
          .append(" ü')");
    }
    StoreFixtures.exec(kind, insert.toString());
    return schema;
  }

  private static JdbcSinks.BatchWriter<Row> insertInto(
      String target, int failAtBatch, int[] batches) {
    return (connection, rows) -> {
      try (PreparedStatement ps =
          connection.prepareStatement("INSERT INTO " + target + " (id, v) VALUES (?, ?)")) {
        for (Row r : rows) {
          ps.setObject(1, r.get("id"));
          ps.setObject(2, r.get("v"));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      if (batches[0]++ == failAtBatch) {
        throw new SQLException(
            "simulated failure after the rows of batch " + failAtBatch + " were written");
      }
    };
  }

  @ParameterizedTest(name = "{0}: fail in batch {1}")
  @MethodSource("crashes")
  void aFailedBatchLandsNeitherRowsNorPositionAndTheResumeIsExact(Kind kind, int failAt) {
    String schema = setUp(kind);
    Dialect d = StoreFixtures.dialect(kind);
    String target = d.qualified(schema, "target");
    TableRef table = TableRef.of(kind == Kind.MYSQL ? "mysql" : "pg", schema, "source");
    var ds = TestDatabases.dataSource(kind);
    var source = JdbcSources.keyed(ds).table(table).key("id").batchSize(10).build();
    try (JdbcPositionStore store =
        JdbcPositionStore.builder().dataSource(ds).tableFullName(schema + ".positions").build()) {
      int[] batches = {0};
      try (Checkpointer cp = Checkpointer.builder().taskId("sink").store(store).build()) {
        assertThatThrownBy(
                () ->
                    cp.runInTransaction(
                        table,
                        source,
                        JdbcSinks.inTransaction(ds, insertInto(target, failAt, batches))))
            .hasRootCauseMessage(
                "simulated failure after the rows of batch " + failAt + " were written");
      }
      assertThat(StoreFixtures.query(kind, "SELECT id FROM " + target)).hasSize(failAt * 10);
      try (Checkpointer cp = Checkpointer.builder().taskId("sink").store(store).build()) {
        assertThat(
                cp.runInTransaction(
                    table, source, JdbcSinks.inTransaction(ds, insertInto(target, -1, new int[1]))))
            .isEqualTo(ROWS - failAt * 10L);
      }
      assertThat(store.read("sink").isFinished(table)).isTrue();
    }
    List<Map<String, Object>> src =
        StoreFixtures.query(
            kind, "SELECT id, v FROM " + d.qualified(schema, "source") + " ORDER BY id");
    assertThat(StoreFixtures.query(kind, "SELECT id, v FROM " + target + " ORDER BY id"))
        .isEqualTo(src)
        .hasSize(ROWS);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void refusesAStoreThatCannotShareTheTransaction(Kind kind) {
    String schema = setUp(kind);
    TableRef table = TableRef.of(kind == Kind.MYSQL ? "mysql" : "pg", schema, "source");
    var ds = TestDatabases.dataSource(kind);
    try (Checkpointer cp =
        Checkpointer.builder().taskId("sink").store(new InMemoryStore()).build()) {
      assertThatThrownBy(
              () ->
                  cp.runInTransaction(
                      table,
                      JdbcSources.keyed(ds).table(table).key("id").build(),
                      JdbcSinks.inTransaction(ds, (c, rows) -> {})))
          .hasMessageContaining("needs the checkpointer's store to be a JdbcPositionStore");
    }
  }
}
