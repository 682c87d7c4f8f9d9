package dev.checkpoint;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PositionJsonErrorTextTest {
  @Test
  void aTruncatedObjectNamesTheColumnNotJacksonsRedactedSource() {
    assertThatThrownBy(() -> PositionJson.read("{\"type\":\"RdbSnapshot\""))
        .isInstanceOf(InvalidPositionException.class)
        .hasMessage(
            "not valid JSON (Unexpected end-of-input: expected close marker for Object, at column 22): {\"type\":\"RdbSnapshot\"")
        .hasMessageNotContaining("REDACTED");
  }
}
