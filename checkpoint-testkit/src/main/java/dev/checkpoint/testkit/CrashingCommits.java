package dev.checkpoint.testkit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A data source whose sink connections (those that prepare a statement naming {@code marker}, or
 * unwrap the PostgreSQL driver's connection for a COPY) crash at their k-th commit: just before it
 * (the transaction is rolled back) or just after it (the transaction landed, the code after the
 * commit never runs). Other connections, such as a position store's own, pass through untouched.
 * For sinks that commit through JDBC themselves, where {@link CrashAfter} cannot reach between the
 * write and its commit.
 */
public final class CrashingCommits extends ForwardingDataSource {
  /** Where the k-th commit crashes. */
  public enum When {
    /** The transaction is rolled back. */
    BEFORE_COMMIT,
    /** The transaction landed; the code after the commit never runs. */
    AFTER_COMMIT
  }

  private final String marker;
  private final int crashAt;
  private final When when;
  private final AtomicInteger commits = new AtomicInteger();

  /**
   * @param delegate the data source whose connections are wrapped
   * @param marker text in the SQL the sink prepares (e.g. its target table's name)
   * @param crashAt which commit of the sink's connections crashes, from 1
   * @param when whether the crash comes before or after that commit reaches the database
   */
  public CrashingCommits(DataSource delegate, String marker, int crashAt, When when) {
    super(delegate);
    this.marker = marker;
    this.crashAt = crashAt;
    this.when = when;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrap(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return wrap(delegate.getConnection(user, password));
  }

  private Connection wrap(Connection real) {
    boolean[] sink = {false};
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().startsWith("prepare")
                  && args != null
                  && args[0] instanceof String sql
                  && sql.contains(marker)) {
                sink[0] = true;
              }
              // JdbcSinks' PostgreSQL writer sends its rows with COPY through the driver's own
              // connection, which this proxy cannot see: asking for that connection marks a sink.
              if (method.getName().equals("unwrap")
                  && args[0] instanceof Class<?> type
                  && type.getName().equals("org.postgresql.PGConnection")) {
                sink[0] = true;
              }
              if (method.getName().equals("commit")
                  && sink[0]
                  && commits.incrementAndGet() == crashAt) {
                if (when == When.AFTER_COMMIT) {
                  real.commit();
                }
                throw new SQLException("simulated crash " + when + " number " + crashAt);
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
