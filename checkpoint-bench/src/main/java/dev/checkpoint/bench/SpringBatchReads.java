package dev.checkpoint.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.UUID;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.Job;
import org.springframework.batch.core.JobExecution;
import org.springframework.batch.core.JobParametersBuilder;
import org.springframework.batch.core.Step;
import org.springframework.batch.core.StepExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.launch.support.TaskExecutorJobLauncher;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JobRepositoryFactoryBean;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.item.ExecutionContext;
import org.springframework.batch.item.ItemStreamReader;
import org.springframework.batch.item.database.JdbcCursorItemReader;
import org.springframework.batch.item.database.JdbcPagingItemReader;
import org.springframework.batch.item.database.Order;
import org.springframework.batch.item.database.builder.JdbcCursorItemReaderBuilder;
import org.springframework.batch.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.batch.item.database.support.AbstractSqlPagingQueryProvider;
import org.springframework.batch.item.database.support.MySqlPagingQueryProvider;
import org.springframework.batch.item.database.support.PostgresPagingQueryProvider;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * The peer: Spring Batch's restartable JDBC readers in a chunk-oriented step, with a JDBC {@link
 * JobRepository} in the same database (its tables created from the scripts in its jar). Each run is
 * a new job instance; the writer only counts. The readers keep their state in the step's execution
 * context after every chunk (saveState, the default), which is what makes them restartable.
 */
final class SpringBatchReads {
  private static final RowMapper<Object[]> ROW =
      (rs, i) ->
          new Object[] {
            rs.getLong(1),
            rs.getInt(2),
            rs.getString(3),
            rs.getBigDecimal(4),
            rs.getObject(5, LocalDateTime.class)
          };

  private final Db db;
  private final JdbcTransactionManager tx;
  private final JobRepository repository;
  private final TaskExecutorJobLauncher launcher;

  SpringBatchReads(Db db) throws Exception {
    this.db = db;
    ensureSchema(db);
    this.tx = new JdbcTransactionManager(db.ds());
    JobRepositoryFactoryBean f = new JobRepositoryFactoryBean();
    f.setDataSource(db.ds());
    f.setTransactionManager(tx);
    f.setDatabaseType(db.kind == Db.Kind.MYSQL ? "MYSQL" : "POSTGRES");
    f.afterPropertiesSet();
    this.repository = f.getObject();
    this.launcher = new TaskExecutorJobLauncher();
    launcher.setJobRepository(repository);
    launcher.afterPropertiesSet();
  }

  /** (f): JdbcPagingItemReader, keyset pages of {@code pageSize} on {@code id}. */
  JdbcPagingItemReader<Object[]> paging(String table, int pageSize) throws Exception {
    AbstractSqlPagingQueryProvider q =
        db.kind == Db.Kind.MYSQL
            ? new MySqlPagingQueryProvider()
            : new PostgresPagingQueryProvider();
    q.setSelectClause("id, a, b, c, e");
    q.setFromClause(db.qualified(table));
    q.setSortKeys(Map.of("id", Order.ASCENDING));
    JdbcPagingItemReader<Object[]> r =
        new JdbcPagingItemReaderBuilder<Object[]>()
            .name("paging")
            .dataSource(db.ds())
            .queryProvider(q)
            .pageSize(pageSize)
            .fetchSize(pageSize)
            .rowMapper(ROW)
            .build();
    r.afterPropertiesSet();
    return r;
  }

  /**
   * (g): JdbcCursorItemReader on its own connection, streamed as tuned as Spring allows: MySQL
   * {@code fetchSize = Integer.MIN_VALUE}; PostgreSQL autocommit off and the fetch size.
   */
  JdbcCursorItemReader<Object[]> cursor(String table, int fetchSize) throws Exception {
    JdbcCursorItemReader<Object[]> r =
        new JdbcCursorItemReaderBuilder<Object[]>()
            .name("cursor")
            .dataSource(db.ds())
            .sql("SELECT id, a, b, c, e FROM " + db.qualified(table) + " ORDER BY id")
            .fetchSize(db.kind == Db.Kind.MYSQL ? Integer.MIN_VALUE : fetchSize)
            .connectionAutoCommit(db.kind == Db.Kind.MYSQL)
            // Connector/J's streaming result cannot answer getRow(), which the check calls.
            .verifyCursorPosition(db.kind != Db.Kind.MYSQL)
            .rowMapper(ROW)
            .build();
    r.afterPropertiesSet();
    return r;
  }

  /** Runs a new job instance of one chunk step over the reader; returns the items read. */
  long run(String name, ItemStreamReader<Object[]> reader, int chunk) throws Exception {
    long[] written = {0};
    Step step =
        new StepBuilder(name + "-step", repository)
            .<Object[], Object[]>chunk(chunk, tx)
            .reader(reader)
            .writer(items -> written[0] += items.size())
            .build();
    Job job = new JobBuilder(name, repository).start(step).build();
    JobExecution e =
        launcher.run(
            job,
            new JobParametersBuilder()
                .addString("run", UUID.randomUUID().toString())
                .toJobParameters());
    if (e.getStatus() != BatchStatus.COMPLETED) {
      throw new IllegalStateException(
          name + " ended " + e.getStatus() + ": " + e.getAllFailureExceptions());
    }
    long read = 0;
    for (StepExecution s : e.getStepExecutions()) {
      read += s.getReadCount();
    }
    if (read != written[0]) {
      throw new IllegalStateException(name + " read " + read + " items but wrote " + written[0]);
    }
    return read;
  }

  /**
   * A cursor reader's restart, as its step does it: open with the execution context a failed run
   * left (read count {@code at}), which re-runs the query and skips {@code at} rows client-side
   * (each one mapped), then read the first row. Returns nanoseconds to that row.
   */
  long restartToFirstRow(String table, int fetchSize, long at) throws Exception {
    JdbcCursorItemReader<Object[]> r = cursor(table, fetchSize);
    ExecutionContext ctx = new ExecutionContext();
    ctx.putInt("cursor.read.count", Math.toIntExact(at));
    long t0 = System.nanoTime();
    Object[] first;
    try {
      r.open(ctx);
      first = r.read();
      long nanos = System.nanoTime() - t0;
      if (first == null || ((Long) first[0]) != at) {
        throw new IllegalStateException(
            "Spring Batch cursor restart at "
                + at
                + " read id "
                + (first == null ? "none" : first[0]));
      }
      return nanos;
    } finally {
      r.close();
    }
  }

  /** Creates the JobRepository tables from Spring Batch's own script, unless they exist. */
  private static void ensureSchema(Db db) throws IOException, SQLException {
    try (Connection c = db.ds().getConnection();
        Statement s = c.createStatement()) {
      try {
        s.executeQuery("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE").close();
        return;
      } catch (SQLException missing) {
        if (!c.getAutoCommit()) {
          c.rollback();
        }
      }
      String script = db.kind == Db.Kind.MYSQL ? "schema-mysql.sql" : "schema-postgresql.sql";
      String text;
      try (InputStream in =
          JobRepository.class.getResourceAsStream("/org/springframework/batch/core/" + script)) {
        if (in == null) {
          throw new IOException("Spring Batch's " + script + " is not on the classpath");
        }
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      StringBuilder sql = new StringBuilder();
      for (String line : text.split("\n")) {
        if (!line.strip().startsWith("--")) {
          sql.append(line).append('\n');
        }
      }
      for (String stmt : sql.toString().split(";")) {
        if (!stmt.isBlank()) {
          s.execute(stmt);
        }
      }
    }
  }
}
