package dev.checkpoint.examples;

import dev.checkpoint.Checkpointer;
import dev.checkpoint.TableRef;
import dev.checkpoint.jdbc.JdbcSinks;
import dev.checkpoint.jdbc.JdbcSources;
import dev.checkpoint.jdbc.JdbcTables;
import dev.checkpoint.jdbc.Row;
import dev.checkpoint.logstore.LogStore;
import dev.checkpoint.runner.ConsoleReporter;
import dev.checkpoint.runner.RunResult;
import dev.checkpoint.runner.TableJob;
import dev.checkpoint.runner.TableRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Example 4: many tables as one task with the multi-table runner and its console progress. Every
 * table of the source schema is copied to the target schema, two at a time; a table whose copy
 * fails is recorded as failed while the others go on, and the next run skips the completed tables
 * and retries only that one. PostgreSQL (the upsert is its {@code ON CONFLICT}).
 *
 * <p>{@code many-tables [JDBC_URL [SOURCE_SCHEMA TARGET_SCHEMA]]}: without a URL, on an embedded
 * PostgreSQL; schemas {@code shop} and {@code warehouse}. The demo breaks the target of {@code
 * payments} for the first run and repairs it for the second.
 */
public final class ManyTablesCopy {
  static final List<String> TABLES =
      List.of(
          "accounts",
          "addresses",
          "audit_log",
          "customers",
          "invoices",
          "order_items",
          "orders",
          "payments",
          "products",
          "shipments");

  private final DataSource ds;
  private final String from;
  private final String to;

  ManyTablesCopy(DataSource ds, String from, String to) {
    this.ds = ds;
    this.from = from;
    this.to = to;
  }

  public static void main(String[] args) throws Exception {
    String from = args.length > 2 ? args[1] : "shop";
    String to = args.length > 2 ? args[2] : "warehouse";
    boolean ok;
    try (ExampleDatabase db = ExampleDatabase.open(args.length > 0 ? args[0] : null, System.out)) {
      ManyTablesCopy copy = new ManyTablesCopy(db.dataSource(), from, to);
      copy.createTables();
      Path logs = Files.createTempDirectory("checkpoint-many-tables-");
      copy.execute("ALTER TABLE " + to + ".payments DROP COLUMN amount");
      System.out.println("Run 1, with " + to + ".payments missing its amount column on purpose:");
      RunResult first = copy.runOnce(logs);
      copy.execute("ALTER TABLE " + to + ".payments ADD COLUMN amount numeric(12,2)");
      System.out.println();
      System.out.println("Run 2, the same job again after adding the column back:");
      RunResult second = copy.runOnce(logs);
      ok = !first.succeeded() && second.succeeded() && copy.report();
      System.out.println("Positions and statuses: " + logs);
    }
    System.exit(ok ? 0 : 1);
  }

  RunResult runOnce(Path logs) {
    try (Checkpointer checkpointer =
        Checkpointer.builder().taskId("many-tables").store(LogStore.in(logs)).build()) {
      return run(checkpointer);
    }
  }

  RunResult run(Checkpointer checkpointer) {
    // tag::many-tables[]
    List<TableJob<Row>> jobs = new ArrayList<>();
    for (TableRef t : JdbcTables.discover(ds, from).exclude("tmp_*").list()) {
      jobs.add(TableJob.of(t, JdbcSources.auto(ds).build(), JdbcSinks.upsertInto(to, t.table()).sink(ds)));
    }
    RunResult result = TableRunner.builder(checkpointer)
        .jobs(jobs)
        .parallelism(2)
        .listener(ConsoleReporter.toStdout())   // a live line on a terminal, plain lines otherwise
        .build()
        .run();
    // end::many-tables[]
    return result;
  }

  /** Ten source tables of 2,000 to 38,000 rows, and their empty targets. */
  void createTables() throws SQLException {
    execute("DROP SCHEMA IF EXISTS " + from + " CASCADE");
    execute("DROP SCHEMA IF EXISTS " + to + " CASCADE");
    execute("CREATE SCHEMA " + from);
    execute("CREATE SCHEMA " + to);
    for (int i = 0; i < TABLES.size(); i++) {
      String t = TABLES.get(i);
      String columns =
          "(id bigint PRIMARY KEY, name text, amount numeric(12,2), created_at timestamp(6))";
      execute("CREATE TABLE " + from + "." + t + " " + columns);
      execute("CREATE TABLE " + to + "." + t + " " + columns);
      execute(
          "INSERT INTO "
              + from
              + "."
              + t
              + " SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE '"
              + t
              + " ' || g || ' ñ' END, g * 1.25, timestamp '2024-01-01' + g * interval '1.000001 second'"
              + " FROM generate_series(1, "
              + (2_000 + i * 4_000)
              + ") g");
    }
  }

  /**
   * Compares every table with its copy: rows, and an md5 over the rows in id order. The columns are
   * named because the repaired target has them in another order.
   */
  boolean report() throws SQLException {
    boolean all = true;
    for (String t : TABLES) {
      String a = checksum(from + "." + t);
      String b = checksum(to + "." + t);
      all &= a.equals(b);
      if (!a.equals(b)) {
        System.out.println("DIFFERENT: " + t + " source " + a + ", target " + b);
      }
    }
    System.out.println(
        all ? "All " + TABLES.size() + " targets equal their sources." : "Some targets differ.");
    return all;
  }

  private String checksum(String table) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) || ' rows ' || coalesce(md5(string_agg(row(id, name, amount, created_at)::text, '|'"
                    + " ORDER BY id)), '-') FROM "
                    + table)) {
      rs.next();
      return rs.getString(1);
    }
  }

  void execute(String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
