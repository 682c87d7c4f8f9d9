package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FingerprintTest {
  private static final ColumnType[] TWO_STRINGS = {ColumnType.STRING, ColumnType.STRING};

  @Test
  void isThirtyTwoHexDigitsAndStable() {
    assertThat(Fingerprint.of(new Object[] {"a", "b"}, TWO_STRINGS))
        .matches("[0-9a-f]{32}")
        .isEqualTo(Fingerprint.of(new Object[] {"a", "b"}, TWO_STRINGS));
  }

  @Test
  void tellsApartRowsWhoseValuesConcatenateAlike() {
    assertThat(Fingerprint.of(new Object[] {"ab", "c"}, TWO_STRINGS))
        .isNotEqualTo(Fingerprint.of(new Object[] {"a", "bc"}, TWO_STRINGS));
    assertThat(Fingerprint.of(new Object[] {null, "c"}, TWO_STRINGS))
        .isNotEqualTo(Fingerprint.of(new Object[] {"", "c"}, TWO_STRINGS));
  }
}
