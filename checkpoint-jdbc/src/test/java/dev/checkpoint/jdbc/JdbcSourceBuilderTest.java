package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.Strategy;
import java.io.PrintWriter;
import java.sql.Connection;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Builder checks need no database: a data source that is never asked for a connection. */
class JdbcSourceBuilderTest {
  private static final DataSource UNUSED =
      new DataSource() {
        @Override
        public Connection getConnection() {
          throw new AssertionError("the builder must not connect");
        }

        @Override
        public Connection getConnection(String u, String p) {
          throw new AssertionError("the builder must not connect");
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
        public <T> T unwrap(Class<T> iface) {
          return null;
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
          return false;
        }
      };

  @Test
  void rejectsSizesBelowOneNamingTheParameterAndValue() {
    assertThatThrownBy(() -> JdbcSources.keyed(UNUSED).batchSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batchSize must be > 0, was 0");
    assertThatThrownBy(() -> JdbcSources.keyed(UNUSED).fetchSize(-5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fetchSize must be > 0, was -5");
  }

  @Test
  void rejectsEmptyOrRepeatedColumns() {
    assertThatThrownBy(() -> JdbcSources.keyed(UNUSED).keys("a", ""))
        .hasMessage("key column must not be empty, was \"\"");
    assertThatThrownBy(() -> JdbcSources.keyed(UNUSED).keys("a", "a"))
        .hasMessage("key column \"a\" is named twice");
    assertThatThrownBy(() -> JdbcSources.rowSkip(UNUSED).orderBy((String) null))
        .hasMessage("orderBy column must not be empty, was null");
  }

  @Test
  void tableAndQueryAreExclusive() {
    assertThatThrownBy(() -> JdbcSources.keyed(UNUSED).table("s", "t").query("SELECT 1"))
        .hasMessage("table and query are exclusive; table is already set");
    assertThatThrownBy(() -> JdbcSources.keyed(UNUSED).query("  "))
        .hasMessage("query must not be blank, was \"  \"");
  }

  @Test
  void keysAndOrderBelongToTheirStrategies() {
    assertThatThrownBy(() -> JdbcSources.rowSkip(UNUSED).key("id").build())
        .hasMessage("keys [id] apply to KEY and AUTO, not ROW_SKIP; give its order with orderBy");
    assertThatThrownBy(() -> JdbcSources.keyed(UNUSED).orderBy("id").build())
        .hasMessage("orderBy [id] applies to ROW_SKIP and AUTO; KEY reads in key order");
  }

  @Test
  void defaultsAreDocumented() {
    JdbcSource s = JdbcSources.of(UNUSED, Strategy.AUTO).build();
    assertThat(s.batchSize).isEqualTo(1000);
    assertThat(s.fetchSize).isEqualTo(1000);
    assertThat(s.dialect).isNull();
    assertThat(s.toString()).isEqualTo("JdbcSource{AUTO, batchSize 1000}");
  }
}
