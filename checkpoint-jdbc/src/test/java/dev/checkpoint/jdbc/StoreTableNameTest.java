package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreTableNameTest {

  @Test
  void splitsAtTheOneDot() {
    StoreTableName n = StoreTableName.parse("apecloud_resumer_test.ape_task_position");
    assertThat(n.schema()).isEqualTo("apecloud_resumer_test");
    assertThat(n.table()).isEqualTo("ape_task_position");
    assertThat(n.fullName()).isEqualTo("apecloud_resumer_test.ape_task_position");
  }

  @ParameterizedTest
  @ValueSource(strings = {"positions", ".t", "db.", "a.b.c", "."})
  void refusesAnythingButTwoNamesAroundOneDot(String bad) {
    assertThatThrownBy(() -> StoreTableName.parse(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "tableFullName must be <database or schema>.<table> with exactly one dot, was \""
                + bad
                + "\"");
  }

  @Test
  void refusesNamesTheDatabaseWouldRejectOrTruncate() {
    String name64 = "a".repeat(64);
    StoreTableName.parse("db." + name64).checkLength(Dialect.MYSQL);
    assertThatThrownBy(() -> StoreTableName.parse("db." + name64).checkLength(Dialect.POSTGRES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than 63 bytes (PostgreSQL)");
    // 32 two-byte characters: 64 bytes, which PostgreSQL would cut.
    assertThatThrownBy(
            () -> StoreTableName.parse("db." + "é".repeat(32)).checkLength(Dialect.POSTGRES))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoreTableName.parse("a".repeat(65) + ".t").checkLength(Dialect.MYSQL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than 64 characters (MySQL)");
  }
}
