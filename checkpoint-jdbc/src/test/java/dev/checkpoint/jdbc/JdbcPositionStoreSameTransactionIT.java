package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.Position;
import dev.checkpoint.ResumeState;
import dev.checkpoint.TableRef;
import dev.checkpoint.TransactionalSession;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * from_target exactly-once: each batch's rows and its position row commit in one transaction of the
 * caller's connection. The target has a primary key and the copy uses plain INSERTs, so a row
 * delivered twice fails the run instead of hiding.
 */
class JdbcPositionStoreSameTransactionIT {
  private static final int ROWS = 95;
  private static final int BATCH = 10;
  private static final String TASK = "copy-orders";

  /** A fresh schema with a filled source, an empty target and (later) the position table. */
  private record Setup(Kind kind, String schema) {
    static Setup of(Kind kind) {
      Setup s = new Setup(kind, TestDatabases.freshSchema(kind, "cp_tx"));
      StoreFixtures.exec(
          kind,
          "CREATE TABLE " + s.q("source") + " (id bigint PRIMARY KEY, v varchar(50) NOT NULL)",
          "CREATE TABLE " + s.q("target") + " (id bigint PRIMARY KEY, v varchar(50) NOT NULL)");
      StringBuilder insert = new StringBuilder("INSERT INTO " + s.q("source") + " (id, v) VALUES ");
      for (int i = 1; i <= ROWS; i++) {
        insert
            .append(i == 1 ? "" : ", ")
            .append("(")
            .append(i * 3)
            .append(", 'row ")
            .append(i)
            .append(" é''\"')");
      }
      StoreFixtures.exec(kind, insert.toString());
      return s;
    }

    String q(String table) {
      return StoreFixtures.dialect(kind).qualified(schema, table);
    }

    TableRef table() {
      return TableRef.of(kind == Kind.MYSQL ? "mysql" : "pg", schema, "source");
    }

    JdbcPositionStore store() {
      return JdbcPositionStore.builder()
          .dataSource(TestDatabases.dataSource(kind))
          .tableFullName(schema + ".positions")
          .build();
    }

    List<Map<String, Object>> rows(String table) {
      return StoreFixtures.query(kind, "SELECT id, v FROM " + q(table) + " ORDER BY id");
    }

    Optional<Position> storedPosition() {
      try (JdbcPositionStore store = store()) {
        return store.read(TASK).position(table());
      }
    }
  }

  /** Where a run stops: before the commit of batch {@code k} (index from 0), or not at all. */
  private interface Stop {
    void beforeCommit(int batch, Connection tx) throws SQLException;

    default void afterCommit(int batch) {}

    Stop NEVER = (batch, tx) -> {};
  }

