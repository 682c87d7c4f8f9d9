package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.checkpoint.StoreException;
import dev.checkpoint.testkit.TestDatabases.Kind;
import dev.checkpoint.testkit.TestSecrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * A password given to the store shows up in no exception (message, causes, stack trace) and in no
 * log line, at DEBUG included (HikariCP logs its configuration there). On MariaDB the password is
 * wrong for root; this machine's PostgreSQL trusts every login and never asks for a password, so
 * there the login fails on an unknown user instead, with the password still handed over.
 */
class JdbcPositionStoreSecretsIT {
  private static final String SECRET = TestSecrets.PASSWORD;

  private static String user(Kind kind) {
    return kind == Kind.MYSQL ? "root" : "cp_nobody";
  }

  static Stream<Arguments> ways() {
    return Stream.of(Kind.values())
        .flatMap(
            kind ->
                Stream.of(
                    Arguments.of(kind, "url + user() + password()"),
                    Arguments.of(kind, "seeds url with user:password@"),
                    Arguments.of(kind, "jdbc url with password parameter")));
  }

  private static JdbcPositionStore build(Kind kind, String way) {
    String base = StoreFixtures.urlWithoutCredentials(kind);
    String db = StoreFixtures.database(kind);
    switch (way) {
      case "url + user() + password()":
        return JdbcPositionStore.builder().url(base).user(user(kind)).password(SECRET).build();
      case "seeds url with user:password@":
        String scheme = kind == Kind.MYSQL ? "mysql" : "postgres";
        return JdbcPositionStore.builder()
            .url(
                scheme
                    + "://"
                    + user(kind)
                    + ":"
                    + SECRET
                    + "@"
                    + StoreFixtures.hostPort(kind)
                    + "/"
                    + db)
            .build();
      default:
        return JdbcPositionStore.builder()
            .url(
                base
                    + (base.contains("?") ? "&" : "?")
                    + "user="
                    + user(kind)
                    + "&password="
                    + SECRET)
            .build();
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("ways")
  void wrongPasswordAppearsInNoErrorAndNoLogLine(Kind kind, String way) {
    StringBuilder logs = new StringBuilder();
    Throwable error =
        captureLogs(
            logs,
            () -> {
              try {
                build(kind, way).close();
                return null;
              } catch (RuntimeException e) {
                return e;
              }
            });

    assertThat(error).isInstanceOf(StoreException.class);
    assertThat(error.getMessage()).contains("cannot connect").contains(user(kind));
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(SECRET);
    assertThat(logs).as("something was logged").isNotEmpty();
    assertThat(logs.toString()).doesNotContain(SECRET);
  }

  /** Runs the action with every logger at DEBUG, collecting each event's message and throwable. */
  private static Throwable captureLogs(StringBuilder out, Supplier<Throwable> action) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level level = root.getLevel();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.DEBUG);
    try {
      return action.get();
    } finally {
      root.detachAppender(appender);
      root.setLevel(level);
      for (ILoggingEvent e : appender.list) {
        out.append(e.getFormattedMessage()).append('\n');
        if (e.getThrowableProxy() != null) {
          out.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
        }
      }
    }
  }
}
