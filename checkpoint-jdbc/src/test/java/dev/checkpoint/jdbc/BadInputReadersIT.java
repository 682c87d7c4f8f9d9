package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.CheckpointException;
import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.InvalidPositionException;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeState;
import dev.checkpoint.TableRef;
import dev.checkpoint.testkit.CrashAfter;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The source changed under a recorded position (a column dropped or retyped, a key column made
 * nullable, the table dropped or renamed), and identifiers and values that carry SQL, on MariaDB
 * and PostgreSQL. A change is an error naming the table, the column and where the position came
 * from, and the store keeps the position it had; SQL in a name or a value is data, never a
 * statement.
 */
class BadInputReadersIT {
  /** Text that ends a statement, a quoted identifier or a dollar-quoted string if concatenated. */
  static final String[] SQLISH = {
    "'; DROP TABLE victim; --",
    "\"; DROP TABLE victim; --",
    "`; DROP TABLE victim; --",
    "$$; DROP TABLE victim; $$",
    "\\'; DROP TABLE victim; --",
    "\\",
    "' OR '1'='1",
    "); DELETE FROM victim; (",
    "%_*",
    "\u00e9t\u00e9 😀"
  };

  private record Db(Kind kind, String schema, DataSource ds, Dialect d, JdbcPositionStore store) {
    TableRef ref(String table) {
      return TableRef.of(kind == Kind.MYSQL ? "mysql" : "pg", schema, table);
    }

    String q(String table) {
      return d.qualified(schema, table);
    }

    Checkpointer checkpointer() {
      return Checkpointer.builder()
          .taskId("bad-input")
          .store(store)
          .policy(CheckpointPolicy.everyBatch())
          .build();
    }

    ResumeState stored() {
      return store.read("bad-input");
    }
  }

  private static Db db(Kind kind) {
    String schema = TestDatabases.freshSchema(kind, "cp_bad");
    DataSource ds = TestDatabases.dataSource(kind);
    Dialect d = Tables.dialect(kind);
    Tables.execute(
        kind,
        "CREATE TABLE " + d.qualified(schema, "victim") + " (id INT PRIMARY KEY)",
        "INSERT INTO " + d.qualified(schema, "victim") + " VALUES (1), (2)");
    JdbcPositionStore store =
        JdbcPositionStore.builder().dataSource(ds).tableFullName(schema + ".positions").build();
    return new Db(kind, schema, ds, d, store);
  }