  private static final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Crash(int batch) {
      super("simulated crash at batch " + batch);
    }
  }

  /**
   * The user's loop: read a batch, INSERT it, record its position in the same transaction, commit.
   */
  private static void copy(Setup s, Stop stop) throws SQLException {
    TableRef table = s.table();
    try (JdbcPositionStore store = s.store();
        TransactionalSession<Connection> session = store.open(TASK);
        Connection tx = TestDatabases.dataSource(s.kind()).getConnection()) {
      tx.setAutoCommit(false);
      ResumeState state = session.load();
      if (state.isFinished(table)) {
        return;
      }
      long after =
          state
              .position(table)
              .map(p -> Long.parseLong(((Position.Keyed) p).values().get(0)))
              .orElse(0L);
      for (int batch = 0; ; batch++) {
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement ps =
            tx.prepareStatement(
                "SELECT id, v FROM "
                    + s.q("source")
                    + " WHERE id > ? ORDER BY id LIMIT "
                    + BATCH)) {
          ps.setLong(1, after);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              rows.add(new Object[] {rs.getLong(1), rs.getString(2)});
            }
          }
        }
        if (rows.isEmpty()) {
          session.finishIn(tx, table);
          tx.commit();
          return;
        }
        try (PreparedStatement ins =
            tx.prepareStatement("INSERT INTO " + s.q("target") + " (id, v) VALUES (?, ?)")) {
          for (Object[] r : rows) {
            ins.setLong(1, (Long) r[0]);
            ins.setString(2, (String) r[1]);
            ins.addBatch();
          }
          ins.executeBatch();
        }
        long last = (Long) rows.get(rows.size() - 1)[0];
        session.recordIn(tx, table, Position.keyed("id", Long.toString(last)));
        stop.beforeCommit(batch, tx);
        tx.commit();
        stop.afterCommit(batch);
        after = last;
      }
    }
  }

  private static void resumeAndCheckExact(Setup s) throws SQLException {
    copy(s, Stop.NEVER);
    assertThat(s.rows("target")).isEqualTo(s.rows("source"));
    try (JdbcPositionStore store = s.store()) {
      assertThat(store.read(TASK).isFinished(s.table())).isTrue();
    }
  }

  static Stream<Arguments> commitFailures() {
    return Stream.of(
        Arguments.of(Kind.MYSQL, "connection killed before commit"),
        Arguments.of(Kind.POSTGRES, "connection killed before commit"),
        Arguments.of(Kind.POSTGRES, "deferred constraint fails at commit"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("commitFailures")
  void failedCommitLandsNeitherDataNorPositionAndTheResumeIsExact(Kind kind, String how)
      throws SQLException {
    Setup s = Setup.of(kind);
    if (how.startsWith("deferred")) {
      StoreFixtures.exec(
          kind,
          "CREATE TABLE " + s.q("guard_parent") + " (id int PRIMARY KEY)",
          "CREATE TABLE "
              + s.q("guard")
              + " (ref int REFERENCES "
              + s.q("guard_parent")
              + " (id) DEFERRABLE INITIALLY DEFERRED)");
    }
    int failAt = 3;
    Stop failCommit =
        (batch, tx) -> {
          if (batch != failAt) {
            return;
          }
          if (how.startsWith("deferred")) {
            // Accepted now, checked at COMMIT: the commit fails after data and position are
            // written.
            try (PreparedStatement ps =
                tx.prepareStatement("INSERT INTO " + s.q("guard") + " (ref) VALUES (1)")) {
              ps.executeUpdate();
            }
          } else {
            StoreFixtures.kill(kind, StoreFixtures.backendId(tx));
          }
        };
    assertThatThrownBy(() -> copy(s, failCommit)).isInstanceOf(SQLException.class);

    assertThat(s.rows("target")).hasSize(failAt * BATCH);
    assertThat(s.storedPosition())
        .contains(Position.keyed("id", Long.toString(failAt * BATCH * 3L)));
    resumeAndCheckExact(s);
  }

  static Stream<Arguments> crashPoints() {
    return Stream.of(Kind.values())
        .flatMap(k -> Stream.of(0, 1, 4, 9).map(b -> Arguments.of(k, b)));
  }

  @ParameterizedTest(name = "{0}: crash before commit of batch {1}")
  @MethodSource("crashPoints")
  void crashBeforeCommitOfBatchKResumesExactly(Kind kind, int k) throws SQLException {
    Setup s = Setup.of(kind);
    assertThatThrownBy(
            () ->
                copy(
                    s,
                    (batch, tx) -> {
                      if (batch == k) {
                        throw new Crash(batch);
                      }
                    }))
        .isInstanceOf(Crash.class);
    assertThat(s.rows("target")).hasSize(k * BATCH);
    assertThat(s.storedPosition())
        .isEqualTo(
            k == 0
                ? Optional.empty()
                : Optional.of(Position.keyed("id", Long.toString(k * BATCH * 3L))));
    resumeAndCheckExact(s);
  }

  @ParameterizedTest(name = "{0}: crash after commit of batch {1}")
  @MethodSource("crashPoints")
  void crashAfterCommitOfBatchKResumesExactly(Kind kind, int k) throws SQLException {
    Setup s = Setup.of(kind);
    Stop stop =
        new Stop() {
          @Override
          public void beforeCommit(int batch, Connection tx) {}

          @Override
          public void afterCommit(int batch) {
            if (batch == k) {
              throw new Crash(batch);
            }
          }
        };
    assertThatThrownBy(() -> copy(s, stop)).isInstanceOf(Crash.class);
    assertThat(s.rows("target")).hasSize(Math.min(ROWS, (k + 1) * BATCH));
    resumeAndCheckExact(s);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void finishInIsUndoneWithTheCallersRollback(Kind kind) throws SQLException {
    Setup s = Setup.of(kind);
    try (JdbcPositionStore store = s.store();
        TransactionalSession<Connection> session = store.open(TASK);
        Connection tx = TestDatabases.dataSource(kind).getConnection()) {
      tx.setAutoCommit(false);
      session.recordIn(tx, s.table(), Position.keyed("id", "3"));
      tx.commit();
      session.finishIn(tx, s.table());
      tx.rollback();
      assertThat(session.load().isFinished(s.table())).isFalse();
      assertThat(session.load().position(s.table())).contains(Position.keyed("id", "3"));
    }
  }

  @Test
  void refusesAConnectionInAutoCommitMode() throws SQLException {
    Setup s = Setup.of(Kind.POSTGRES);
    try (JdbcPositionStore store = s.store();
        TransactionalSession<Connection> session = store.open(TASK);
        Connection c = TestDatabases.dataSource(Kind.POSTGRES).getConnection()) {
      c.setAutoCommit(true);
      assertThatThrownBy(() -> session.recordIn(c, s.table(), Position.keyed("id", "3")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("autoCommit");
      assertThat(session.load().position(s.table())).isEmpty();
    }
  }
}
