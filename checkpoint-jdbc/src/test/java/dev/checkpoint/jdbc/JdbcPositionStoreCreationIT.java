package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.Position;
import dev.checkpoint.StoreException;
import dev.checkpoint.TableRef;
import dev.checkpoint.TransactionalSession;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Creating the database/schema and the table: concurrently, without the privilege, or not at all.
 * The restricted user {@code cp_noddl} may read and write rows but create nothing.
 */
class JdbcPositionStoreCreationIT {
  private static final String NODDL = "cp_noddl";
  private static final String NODDL_PASSWORD = "cp-noddl-S3cret-pw";
  private static final TableRef T = TableRef.of("mysql", "shop", "orders");

  private static void ensureRestrictedUser(Kind kind) {
    if (kind == Kind.MYSQL) {
      StoreFixtures.exec(
          kind,
          "CREATE USER IF NOT EXISTS '" + NODDL + "'@'%' IDENTIFIED BY '" + NODDL_PASSWORD + "'",
          "ALTER USER '" + NODDL + "'@'%' IDENTIFIED BY '" + NODDL_PASSWORD + "'");
    } else {
      StoreFixtures.exec(
          kind,
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
              + NODDL
              + "') THEN"
              + " CREATE ROLE "
              + NODDL
              + " LOGIN; END IF; END $$",
          "ALTER ROLE " + NODDL + " PASSWORD '" + NODDL_PASSWORD + "'",
          "REVOKE CREATE ON DATABASE " + quotedDatabase(kind) + " FROM PUBLIC, " + NODDL);
    }
  }

  private static String quotedDatabase(Kind kind) {
    return Dialect.POSTGRES.quote(StoreFixtures.database(kind));
  }

  /** Row privileges only: what an application account often has. */
  private static void grantRowPrivileges(Kind kind, String schema) {
    if (kind == Kind.MYSQL) {
      StoreFixtures.exec(
          kind,
          "GRANT SELECT, INSERT, UPDATE, DELETE ON `" + schema + "`.* TO '" + NODDL + "'@'%'");
    } else {
      StoreFixtures.exec(kind, "GRANT USAGE ON SCHEMA \"" + schema + "\" TO " + NODDL);
    }
  }

  private static JdbcPositionStore.Builder restricted(Kind kind, String table) {
    String url = StoreFixtures.urlWithoutCredentials(kind);
    if (kind == Kind.MYSQL) {
      // No default database: the user has no privilege on the URL's one.
      url = url.replaceFirst("(//[^/?]+)/[^?]*", "$1/");
    }
    return JdbcPositionStore.builder()
        .url(url)
        .user(NODDL)
        .password(NODDL_PASSWORD)
        .tableFullName(table);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void storesStartingTogetherCreateTheSameNewTableOnce(Kind kind) throws Exception {
    for (int round = 0; round < 3; round++) {
      String schema = StoreFixtures.unusedSchema("cp_race");
      String table = schema + ".positions";
      int n = 6;
      CyclicBarrier start = new CyclicBarrier(n);
      ExecutorService threads = Executors.newFixedThreadPool(n);
      List<Future<JdbcPositionStore>> stores = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        stores.add(
            threads.submit(
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  return StoreFixtures.store(kind, table);
                }));
      }
      List<JdbcPositionStore> built = new ArrayList<>();
      try {
        for (Future<JdbcPositionStore> f : stores) {
          built.add(f.get(60, TimeUnit.SECONDS));
        }
        for (int i = 0; i < n; i++) {
          try (TransactionalSession<Connection> s = built.get(i).open("task-" + i)) {
            s.record(T, Position.keyed("id", Integer.toString(i)));
          }
        }
        for (int i = 0; i < n; i++) {
          assertThat(built.get(0).read("task-" + i).position(T))
              .contains(Position.keyed("id", Integer.toString(i)));
        }
      } finally {
        built.forEach(JdbcPositionStore::close);
        threads.shutdownNow();
      }
      String count =
          kind == Kind.MYSQL
              ? "SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'positions'"
              : "SELECT COUNT(*) AS n FROM pg_catalog.pg_tables WHERE schemaname = ? AND tablename = 'positions'";
      assertThat(((Number) StoreFixtures.query(kind, count, schema).get(0).get("n")).intValue())
          .isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void missingPrivilegeToCreateTheDatabaseOrSchemaIsNamed(Kind kind) {
    ensureRestrictedUser(kind);
    String schema = StoreFixtures.unusedSchema("cp_noddl");
    assertThatThrownBy(() -> restricted(kind, schema + ".positions").build())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("missing privilege CREATE on database")
        .hasMessageContaining(kind == Kind.MYSQL ? "`" + schema + "`" : quotedDatabase(kind))
        .hasMessageContaining(schema + ".positions")
        .hasMessageContaining("docs/stores.md")
        .hasMessageNotContaining(NODDL_PASSWORD);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void missingPrivilegeToCreateTheTableIsNamed(Kind kind) {
    ensureRestrictedUser(kind);
    String schema = TestDatabases.freshSchema(kind, "cp_noddl");
    grantRowPrivileges(kind, schema);
    assertThatThrownBy(() -> restricted(kind, schema + ".positions").build())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(
            kind == Kind.MYSQL
                ? "missing privilege CREATE on database `" + schema + "`"
                : "missing privilege USAGE and CREATE on schema \"" + schema + "\"")
        .hasMessageNotContaining(NODDL_PASSWORD);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void userWithRowPrivilegesOnlyWorksOnAnExistingTable(Kind kind) {
    ensureRestrictedUser(kind);
    String schema = TestDatabases.freshSchema(kind, "cp_noddl");
    String table = schema + ".positions";
    StoreFixtures.store(kind, table).close();
    grantRowPrivileges(kind, schema);
    if (kind == Kind.POSTGRES) {
      StoreFixtures.exec(
          kind,
          "GRANT SELECT, INSERT, UPDATE, DELETE ON \"" + schema + "\".positions TO " + NODDL,
          "GRANT USAGE ON ALL SEQUENCES IN SCHEMA \"" + schema + "\" TO " + NODDL);
    }
    try (JdbcPositionStore store = restricted(kind, table).build()) {
      try (TransactionalSession<Connection> s = store.open("restricted")) {
        s.record(T, Position.keyed("id", "5"));
        s.finish(T);
      }
      assertThat(store.read("restricted").isFinished(T)).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void missingTableWithCreationOffIsAClearError(Kind kind) {
    String table = TestDatabases.freshSchema(kind, "cp_nocreate") + ".positions";
    assertThatThrownBy(
            () ->
                JdbcPositionStore.builder()
                    .url(TestDatabases.url(kind))
                    .tableFullName(table)
                    .createTable(false)
                    .build())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("position table " + table + " does not exist")
        .hasMessageContaining("docs/stores.md");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void existingTableWithoutOurColumnsIsAClearError(Kind kind) {
    String schema = TestDatabases.freshSchema(kind, "cp_wrongcols");
    Dialect d = StoreFixtures.dialect(kind);
    StoreFixtures.exec(
        kind,
        "CREATE TABLE "
            + d.qualified(schema, "positions")
            + " (id bigint PRIMARY KEY, task_id varchar(255))");
    assertThatThrownBy(() -> StoreFixtures.store(kind, schema + ".positions"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("checking that the table has the columns")
        .hasMessageContaining("resumer_type");
  }
}
