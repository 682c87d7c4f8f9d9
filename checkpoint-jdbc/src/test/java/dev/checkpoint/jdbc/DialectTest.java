package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DialectTest {
  @Test
  void quotesIdentifiersAndDoublesEmbeddedQuotes() {
    assertThat(Dialect.MYSQL.quote("resume_table_*$4")).isEqualTo("`resume_table_*$4`");
    assertThat(Dialect.MYSQL.quote("a`b")).isEqualTo("`a``b`");
    assertThat(Dialect.POSTGRES.quote("p.k")).isEqualTo("\"p.k\"");
    assertThat(Dialect.POSTGRES.quote("a\"b")).isEqualTo("\"a\"\"b\"");
    assertThat(Dialect.POSTGRES.qualified("test_db_@", "t")).isEqualTo("\"test_db_@\".\"t\"");
  }

  @Test
  void refusesEmptyIdentifiers() {
    assertThatThrownBy(() -> Dialect.MYSQL.quote("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void detectsMariaDbAsMysql() {
    assertThat(Dialect.of("MariaDB")).isEqualTo(Dialect.MYSQL);
    assertThat(Dialect.of("MySQL")).isEqualTo(Dialect.MYSQL);
    assertThat(Dialect.of("PostgreSQL")).isEqualTo(Dialect.POSTGRES);
  }
}
