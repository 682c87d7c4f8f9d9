package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.testkit.TestDatabases;
import java.sql.Connection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TestDatabasesIT {
  @ParameterizedTest
  @EnumSource(TestDatabases.Kind.class)
  void reachesARealServerAndDetectsItsDialect(TestDatabases.Kind kind) throws Exception {
    try (Connection c = TestDatabases.dataSource(kind).getConnection()) {
      assertThat(Dialect.detect(c))
          .isEqualTo(kind == TestDatabases.Kind.MYSQL ? Dialect.MYSQL : Dialect.POSTGRES);
    }
  }
}
