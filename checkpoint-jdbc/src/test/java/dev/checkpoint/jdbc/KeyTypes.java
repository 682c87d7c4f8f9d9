package dev.checkpoint.jdbc;

import dev.checkpoint.testkit.TestDatabases.Kind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The key types the readers must bind exactly, per database, each with distinct values that include
 * the edges (extremes, fractions, trailing spaces, non-ASCII, zero bytes).
 */
final class KeyTypes {
  private KeyTypes() {}

  /**
   * @param name table suffix
   * @param sqlType the column type
   * @param values distinct values (as the reader reads them back)
   */
  record KeyType(String name, String sqlType, List<Object> values) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<KeyType> of(Kind kind) {
    List<KeyType> t = new ArrayList<>();
    t.add(
        new KeyType(
            "bigint",
            "BIGINT",
            List.of(
                Long.MIN_VALUE,
                -5L,
                0L,
                1L,
                2L,
                10L,
                11L,
                99L,
                1000L,
                4_294_967_296L,
                Long.MAX_VALUE - 1,
                Long.MAX_VALUE)));
    t.add(
        new KeyType(
            "int", "INT", List.of(Integer.MIN_VALUE, -1, 0, 7, 8, 9, 100, Integer.MAX_VALUE)));
    t.add(new KeyType("decimal", "DECIMAL(30,6)", decimals()));
    t.add(
        new KeyType(
            "date",
            "DATE",
            List.of(
                LocalDate.of(1000, 1, 1),
                LocalDate.of(1970, 1, 1),
                LocalDate.of(2024, 2, 28),
                LocalDate.of(2024, 2, 29),
                LocalDate.of(2024, 3, 1),
                LocalDate.of(9999, 12, 31))));
    t.add(
        new KeyType(
            "time",
            "TIME(6)",
            List.of(
                LocalTime.MIDNIGHT,
                LocalTime.of(0, 0, 0, 1000),
                LocalTime.of(10, 15, 30),
                LocalTime.of(10, 15, 30, 123_456_000),
                LocalTime.of(10, 15, 30, 123_457_000),
                LocalTime.of(10, 15, 31),
                LocalTime.of(23, 59, 59, 999_999_000))));
    t.add(
        new KeyType(
            "timestamp", kind == Kind.MYSQL ? "DATETIME(6)" : "TIMESTAMP(6)", timestamps(kind)));
    if (kind == Kind.MYSQL) {
      t.add(
          new KeyType(
              "bigint_unsigned",
              "BIGINT UNSIGNED",
              List.of(
                  BigInteger.ZERO,
                  BigInteger.ONE,
                  BigInteger.valueOf(Long.MAX_VALUE),
                  BigInteger.ONE.shiftLeft(63),
                  BigInteger.ONE.shiftLeft(63).add(BigInteger.ONE),
                  BigInteger.ONE.shiftLeft(64).subtract(BigInteger.TWO),
                  BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE))));
      t.add(
          new KeyType(
              "mysql_timestamp",
              "TIMESTAMP(6)",
              List.of(
                  LocalDateTime.of(1970, 1, 2, 0, 0),
                      LocalDateTime.of(2024, 1, 31, 10, 15, 30, 123_456_000),
                  LocalDateTime.of(2024, 1, 31, 10, 15, 30, 123_457_000),
                      LocalDateTime.of(2038, 1, 1, 0, 0))));
      // utf8mb4_bin pads with spaces when comparing, so "b" and "b  " could not both be keys.
      t.add(
          new KeyType(
              "varchar",
              "VARCHAR(40) COLLATE utf8mb4_bin",
              List.of(
                  "",
                  "A",
                  "Z",
                  "a",
                  "a b",
                  "b  ",
                  "c\t",
                  "it's",
                  "back\\slash",
                  "é",
                  "ö ",
                  "日本語",
                  "😀",
                  "\"q\"")));
      t.add(
          new KeyType(
              "varbinary",
              "VARBINARY(16)",
              bytes("00", "0000", "0001", "01", "7f", "80", "ff", "ff00", "ffff", "deadbeef")));
      t.add(
          new KeyType(
              "binary",
              "BINARY(4)",
              bytes("00000000", "00000001", "01000000", "7fffffff", "80000000", "ffffffff")));
      t.add(new KeyType("uuid", "CHAR(36)", uuids(false)));
      t.add(
          new KeyType(
              "double", "DOUBLE", List.of(-1.5e300, -0.5, 0.1, 0.2, 0.30000000000000004, 1e300)));
      // FLOAT cannot be a key on MySQL (ReaderErrorsIT): the server rounds it to 6 digits.
    } else {
      t.add(
          new KeyType(
              "timestamptz",
              "TIMESTAMPTZ(6)",
              List.of(
                  OffsetDateTime.of(1900, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                  OffsetDateTime.of(2024, 1, 31, 10, 15, 30, 123_456_000, ZoneOffset.UTC),
                  OffsetDateTime.of(2024, 1, 31, 10, 15, 30, 123_457_000, ZoneOffset.UTC),
                  OffsetDateTime.of(2024, 3, 31, 1, 30, 0, 1000, ZoneOffset.UTC),
                  OffsetDateTime.of(2200, 12, 31, 23, 59, 59, 999_999_000, ZoneOffset.UTC))));
      t.add(
          new KeyType(
              "varchar",
              "VARCHAR(40)",
              List.of(
                  "",
                  "A",
                  "Z",
                  "a",
                  "a b",
                  "b",
                  "b  ",
                  "c\t",
                  "it's",
                  "back\\slash",
                  "é",
                  "ö ",
                  "日本語",
                  "😀",
                  "\"q\"")));
      t.add(
          new KeyType(
              "char", "CHAR(6)", List.of("a     ", "ab    ", "b     ", "é     ", "zz    ")));
      t.add(
          new KeyType(
              "bytea",
              "BYTEA",
              bytes("", "00", "0000", "0001", "01", "7f", "80", "ff", "ff00", "ffff", "deadbeef")));
      t.add(new KeyType("uuid", "UUID", uuids(true)));
      t.add(
          new KeyType(
              "double",
              "DOUBLE PRECISION",
              List.of(-1.5e300, -0.5, 0.1, 0.2, 0.30000000000000004, 1e300)));
      t.add(new KeyType("real", "REAL", List.of(-1.5f, 0.1f, 1.1f, 1.1000001f, 3.4e38f)));
    }
    return t;
  }