  /** Orders(id, code, note) with 10 rows; a run stopped after 2 batches of 3 rows. */
  private static Db ordersReadHalfwayOnCode(Kind kind) {
    Db db = db(kind);
    Tables.execute(
        kind,
        "CREATE TABLE "
            + db.q("orders")
            + " (id INT PRIMARY KEY, code VARCHAR(10) NOT NULL UNIQUE, note VARCHAR(10))");
    List<Object[]> rows = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      rows.add(new Object[] {i, String.format("c%02d", i), "n" + i});
    }
    Tables.insert(kind, db.q("orders"), List.of("id", "code", "note"), rows);
    CrashAfter crash = CrashAfter.batches(2);
    try (Checkpointer cp = db.checkpointer()) {
      assertThatThrownBy(
              () ->
                  cp.run(
                      db.ref("orders"),
                      crash.source(
                          JdbcSources.keyed(db.ds)
                              .table(db.ref("orders"))
                              .key("code")
                              .batchSize(3)
                              .build()),
                      batch -> {}))
          .isSameAs(crash.exception());
    }
    assertThat(db.stored().position(db.ref("orders"))).contains(Position.keyed("code", "c06"));
    return db;
  }

  private static JdbcSource onCode(Db db) {
    return JdbcSources.keyed(db.ds).table(db.ref("orders")).key("code").batchSize(3).build();
  }

  private static void assertNothingElseChanged(Db db) {
    assertThat(db.stored().position(db.ref("orders"))).contains(Position.keyed("code", "c06"));
    assertThat(db.stored().isFinished(db.ref("orders"))).isFalse();
    assertThat(Tables.count(db.kind, db.q("victim"))).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void positionOnAColumnThatWasDroppedNamesTheColumnAndKeepsThePosition(Kind kind) {
    Db db = ordersReadHalfwayOnCode(kind);
    Tables.execute(kind, "ALTER TABLE " + db.q("orders") + " DROP COLUMN code");
    try (Checkpointer cp = db.checkpointer()) {
      assertThatThrownBy(() -> cp.run(db.ref("orders"), onCode(db), batch -> {}))
          .isInstanceOf(CheckpointException.class)
          .hasMessageStartingWith(
              "key column \"code\" of " + db.ref("orders") + " is not a column of its table")
          .hasMessageEndingWith("(columns: id, note)");
      // AUTO picks the primary key now: the recorded position on code is named, not dropped.
      assertThatThrownBy(
              () ->
                  cp.run(
                      db.ref("orders"),
                      JdbcSources.auto(db.ds).table(db.ref("orders")).build(),
                      batch -> {}))
          .isInstanceOf(InvalidPositionException.class)
          .hasMessageStartingWith("position of " + db.ref("orders") + " from ")
          .hasMessageContaining("has key (code) but the reader's key is (id)");
    }
    assertNothingElseChanged(db);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void positionOnAColumnThatChangedTypeNamesColumnValueAndType(Kind kind) {
    Db db = ordersReadHalfwayOnCode(kind);
    Tables.execute(kind, "UPDATE " + db.q("orders") + " SET code = CAST(id AS CHAR(10))");
    Tables.execute(
        kind,
        kind == Kind.MYSQL
            ? "ALTER TABLE " + db.q("orders") + " MODIFY code BIGINT NOT NULL"
            : "ALTER TABLE "
                + db.q("orders")
                + " ALTER COLUMN code TYPE BIGINT USING code::bigint");
    try (Checkpointer cp = db.checkpointer()) {
      assertThatThrownBy(() -> cp.run(db.ref("orders"), onCode(db), batch -> {}))
          .isInstanceOf(InvalidPositionException.class)
          .hasMessageStartingWith("Invalid checkpoint value \"c06\" for column code (")
          .hasMessageContaining(") of " + db.ref("orders") + " from ")
          .hasMessageContaining("not a whole number");
    }
    assertNothingElseChanged(db);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void keyColumnThatBecameNullableIsNamedAndNoNullRowIsSkipped(Kind kind) {
    Db db = ordersReadHalfwayOnCode(kind);
    Tables.execute(
        kind,
        kind == Kind.MYSQL
            ? "ALTER TABLE " + db.q("orders") + " MODIFY code VARCHAR(10) NULL"
            : "ALTER TABLE " + db.q("orders") + " ALTER COLUMN code DROP NOT NULL",
        "INSERT INTO " + db.q("orders") + " (id, code, note) VALUES (11, NULL, 'n11')");
    // A UNIQUE index on a nullable column leaves the rows with NULL unordered: the primary key
    // becomes a tie-breaker, and the position on (code) alone is named as another key's.
    // Regression (PostgreSQL): PgJDBC's per-connection metadata cache still called code NOT NULL
    // after the ALTER, so the read resumed after c06, skipped the NULL row and marked the table
    // finished.
    try (Checkpointer cp = db.checkpointer()) {
      assertThatThrownBy(() -> cp.run(db.ref("orders"), onCode(db), batch -> {}))
          .isInstanceOf(InvalidPositionException.class)
          .hasMessage(
              "position of "
                  + db.ref("orders")
                  + " from "
                  + db.schema
                  + ".positions#id=2 has key (code) but the reader's key is (code, id) (id"
                  + " appended as a tie-breaker because the key is not unique)");
    }
    assertNothingElseChanged(db);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void tableThatWasDroppedIsNamedAndItsPositionKept(Kind kind) {
    Db db = ordersReadHalfwayOnCode(kind);
    Tables.execute(kind, "DROP TABLE " + db.q("orders"));
    try (Checkpointer cp = db.checkpointer()) {
      assertThatThrownBy(() -> cp.run(db.ref("orders"), onCode(db), batch -> {}))
          .isInstanceOf(CheckpointException.class)
          .hasMessageStartingWith("cannot read the columns of table ")
          .hasMessageContaining("orders");
    }
    assertNothingElseChanged(db);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void tableThatWasRenamedIsNamedAndTheNewNameStartsAfresh(Kind kind) {
    Db db = ordersReadHalfwayOnCode(kind);
    Tables.execute(
        kind,
        kind == Kind.MYSQL
            ? "RENAME TABLE " + db.q("orders") + " TO " + db.q("orders_v2")
            : "ALTER TABLE " + db.q("orders") + " RENAME TO orders_v2");
    try (Checkpointer cp = db.checkpointer()) {
      assertThatThrownBy(() -> cp.run(db.ref("orders"), onCode(db), batch -> {}))
          .isInstanceOf(CheckpointException.class)
          .hasMessageStartingWith("cannot read the columns of table ")
          .hasMessageContaining("orders");
      long rows =
          cp.run(
              db.ref("orders_v2"),
              JdbcSources.keyed(db.ds).table(db.ref("orders_v2")).key("code").build(),
              batch -> {});
      assertThat(rows).isEqualTo(10);
    }
    assertNothingElseChanged(db);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void identifiersCarryingSqlAreQuotedByTheReaderAndTheWriter(Kind kind) {
    Db db = db(kind);
    String source = "src'; DROP TABLE victim; --";
    String target = "dst`\"; DROP TABLE victim; $$";
    String[] cols = {"k\"ey", "v`al", "$$x$$", "a'b", "p.q"};
    for (String t : List.of(source, target)) {
      Tables.execute(
          kind,
          "CREATE TABLE "
              + db.q(t)
              + " ("
              + db.d.quote(cols[0])
              + " INT PRIMARY KEY, "
              + db.d.quote(cols[1])
              + " VARCHAR(40), "
              + db.d.quote(cols[2])
              + " INT, "
              + db.d.quote(cols[3])
              + " VARCHAR(40), "
              + db.d.quote(cols[4])
              + " INT)");
    }
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < SQLISH.length; i++) {
      rows.add(new Object[] {i, SQLISH[i], i * 2, SQLISH[SQLISH.length - 1 - i], -i});
    }
    Tables.insert(kind, db.q(source), List.of(cols), rows);
    CrashAfter crash = CrashAfter.batches(3);
    JdbcSource read =
        JdbcSources.keyed(db.ds).table(db.ref(source)).key(cols[0]).batchSize(2).build();
    try (Checkpointer cp = db.checkpointer()) {
      assertThatThrownBy(
              () ->
                  cp.run(
                      db.ref(source),
                      crash.source(read),
                      JdbcSinks.upsertInto(db.schema, target).sink(db.ds)))
          .isSameAs(crash.exception());
    }
    try (Checkpointer cp = db.checkpointer()) {
      cp.run(db.ref(source), read, JdbcSinks.upsertInto(db.schema, target).sink(db.ds));
    }
    assertThat(Tables.dump(kind, db.q(target))).isEqualTo(Tables.dump(kind, db.q(source)));
    assertThat(Tables.dump(kind, db.q(target))).hasSize(SQLISH.length);
    assertThat(Tables.count(kind, db.q("victim"))).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void keyValuesCarryingSqlAreBoundAtEveryResume(Kind kind) {
    // Batches of one row: every resume starts after one of these values, bound as a parameter.
    Db db = db(kind);
    String collate = kind == Kind.MYSQL ? " COLLATE utf8mb4_bin" : " COLLATE \"C\"";
    for (String t : List.of("src", "dst")) {
      Tables.execute(
          kind, "CREATE TABLE " + db.q(t) + " (k VARCHAR(40)" + collate + " PRIMARY KEY, v INT)");
    }
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < SQLISH.length; i++) {
      rows.add(new Object[] {SQLISH[i], i});
    }
    Tables.insert(kind, db.q("src"), List.of("k", "v"), rows);
    JdbcSource read = JdbcSources.keyed(db.ds).table(db.ref("src")).key("k").batchSize(1).build();
    List<String> resumedAfter = new ArrayList<>();
    for (int crashes = 0; crashes < SQLISH.length; crashes++) {
      CrashAfter crash = CrashAfter.batches(1);
      try (Checkpointer cp = db.checkpointer()) {
        cp.resume(db.ref("src"))
            .position()
            .ifPresent(p -> resumedAfter.add(((Position.Keyed) p).columns().get(0).value()));
        assertThatThrownBy(
                () ->
                    cp.run(
                        db.ref("src"),
                        crash.source(read),
                        JdbcSinks.insertInto(db.schema, "dst").sink(db.ds)))
            .isSameAs(crash.exception());
      }
    }
    try (Checkpointer cp = db.checkpointer()) {
      assertThat(cp.run(db.ref("src"), read, JdbcSinks.insertInto(db.schema, "dst").sink(db.ds)))
          .isZero();
    }
    assertThat(resumedAfter).hasSize(SQLISH.length - 1).doesNotHaveDuplicates();
    assertThat(List.of(SQLISH)).containsAll(resumedAfter);
    assertThat(Tables.dump(kind, db.q("dst"))).isEqualTo(Tables.dump(kind, db.q("src")));
    assertThat(Tables.count(kind, db.q("victim"))).isEqualTo(2);
  }
}
