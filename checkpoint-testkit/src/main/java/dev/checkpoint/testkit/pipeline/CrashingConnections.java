package dev.checkpoint.testkit.pipeline;

import dev.checkpoint.testkit.ForwardingDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The data source of one attempt: connections that prepare a statement naming the target (or ask
 * for the PostgreSQL driver's own connection, for COPY) are the sink's; their commits are counted,
 * and the planned one is rolled back instead ({@link CrashPoint#IN_SINK}) or lands and then throws
 * ({@link CrashPoint#AFTER_COMMIT}). After the crash a connection can only be closed or rolled
 * back, as the database does when a client dies.
 */
final class CrashingConnections extends ForwardingDataSource {
  /** What still works on a dead process's connection: the server ends it and rolls back. */
  private static final Set<String> AFTER_DEATH =
      Set.of("close", "rollback", "isClosed", "abort", "unwrap", "isWrapperFor");

  private final String marker;
  private final Plan plan;

  CrashingConnections(DataSource delegate, String marker, Plan plan) {
    super(delegate);
    this.marker = marker;
    this.plan = plan;
  }

  @Override
  public Connection getConnection() throws SQLException {
    dead("getConnection");
    return wrap(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    dead("getConnection");
    return wrap(delegate.getConnection(user, password));
  }

  private void dead(String what) throws SQLException {
    try {
      plan.alive(what);
    } catch (InjectedCrash e) {
      throw new SQLException(e.getMessage(), e);
    }
  }

  private Connection wrap(Connection real) {
    boolean[] sink = {false};
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              String name = method.getName();
              if (!AFTER_DEATH.contains(name)) {
                dead(name);
              }
              if (name.startsWith("prepare")
                  && args != null
                  && args[0] instanceof String sql
                  && sql.contains(marker)) {
                sink[0] = true;
              }
              // A PostgreSQL COPY goes through the driver's own connection, which this proxy
              // cannot see: asking for it marks a sink.
              if (name.equals("unwrap")
                  && args[0] instanceof Class<?> type
                  && type.getName().equals("org.postgresql.PGConnection")) {
                sink[0] = true;
              }
              if (name.equals("commit") && sink[0]) {
                int n = plan.count(Plan.Part.CONNECTION);
                if (plan.crashesAt(Plan.Part.CONNECTION, CrashPoint.IN_SINK, n)) {
                  InjectedCrash crash = plan.fire("sink commit " + n + " rolled back instead");
                  real.rollback();
                  throw new SQLException(crash.getMessage(), crash);
                }
                if (plan.crashesAt(Plan.Part.CONNECTION, CrashPoint.AFTER_COMMIT, n)) {
                  real.commit();
                  InjectedCrash crash = plan.fire("sink commit " + n + " landed");
                  throw new SQLException(crash.getMessage(), crash);
                }
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
