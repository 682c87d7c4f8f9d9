package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.CheckpointException;
import dev.checkpoint.TableRef;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Schema discovery against real MariaDB and PostgreSQL metadata. */
class JdbcTablesIT {

  private static String schemaWithTables(Kind kind) {
    // An underscore in the schema name would be a wildcard in a metadata pattern if not escaped.
    String s = TestDatabases.freshSchema(kind, "disc_x");
    Dialect d = Tables.dialect(kind);
    for (String t :
        List.of("orders", "order_items", "Orders2", "tmp_orders", "customers", "a-b c", "tmp_x")) {
      Tables.execute(kind, "CREATE TABLE " + d.qualified(s, t) + " (id INT PRIMARY KEY)");
    }
    Tables.execute(
        kind,
        "CREATE VIEW "
            + d.qualified(s, "order_view")
            + " AS SELECT id FROM "
            + d.qualified(s, "orders"));
    return s;
  }

  private static List<String> names(List<TableRef> refs) {
    return refs.stream().map(TableRef::table).toList();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void listsEveryTableOfTheSchemaSortedWithTheDbTypeOfPositions(Kind kind) {
    String s = schemaWithTables(kind);
    List<TableRef> all = JdbcTables.discover(TestDatabases.dataSource(kind), s).list();
    assertThat(names(all))
        .containsExactly(
            "Orders2", "a-b c", "customers", "order_items", "orders", "tmp_orders", "tmp_x");
    assertThat(all).allMatch(t -> t.schema().equals(s));
    assertThat(all.get(0).dbType()).isEqualTo(kind == Kind.MYSQL ? "mysql" : "pg");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void includeAndExcludeGlobsAreCaseSensitiveOnTheTableName(Kind kind) {
    String s = schemaWithTables(kind);
    List<TableRef> some =
        JdbcTables.discover(TestDatabases.dataSource(kind), s)
            .include("order*", "*orders")
            .exclude("tmp_*")
            .list();
    assertThat(names(some)).containsExactly("order_items", "orders");
    assertThat(
            names(JdbcTables.discover(TestDatabases.dataSource(kind), s).include("a-b ?").list()))
        .containsExactly("a-b c");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void viewsOnlyWhenAsked(Kind kind) {
    String s = schemaWithTables(kind);
    assertThat(names(JdbcTables.discover(TestDatabases.dataSource(kind), s).types("VIEW").list()))
        .containsExactly("order_view");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aSchemaThatDoesNotExistIsAnErrorNotAnEmptyRun(Kind kind) {
    assertThatThrownBy(
            () -> JdbcTables.discover(TestDatabases.dataSource(kind), "no_such_schema_x1").list())
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("\"no_such_schema_x1\" does not exist");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void anEmptySchemaListsNothing(Kind kind) {
    String s = TestDatabases.freshSchema(kind, "disc_empty");
    assertThat(JdbcTables.discover(TestDatabases.dataSource(kind), s).list()).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void badSettingsAreNamed() {
    javax.sql.DataSource ds = new com.zaxxer.hikari.HikariDataSource();
    assertThatThrownBy(() -> JdbcTables.discover(ds, ""))
        .hasMessage("schema must not be empty, was \"\"");
    assertThatThrownBy(() -> JdbcTables.discover(ds, "s").include(""))
        .hasMessage("include pattern must not be empty, was \"\"");
    assertThatThrownBy(() -> JdbcTables.discover(ds, "s").types())
        .hasMessage("types must name at least one table type");
  }
}
