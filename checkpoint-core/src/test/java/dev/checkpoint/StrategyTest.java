package dev.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StrategyTest {
  @Test
  void acceptsPythonAsTheSeedsNameForRowSkip() {
    assertThat(Strategy.parse("PYTHON")).isEqualTo(Strategy.ROW_SKIP);
    assertThat(Strategy.parse("python")).isEqualTo(Strategy.ROW_SKIP);
    assertThat(Strategy.parse("row-skip")).isEqualTo(Strategy.ROW_SKIP);
    assertThat(Strategy.parse(" key ")).isEqualTo(Strategy.KEY);
    assertThat(Strategy.parse("Auto")).isEqualTo(Strategy.AUTO);
    assertThat(Strategy.parse("NONE")).isEqualTo(Strategy.NONE);
  }

  @Test
  void namesTheUnknownValue() {
    assertThatThrownBy(() -> Strategy.parse("KEYS"))
        .hasMessage("unknown strategy \"KEYS\" (expected KEY, ROW_SKIP (or PYTHON), AUTO or NONE)");
  }
}
