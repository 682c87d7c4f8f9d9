package dev.checkpoint.jdbc;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Locale;

/** The text of times in positions and in MySQL bind values. */
final class TemporalText {
  static final DateTimeFormatter OFFSET_DATE_TIME =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .appendOffset("+HH:mm", "Z")
          .toFormatter(Locale.ROOT);

  private TemporalText() {}

  /** ISO, also with a space between date and time as MySQL and PostgreSQL print them. */
  static String iso(String s) {
    return s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
  }

  /** Seconds always, and a fraction of 6 (or 9) digits only when there is one. */
  static String time(LocalTime t) {
    StringBuilder b = new StringBuilder(18);
    two(b, t.getHour()).append(':');
    two(b, t.getMinute()).append(':');
    two(b, t.getSecond());
    int nanos = t.getNano();
    if (nanos != 0) {
      String digits = Integer.toString(1_000_000_000 + nanos).substring(1);
      b.append('.').append(nanos % 1000 == 0 ? digits.substring(0, 6) : digits);
    }
    return b.toString();
  }

  private static StringBuilder two(StringBuilder b, int v) {
    return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }
}
