package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.Checkpointer;
import dev.checkpoint.InMemoryStore;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.TableRef;
import dev.checkpoint.testkit.CrashAfter;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The user keeps their own while (rs.next()) loop; KeysetQuery makes it resumable. */
class KeysetQueryIT {
  private static final Map<Kind, String> SCHEMA = new EnumMap<>(Kind.class);
  private static final int ROWS = 37;

  @BeforeAll
  static void createTables() {
    for (Kind kind : Kind.values()) {
      String s = TestDatabases.freshSchema(kind, "userloop");
      SCHEMA.put(kind, s);
      Dialect d = Tables.dialect(kind);
      Tables.execute(
          kind,
          "CREATE TABLE "
              + d.qualified(s, "log")
              + " (id INT PRIMARY KEY, at "
              + (kind == Kind.MYSQL ? "DATETIME(6)" : "TIMESTAMP(6)")
              + " NULL, msg VARCHAR(20))");
      List<Object[]> rows = new ArrayList<>();
      for (int i = 0; i < ROWS; i++) {
        rows.add(
            new Object[] {
              i, i % 6 == 0 ? null : LocalDateTime.of(2024, 5, 1, 0, 0).plusSeconds(i % 4), "m" + i
            });
      }
      Tables.insert(kind, d.qualified(s, "log"), List.of("id", "at", "msg"), rows);
    }
  }

  static TableRef ref(Kind kind) {
    return TableRef.of(kind == Kind.MYSQL ? "mysql" : "pg", SCHEMA.get(kind), "log");
  }

  static String q(Kind kind, String table) {
    return Tables.dialect(kind).qualified(SCHEMA.get(kind), table);
  }

  /** The user's loop: copy rows one by one, commit every 4 and tell the checkpointer. */
  private static long userLoop(Kind kind, Checkpointer cp, String target, int crashAfterRows)
      throws SQLException {
    TableRef ref = ref(kind);
    ResumeDecision d = cp.resume(ref);
    long n = 0;
    try (Connection source = Tables.ds(kind).getConnection();
        Connection out = Tables.ds(kind).getConnection();
        PreparedStatement insert =
            out.prepareStatement("INSERT INTO " + target + " VALUES (?, ?, ?)")) {
      out.setAutoCommit(false);
      for (KeysetQuery q = KeysetQuery.forTable(source, d, "at");
          q != null;
          q = q.next().orElse(null)) {
        try (PreparedStatement ps = q.prepare(source);
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            if (n == crashAfterRows) {
              throw new CrashAfter.SimulatedCrash((int) n);
            }
            insert.setInt(1, rs.getInt("id"));
            insert.setObject(2, Tables.bindable(rs.getObject("at", LocalDateTime.class), kind));
            insert.setString(3, rs.getString("msg"));
            insert.executeUpdate();
            if (++n % 4 == 0) {
              out.commit();
              cp.committed(ref, q.positionOf(rs), 4);
            }
          }
        }
      }
      out.commit();
      cp.committed(ref, Position.finished(), n % 4);
      out.setAutoCommit(true);
    }
    return n;
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void usersOwnLoopResumesAfterACrashInEitherPass(Kind kind) throws Exception {
    String target = q(kind, "log_target");
    Tables.createTargetLike(kind, target, q(kind, "log"));
    for (int crashAt : new int[] {0, 4, 9, 16, 30, 35}) {
      Tables.execute(kind, "DELETE FROM " + target);
      InMemoryStore store = new InMemoryStore();
      try (Checkpointer cp = ResumeHarness.checkpointer(store)) {
        assertThatThrownBy(() -> userLoop(kind, cp, target, crashAt))
            .isInstanceOf(CrashAfter.SimulatedCrash.class);
      }
      // Rows written after the last committed position were rolled back with the crash.
      long committed = crashAt / 4 * 4;
      try (Checkpointer cp = ResumeHarness.checkpointer(store)) {
        assertThat(userLoop(kind, cp, target, -1))
            .as("crash after %d rows", crashAt)
            .isEqualTo(ROWS - committed);
      }
      assertThat(Tables.dump(kind, target))
          .as("crash after %d rows", crashAt)
          .isEqualTo(Tables.dump(kind, q(kind, "log")));
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void sqlQuotesEveryIdentifierAndBindsEveryValue(Kind kind) throws Exception {
    TableRef ref = ref(kind);
    ResumeDecision d =
        new ResumeDecision(
            ref,
            false,
            Optional.of(
                Position.keyed(
                    List.of(
                        dev.checkpoint.KeyColumn.of("at", "2024-05-01T00:00:02"),
                        dev.checkpoint.KeyColumn.of("id", "14")))),
            Optional.of("test"));
    try (Connection c = Tables.ds(kind).getConnection()) {
      KeysetQuery q = KeysetQuery.forTable(c, d, "at");
      assertThat(q.keyColumns()).containsExactly("at", "id");
      String t = q(kind, "log");
      if (kind == Kind.POSTGRES) {
        assertThat(q.sql())
            .isEqualTo(
                "SELECT * FROM "
                    + t
                    + " WHERE \"at\" IS NOT NULL AND (\"at\", \"id\") > (?, ?) ORDER BY \"at\", \"id\"");
        assertThat(q.parameters()).containsExactly(LocalDateTime.of(2024, 5, 1, 0, 0, 2), 14L);
      } else {
        assertThat(q.sql())
            .isEqualTo(
                "SELECT * FROM "
                    + t
                    + " WHERE `at` IS NOT NULL AND (`at` > ? OR (`at` = ? AND `id` > ?)) ORDER BY `at`, `id`");
        assertThat(q.parameters())
            .containsExactly("2024-05-01 00:00:02", "2024-05-01 00:00:02", 14L);
      }
      KeysetQuery nullPass = q.next().orElseThrow();
      assertThat(nullPass.sql())
          .isEqualTo(
              "SELECT * FROM "
                  + t
                  + " WHERE "
                  + Tables.dialect(kind).quote("at")
                  + " IS NULL ORDER BY "
                  + Tables.dialect(kind).quote("id"));
      assertThat(nullPass.parameters()).isEmpty();
      assertThat(nullPass.next()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void queryFormWrapsTheUsersSql(Kind kind) throws Exception {
    TableRef ref = TableRef.of("x", "y", "log_query");
    ResumeDecision d =
        new ResumeDecision(
            ref, false, Optional.of(Position.keyed("id", "30")), Optional.of("test"));
    String sql = "SELECT id, msg FROM " + q(kind, "log") + " WHERE msg <> 'm31'";
    try (Connection c = Tables.ds(kind).getConnection()) {
      KeysetQuery q = KeysetQuery.forQuery(c, sql, d, "id");
      assertThat(q.sql()).startsWith("SELECT * FROM (" + sql + ") src WHERE ");
      List<Integer> ids = new ArrayList<>();
      try (PreparedStatement ps = q.prepare(c);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getInt("id"));
        }
      }
      assertThat(ids).containsExactly(32, 33, 34, 35, 36);
    }
  }
}