  private static List<Object> decimals() {
    List<Object> v = new ArrayList<>();
    for (String s :
        new String[] {
          "-99999999999999999999.999999",
          "-1.000001",
          "0.000000",
          "0.000001",
          "1.500000",
          "1.500001",
          "12345678901234567890.123456",
          "99999999999999999999.999999"
        }) {
      v.add(new BigDecimal(s));
    }
    return v;
  }

  private static List<Object> timestamps(Kind kind) {
    List<Object> v = new ArrayList<>();
    v.add(LocalDateTime.of(1000, 1, 1, 0, 0));
    v.add(LocalDateTime.of(2024, 1, 31, 10, 15, 30));
    v.add(LocalDateTime.of(2024, 1, 31, 10, 15, 30, 1000));
    v.add(LocalDateTime.of(2024, 1, 31, 10, 15, 30, 123_456_000));
    v.add(LocalDateTime.of(2024, 1, 31, 10, 15, 30, 123_457_000));
    v.add(LocalDateTime.of(2024, 3, 31, 2, 30, 0)); // a local time that DST skips in Europe
    v.add(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000));
    return v;
  }

  private static List<Object> bytes(String... hex) {
    List<Object> v = new ArrayList<>();
    for (String h : hex) {
      v.add(HexFormat.of().parseHex(h));
    }
    return v;
  }

  private static List<Object> uuids(boolean typed) {
    List<Object> v = new ArrayList<>();
    for (String s :
        new String[] {
          "00000000-0000-0000-0000-000000000000",
          "123e4567-e89b-12d3-a456-426614174000",
          "123e4567-e89b-12d3-a456-426614174001",
          "7fffffff-ffff-ffff-ffff-ffffffffffff",
          "80000000-0000-0000-0000-000000000000",
          "ffffffff-ffff-ffff-ffff-ffffffffffff"
        }) {
      v.add(typed ? UUID.fromString(s) : s);
    }
    return v;
  }
}
