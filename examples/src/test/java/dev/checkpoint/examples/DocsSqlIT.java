package dev.checkpoint.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.Position;
import dev.checkpoint.TableRef;
import dev.checkpoint.TransactionalSession;
import dev.checkpoint.examples.DocBlocks.Block;
import dev.checkpoint.jdbc.JdbcPositionStore;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The SQL the docs give users to run, run on the test databases (MariaDB and PostgreSQL):
 *
 * <ul>
 *   <li>the position table's DDL: executed under a fresh database/schema name; the table it makes
 *       must equal, column for column and index for index, the one the store creates itself, and a
 *       store told not to create anything must work on it;
 *   <li>the GRANT statements for a user with row privileges only: granted to a fresh role on a
 *       store-created table; a store connected as that role must record and read positions.
 * </ul>
 *
 * SQL blocks that show what the library runs are marked {@code sql output} and not run.
 */
class DocsSqlIT {
  private static final String DEFAULT_SCHEMA = "apecloud_metadata";
  private static final String DEFAULT_TABLE = "apedts_task_position";

  @Test
  void everySqlBlockRunsAndDoesWhatTheDocsSay() throws Exception {
    List<Block> blocks = DocsCodeBlocksTest.blocks("sql");
    assertThat(blocks).isNotEmpty();
    List<String> problems = new ArrayList<>();
    for (Block b : blocks) {
      try {
        if (b.text().contains("GRANT ")) {
          checkGrants(b);
        } else if (b.text().contains("CREATE TABLE")) {
          checkDdl(b, b.text().contains("`") ? Kind.MYSQL : Kind.POSTGRES);
        } else {
          problems.add(
              b.where()
                  + ": DocsSqlIT does not know how to run this; if it is SQL the library runs, mark it ```sql output");
        }
      } catch (Exception | AssertionError e) {
        problems.add(b.where() + ": " + e);
      }
    }
    assertThat(problems).as(String.join("\n", problems)).isEmpty();
  }

  private static void checkDdl(Block b, Kind kind) throws Exception {
    DataSource ds = TestDatabases.dataSource(kind);
    String fromDocs = TestDatabases.freshName(kind, "docs_ddl");
    String byStore = TestDatabases.freshName(kind, "store_ddl");
    assertThat(b.text()).contains(DEFAULT_SCHEMA).contains(DEFAULT_TABLE);
    execute(ds, b.text().replace(DEFAULT_SCHEMA, fromDocs));
    JdbcPositionStore.builder()
        .dataSource(ds)
        .tableFullName(byStore + "." + DEFAULT_TABLE)
        .build()
        .close();

    assertThat(shape(ds, kind, fromDocs))
        .as("the docs' table vs the store's")
        .isEqualTo(shape(ds, kind, byStore));
    roundTrip(ds, fromDocs + "." + DEFAULT_TABLE);
  }

  private static void checkGrants(Block b) throws Exception {
    DataSource ds = TestDatabases.dataSource(Kind.POSTGRES);
    String schema = TestDatabases.freshName(Kind.POSTGRES, "docs_grant");
    String role = schema + "_app";
    JdbcPositionStore.builder()
        .dataSource(ds)
        .tableFullName(schema + "." + DEFAULT_TABLE)
        .build()
        .close();
    execute(ds, "CREATE ROLE " + role + " LOGIN PASSWORD 'docs-grant'");
    try {
      assertThat(b.text()).contains(DEFAULT_SCHEMA).containsPattern("\\bapp\\b");
      execute(
          ds, b.text().replace(DEFAULT_SCHEMA, schema).replaceAll("\\bTO app\\b", "TO " + role));
      String url = TestDatabases.url(Kind.POSTGRES);
      String asRole = url.substring(0, url.indexOf('?')) + "?user=" + role + "&password=docs-grant";
      org.postgresql.ds.PGSimpleDataSource restricted = new org.postgresql.ds.PGSimpleDataSource();
      restricted.setURL(asRole);
      // Creation off: the role may not create anything, and with the grants it needs nothing more.
      roundTrip(restricted, schema + "." + DEFAULT_TABLE);
    } finally {
      execute(ds, "DROP OWNED BY " + role + "; DROP ROLE " + role);
    }
  }

  /** A store that may not create anything records a position and reads it back. */
  private static void roundTrip(DataSource ds, String table) {
    TableRef t = TableRef.of("mysql", "test_db", "orders");
    try (JdbcPositionStore store =
            JdbcPositionStore.builder()
                .dataSource(ds)
                .tableFullName(table)
                .createTable(false)
                .build();
        TransactionalSession<Connection> s = store.open("docs-check")) {
      s.record(t, Position.keyed("id", "42"));
      assertThat(s.load().position(t)).contains(Position.keyed("id", "42"));
    }
  }

  /**
   * Columns (name, type, length, nullable, default) and index definitions, names of the schema cut.
   */
  private static List<String> shape(DataSource ds, Kind kind, String schema) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      if (kind == Kind.MYSQL) {
        try (ResultSet rs =
            s.executeQuery("SHOW CREATE TABLE `" + schema + "`.`" + DEFAULT_TABLE + "`")) {
          rs.next();
          out.add(rs.getString(2).replace(schema, "S"));
        }
        return out;
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT column_name, data_type, character_maximum_length, is_nullable, column_default"
                  + " FROM information_schema.columns WHERE table_schema = '"
                  + schema
                  + "' AND table_name = '"
                  + DEFAULT_TABLE
                  + "' ORDER BY ordinal_position")) {
        while (rs.next()) {
          String def = rs.getString(5);
          out.add(
              rs.getString(1)
                  + " "
                  + rs.getString(2)
                  + " "
                  + rs.getString(3)
                  + " "
                  + rs.getString(4)
                  + " "
                  + (def == null ? null : def.replace(schema, "S")));
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT indexdef FROM pg_indexes WHERE schemaname = '"
                  + schema
                  + "' ORDER BY indexdef")) {
        while (rs.next()) {
          // Constraint index names are the server's choice; the columns and uniqueness are the
          // shape.
          out.add(rs.getString(1).replace(schema, "S").replaceAll("INDEX \\S+ ON", "INDEX ON"));
        }
      }
    }
    return out;
  }

  private static void execute(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      for (String statement : sql.split(";")) {
        if (!statement.isBlank()) {
          s.execute(statement);
        }
      }
    }
  }
}
