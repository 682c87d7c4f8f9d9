package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.Position;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskConfig;
import dev.checkpoint.TransactionalSession;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The seeds' {@code [resumer]} settings make a working store: from_db and from_target. */
class JdbcPositionStoreConfigIT {
  private static final TableRef T = TableRef.of("mysql", "test_db", "b");

  /** The test server as a seeds-style URL: {@code mysql://user[:password]@host:port}. */
  private static String seedsUrl(Kind kind) {
    String user = StoreFixtures.param(kind, "user");
    String password = StoreFixtures.param(kind, "password");
    String auth = user + (password.isEmpty() ? "" : ":" + password) + "@";
    return kind == Kind.MYSQL
        ? "mysql://" + auth + StoreFixtures.hostPort(kind)
        : "postgres://" + auth + StoreFixtures.hostPort(kind) + "/" + StoreFixtures.database(kind);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void fromDbTakesTheSeedsUrlTableAndPoolSize(Kind kind) {
    String table = StoreFixtures.freshTable(kind, "cp_fromdb");
    TaskConfig cfg =
        TaskConfig.parse(
            "[global]\ntask_id=task1\n[resumer]\nresume_type=from_db\nurl="
                + seedsUrl(kind)
                + "\ndb_type="
                + (kind == Kind.MYSQL ? "mysql" : "pg")
                + "\ntable_full_name="
                + table
                + "\nmax_connections=2\n",
            "task.ini",
            Path.of("."));
    try (JdbcPositionStore store = JdbcPositionStore.fromConfig(cfg, null)) {
      assertThat(store.tableFullName()).isEqualTo(table);
      assertThat(store.dialect()).isEqualTo(StoreFixtures.dialect(kind));
      try (TransactionalSession<Connection> s = store.open(cfg.taskIdOrDerived())) {
        s.record(T, Position.keyed("id", "6"));
      }
      assertThat(store.read("task1").position(T)).contains(Position.keyed("id", "6"));
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void fromTargetUsesTheTargetDataSourceAndDetectsTheDialect(Kind kind) {
    String table = StoreFixtures.freshTable(kind, "cp_fromtarget");
    TaskConfig cfg =
        TaskConfig.parse(
            "[resumer]\nresume_type=from_target\ntable_full_name="
                + table
                + "\nmax_connections=1\n",
            "task.ini",
            Path.of("."));
    try (JdbcPositionStore store =
        JdbcPositionStore.fromConfig(cfg, TestDatabases.dataSource(kind))) {
      assertThat(store.dialect()).isEqualTo(StoreFixtures.dialect(kind));
      String task = cfg.taskIdOrDerived();
      try (TransactionalSession<Connection> s = store.open(task)) {
        s.finish(T);
      }
      assertThat(store.read(task).isFinished(T)).isTrue();
    }
    // The caller's pool is the caller's: still usable after the store closed.
    assertThat(StoreFixtures.query(kind, "SELECT 1 AS one")).hasSize(1);
  }
}
