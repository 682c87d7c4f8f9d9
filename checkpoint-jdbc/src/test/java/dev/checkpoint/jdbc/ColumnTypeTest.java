package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The position text of each type, as docs/strategies.md documents it. */
class ColumnTypeTest {
  private static void roundTrips(ColumnType t, Object value, String text, Dialect d) {
    assertThat(t.encode(value)).isEqualTo(text);
    Object back = t.decode(text, d);
    if (value instanceof byte[] b) {
      assertThat((byte[]) back).isEqualTo(b);
    } else {
      assertThat(back).isEqualTo(value);
    }
  }

  @Test
  void numbersAreDecimalWithTheirScale() {
    roundTrips(ColumnType.INTEGER, Long.MIN_VALUE, "-9223372036854775808", Dialect.MYSQL);
    roundTrips(
        ColumnType.UNSIGNED_BIGINT,
        new BigInteger("18446744073709551615"),
        "18446744073709551615",
        Dialect.MYSQL);
    roundTrips(ColumnType.DECIMAL, new BigDecimal("1.500000"), "1.500000", Dialect.POSTGRES);
    assertThat(ColumnType.DECIMAL.encode(new BigDecimal("1E+3")))
        .isEqualTo("1000"); // never an exponent
    roundTrips(ColumnType.DOUBLE, 0.30000000000000004, "0.30000000000000004", Dialect.POSTGRES);
  }

  @Test
  void unsignedBigintIsBoundAsADecimalBecauseConnectorJTruncatesBigIntegers() {
    assertThat(
            ColumnType.UNSIGNED_BIGINT.bindValue(
                new BigInteger("18446744073709551615"), Dialect.MYSQL))
        .isEqualTo(new BigDecimal("18446744073709551615"));
    assertThatThrownBy(
            () -> ColumnType.UNSIGNED_BIGINT.decode("18446744073709551616", Dialect.MYSQL))
        .hasMessage("out of range 0 to 18446744073709551615");
  }

  @Test
  void datesAndTimesAreIsoWithMicrosecondsOnlyWhenThereAreAny() {
    roundTrips(ColumnType.DATE, LocalDate.of(2024, 1, 31), "2024-01-31", Dialect.MYSQL);
    roundTrips(
        ColumnType.TIME, LocalTime.of(10, 15, 30, 123_456_000), "10:15:30.123456", Dialect.MYSQL);
    roundTrips(ColumnType.TIME, LocalTime.of(10, 15), "10:15:00", Dialect.MYSQL);
    roundTrips(
        ColumnType.TIMESTAMP,
        LocalDateTime.of(2024, 1, 31, 10, 15, 30, 123_456_000),
        "2024-01-31T10:15:30.123456",
        Dialect.POSTGRES);
    roundTrips(
        ColumnType.TIMESTAMP,
        LocalDateTime.of(2024, 1, 31, 0, 0),
        "2024-01-31T00:00:00",
        Dialect.POSTGRES);
    roundTrips(
        ColumnType.TIMESTAMP,
        LocalDateTime.of(2024, 1, 31, 0, 0, 0, 1),
        "2024-01-31T00:00:00.000000001",
        Dialect.POSTGRES);
    // As MySQL and PostgreSQL print them, with a space.
    assertThat(ColumnType.TIMESTAMP.decode("2024-01-31 10:15:30.5", Dialect.MYSQL))
        .isEqualTo(LocalDateTime.of(2024, 1, 31, 10, 15, 30, 500_000_000));
  }

  @Test
  void timestampsWithTimeZoneAreWrittenInUtc() {
    OffsetDateTime t =
        OffsetDateTime.of(2024, 1, 31, 12, 15, 30, 123_456_000, ZoneOffset.ofHours(2));
    assertThat(ColumnType.TIMESTAMPTZ.encode(t)).isEqualTo("2024-01-31T10:15:30.123456Z");
    assertThat(
            ((OffsetDateTime)
                    ColumnType.TIMESTAMPTZ.decode(
                        "2024-01-31 12:15:30.123456+02", Dialect.POSTGRES))
                .toInstant())
        .isEqualTo(t.toInstant());
  }

  @Test
  void mysqlBindsDatesAndTimesAsTextToKeepTheMicroseconds() {
    LocalDateTime t = LocalDateTime.of(2024, 1, 31, 10, 15, 30, 123_456_000);
    assertThat(ColumnType.TIMESTAMP.bindValue(t, Dialect.MYSQL))
        .isEqualTo("2024-01-31 10:15:30.123456");
    assertThat(ColumnType.TIMESTAMP.bindValue(t, Dialect.POSTGRES)).isEqualTo(t);
    assertThat(ColumnType.TIME.bindValue(t.toLocalTime(), Dialect.MYSQL))
        .isEqualTo("10:15:30.123456");
  }

  @Test
  void stringsAreKeptAsTheyAre() {
    roundTrips(ColumnType.STRING, "b  ", "b  ", Dialect.MYSQL);
    roundTrips(ColumnType.STRING, "日本語 😀", "日本語 😀", Dialect.POSTGRES);
  }

  @Test
  void binaryIsLowerCaseHexAndUuidIsCanonical() {
    roundTrips(ColumnType.BINARY, new byte[] {0, (byte) 0xAB, 0x10}, "00ab10", Dialect.MYSQL);
    assertThat((byte[]) ColumnType.BINARY.decode("00AB10", Dialect.MYSQL))
        .containsExactly(0, 0xAB, 0x10);
    roundTrips(
        ColumnType.UUID_TYPE,
        UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
        "123e4567-e89b-12d3-a456-426614174000",
        Dialect.POSTGRES);
    assertThatThrownBy(() -> ColumnType.UUID_TYPE.decode("1-2-3-4-5", Dialect.POSTGRES))
        .hasMessage("not a UUID (8-4-4-4-12 hex digits)");
  }

  @Test
  void booleansAreTrueOrFalseAndMysqlTinyintKeepsOtherNumbers() {
    roundTrips(ColumnType.BOOLEAN, true, "true", Dialect.POSTGRES);
    roundTrips(ColumnType.MYSQL_BOOLEAN, false, "false", Dialect.MYSQL);
    roundTrips(ColumnType.MYSQL_BOOLEAN, 2, "2", Dialect.MYSQL);
    assertThat(ColumnType.MYSQL_BOOLEAN.bindValue(true, Dialect.MYSQL)).isEqualTo(1);
    assertThatThrownBy(() -> ColumnType.BOOLEAN.decode("1", Dialect.POSTGRES))
        .hasMessage("not true or false");
  }

  @Test
  void realIsBoundAsTheDoubleTheDatabaseCompares() {
    assertThat(ColumnType.REAL.bindValue(1.1f, Dialect.POSTGRES)).isEqualTo((double) 1.1f);
  }
}
