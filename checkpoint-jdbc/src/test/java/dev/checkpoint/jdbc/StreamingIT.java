package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.Batch;
import dev.checkpoint.PositionJson;
import dev.checkpoint.PositionRecord;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.Source;
import dev.checkpoint.TableRef;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One streaming read per pass on a connection of its own, and what closing it early costs. */
class StreamingIT {
  private static final Map<Kind, String> SCHEMA = new EnumMap<>(Kind.class);
  private static final int ROWS = 50_000;

  @BeforeAll
  static void createTables() {
    for (Kind kind : Kind.values()) {
      String s = TestDatabases.freshSchema(kind, "streaming");
      SCHEMA.put(kind, s);
      String t = Tables.dialect(kind).qualified(s, "big");
      Tables.execute(
          kind,
          "CREATE TABLE "
              + t
              + " (id INT PRIMARY KEY, at "
              + (kind == Kind.MYSQL ? "DATETIME(6)" : "TIMESTAMP(6)")
              + " NULL)",
          kind == Kind.MYSQL
              ? "INSERT INTO "
                  + t
                  + " SELECT seq, IF(seq % 10 = 0, NULL, TIMESTAMP('2024-01-01') + INTERVAL seq DIV 3 SECOND)"
                  + " FROM seq_1_to_"
                  + ROWS
              : "INSERT INTO "
                  + t
                  + " SELECT i, CASE WHEN i % 10 = 0 THEN NULL ELSE TIMESTAMP '2024-01-01' + (i / 3)"
                  + " * INTERVAL '1 second' END FROM generate_series(1, "
                  + ROWS
                  + ") i");
    }
  }

  static TableRef ref(Kind kind) {
    return TableRef.of(kind == Kind.MYSQL ? "mysql" : "pg", SCHEMA.get(kind), "big");
  }

  /** Every connection of the pool answers a query: none was left broken. */
  private static void poolConnectionsAllWork(Kind kind) throws SQLException {
    List<Connection> all = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        Connection c = Tables.ds(kind).getConnection();
        all.add(c);
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT 1")) {
          assertThat(rs.next()).isTrue();
        }
      }
    } finally {
      for (Connection c : all) {
        c.close();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void closingAReadEarlyLeavesEveryPooledConnectionUsable(Kind kind) throws Exception {
    Source<Row> source =
        JdbcSources.keyed(Tables.ds(kind)).table(ref(kind)).key("id").batchSize(10).build();
    for (int i = 0; i < 6; i++) { // more than the pool's 4 connections
      try (Source.Cursor<Row> c = source.open(ResumeDecision.fromStart(ref(kind)))) {
        assertThat(c.next().size()).isEqualTo(10);
      }
    }
    poolConnectionsAllWork(kind);
    assertThat(Tables.count(kind, Tables.dialect(kind).qualified(SCHEMA.get(kind), "big")))
        .isEqualTo(ROWS);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void closingAReadEarlyOnAPlainDataSourceClosesItsConnection(Kind kind) throws Exception {
    List<Connection> handedOut = new ArrayList<>();
    DataSource plain = new PlainDataSource(TestDatabases.url(kind), handedOut);
    Source<Row> source = JdbcSources.keyed(plain).table(ref(kind)).key("id").batchSize(10).build();
    try (Source.Cursor<Row> c = source.open(ResumeDecision.fromStart(ref(kind)))) {
      assertThat(c.next().size()).isEqualTo(10);
    }
    assertThat(handedOut).hasSize(1);
    assertThat(handedOut.get(0).isClosed()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void wholeTableStreamsInBatchesWhileTheSinkWritesOnAnotherConnection(Kind kind) throws Exception {
    Source<Row> source =
        JdbcSources.keyed(Tables.ds(kind)).table(ref(kind)).key("at").batchSize(777).build();
    long rows = 0;
    int nullRows = 0;
    try (Source.Cursor<Row> c = source.open(ResumeDecision.fromStart(ref(kind)))) {
      Batch<Row> b;
      while ((b = c.next()) != null) {
        assertThat(b.size()).isLessThanOrEqualTo(777);
        rows += b.size();
        nullRows += (int) b.rows().stream().filter(r -> r.get("at") == null).count();
        poolConnectionsInUseStillWork(kind);
      }
    }
    assertThat(rows).isEqualTo(ROWS);
    assertThat(nullRows).isEqualTo(ROWS / 10);
  }

  private static void poolConnectionsInUseStillWork(Kind kind) throws SQLException {
    try (Connection c = Tables.ds(kind).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1")) {
      assertThat(rs.next()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void positionInsideTheNullPassSurvivesTheJsonFormat(Kind kind) {
    TableRef ref = ref(kind);
    Source<Row> source =
        JdbcSources.keyed(Tables.ds(kind)).table(ref).key("at").batchSize(1000).build();
    List<Batch<Row>> batches = ResumeHarness.batches(source, ref);
    Batch<Row> inNullPass = batches.get(batches.size() - 3);
    String json = PositionJson.write(ref, inNullPass.position());
    assertThat(json).contains("\"order_key\":{\"composite\":[[\"at\",null],[\"id\",\"");
    PositionRecord back = PositionJson.read(json).orElseThrow();
    ResumeDecision d =
        new ResumeDecision(ref, false, Optional.of(back.position()), Optional.of("position.log:1"));
    long after = 0;
    Object first = null;
    try (Source.Cursor<Row> c = source.open(d)) {
      Batch<Row> b;
      while ((b = c.next()) != null) {
        first = first == null ? b.rows().get(0).get("id") : first;
        after += b.size();
      }
    }
    assertThat(after)
        .isEqualTo(batches.get(batches.size() - 2).size() + batches.get(batches.size() - 1).size());
    assertThat(first).isEqualTo(batches.get(batches.size() - 2).rows().get(0).get("id"));
  }

  /** A data source without a pool: every connection is a new one, recorded. */
  private record PlainDataSource(String url, List<Connection> handedOut) implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      Connection c = DriverManager.getConnection(url);
      handedOut.add(c);
      return c;
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return null;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
