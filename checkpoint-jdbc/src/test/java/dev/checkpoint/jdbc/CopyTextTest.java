package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CopyTextTest {
  private static String line(Object... values) {
    StringBuilder b = new StringBuilder();
    CopyText.appendRow(b, values);
    return b.toString();
  }

  @Test
  void nullIsBackslashNAndAnEmptyStringStaysEmpty() {
    assertThat(line(null, "", "\\N")).isEqualTo("\\N\t\t\\\\N\n");
  }

  @Test
  void escapesBackslashTabNewlineAndCarriageReturnInText() {
    assertThat(line("a\\b\tc\nd\re", "it's \"q\"")).isEqualTo("a\\\\b\\tc\\nd\\re\tit's \"q\"\n");
  }

  @Test
  void leavesNonAsciiTextAsItIs() {
    assertThat(line("日本語 é 😀")).isEqualTo("日本語 é 😀\n");
  }

  @Test
  void writesByteaAsEscapedHex() {
    assertThat(line(new byte[] {0, 10, (byte) 0xff}, new byte[0]))
        .isEqualTo("\\\\x000aff\t\\\\x\n");
  }

  @Test
  void writesDecimalsWithoutExponent() {
    assertThat(line(new BigDecimal("1E+30"), new BigDecimal("-0.00000000000000000001")))
        .isEqualTo("1000000000000000000000000000000\t-0.00000000000000000001\n");
  }

  @Test
  void keepsTheMicrosecondsOfTimes() {
    assertThat(
            line(
                LocalDateTime.of(2024, 1, 31, 10, 15, 30, 123_456_000),
                LocalTime.of(0, 0, 0, 1_000),
                OffsetDateTime.of(2024, 1, 31, 12, 0, 0, 5_000, ZoneOffset.ofHours(2)),
                LocalDate.of(2024, 2, 29)))
        .isEqualTo(
            "2024-01-31 10:15:30.123456\t00:00:00.000001\t2024-01-31 12:00:00.000005+02:00\t2024-02-29\n");
  }

  @Test
  void writesTimesWithoutFractionNanosecondsAndOddOffsetsAndYearsExactly() {
    assertThat(
            line(
                LocalDateTime.of(1, 1, 1, 0, 0),
                LocalDateTime.of(2024, 1, 31, 10, 15, 30, 123_456_789),
                OffsetDateTime.of(
                    999, 12, 31, 23, 59, 59, 0, ZoneOffset.ofHoursMinutesSeconds(-9, -30, -15))))
        .isEqualTo(
            "0001-01-01 00:00:00\t2024-01-31 10:15:30.123456789\t0999-12-31 23:59:59-09:30:15\n");
  }

  @Test
  void writesTheInfinitiesThatTheDriverReadsAsMaxAndMin() {
    assertThat(line(LocalDateTime.MAX, LocalDateTime.MIN, LocalDate.MAX, OffsetDateTime.MIN))
        .isEqualTo("infinity\t-infinity\tinfinity\t-infinity\n");
  }

  @Test
  void writesBooleansAndFloatsAsPostgresqlReadsThem() {
    assertThat(line(true, false, 0.1d, Double.NaN, Float.NEGATIVE_INFINITY, 1e300))
        .isEqualTo("t\tf\t0.1\tNaN\t-Infinity\t1.0E300\n");
  }
}
