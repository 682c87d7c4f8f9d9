package dev.checkpoint.jdbc;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.HexFormat;

/**
 * Rows in PostgreSQL's COPY text format: one line a row, columns separated by a tab, SQL NULL as
 * {@code \N}. Every value is written in the text form PostgreSQL's input function reads back to the
 * same value (bytea as {@code \x} hex, decimals without exponent, times with all their
 * microseconds), then escaped: backslash, tab, newline and carriage return become {@code \\},
 * {@code \t}, {@code \n}, {@code \r}, so an empty string stays an empty string and a text {@code
 * \N} stays text. Non-ASCII text goes as is; the driver's client encoding is UTF-8.
 */
final class CopyText {
  private static final HexFormat HEX = HexFormat.of();

  private CopyText() {}

  /** Appends one row's line, newline included. */
  static void appendRow(StringBuilder out, Object[] values) {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out.append('\t');
      }
      appendValue(out, values[i]);
    }
    out.append('\n');
  }

  static void appendValue(StringBuilder out, Object v) {
    if (v == null) {
      out.append("\\N");
    } else if (v instanceof String s) {
      appendEscaped(out, s);
    } else if (v instanceof Long l) {
      out.append(l.longValue()); // no escaping needed: digits and a sign
    } else if (v instanceof Integer i) {
      out.append(i.intValue());
    } else if (v instanceof BigDecimal d) {
      out.append(d.toPlainString());
    } else if (v instanceof byte[] bytes) {
      // bytea's hex input "\x0a1b"; the backslash itself is escaped for COPY.
      out.append("\\\\x");
      HEX.formatHex(out, bytes);
    } else if (v instanceof Boolean b) {
      out.append(b ? 't' : 'f');
    } else if (v instanceof LocalDateTime t && inFourDigitYears(t.getYear())) {
      // Written digit by digit: the generic text forms cost a few strings a value, which showed
      // as a good part of a copy's client time.
      appendDate(out, t.getYear(), t.getMonthValue(), t.getDayOfMonth()).append(' ');
      appendTime(out, t.getHour(), t.getMinute(), t.getSecond(), t.getNano());
    } else if (v instanceof OffsetDateTime t && inFourDigitYears(t.getYear())) {
      appendDate(out, t.getYear(), t.getMonthValue(), t.getDayOfMonth()).append(' ');
      appendTime(out, t.getHour(), t.getMinute(), t.getSecond(), t.getNano());
      int offset = t.getOffset().getTotalSeconds();
      out.append(offset < 0 ? '-' : '+');
      offset = Math.abs(offset);
      two(out, offset / 3600).append(':');
      two(out, offset / 60 % 60);
      if (offset % 60 != 0) {
        two(out.append(':'), offset % 60);
      }
    } else {
      appendEscaped(out, text(v));
    }
  }

  /** The PostgreSQL input text of a value that is not a string, number or byte array. */
  static String text(Object v) {
    if (v instanceof LocalDateTime t) {
      if (t.equals(LocalDateTime.MAX) || t.equals(LocalDateTime.MIN)) {
        return t.equals(LocalDateTime.MAX) ? "infinity" : "-infinity"; // how pgjdbc reads them
      }
      return ColumnType.TIMESTAMP.encode(t);
    }
    if (v instanceof OffsetDateTime t) {
      if (t.equals(OffsetDateTime.MAX) || t.equals(OffsetDateTime.MIN)) {
        return t.equals(OffsetDateTime.MAX) ? "infinity" : "-infinity";
      }
      return ColumnType.TIMESTAMPTZ.encode(t);
    }
    if (v instanceof LocalDate d) {
      if (d.equals(LocalDate.MAX) || d.equals(LocalDate.MIN)) {
        return d.equals(LocalDate.MAX) ? "infinity" : "-infinity";
      }
      return d.toString();
    }
    if (v instanceof LocalTime t) {
      return TemporalText.time(t);
    }
    // Float, Double (Java's shortest round-trip text, NaN and Infinity as PostgreSQL spells
    // them), BigInteger, UUID, and the driver's objects (json, inet, interval, arrays) whose
    // toString is their PostgreSQL text.
    return v.toString();
  }

  private static boolean inFourDigitYears(int year) {
    return year >= 1 && year <= 9999;
  }

  private static StringBuilder appendDate(StringBuilder out, int year, int month, int day) {
    two(out, year / 100);
    two(out, year % 100).append('-');
    two(out, month).append('-');
    return two(out, day);
  }

  /**
   * Seconds always; a fraction of microseconds only when there is one, as {@link
   * TemporalText#time}.
   */
  private static void appendTime(StringBuilder out, int hour, int minute, int second, int nanos) {
    two(out, hour).append(':');
    two(out, minute).append(':');
    two(out, second);
    if (nanos != 0) {
      out.append('.');
      int micros = nanos / 1000;
      boolean sub = nanos % 1000 != 0;
      int digits = sub ? nanos : micros;
      for (int div = sub ? 100_000_000 : 100_000; div > 0; div /= 10) {
        out.append((char) ('0' + digits / div % 10));
      }
    }
  }

  private static StringBuilder two(StringBuilder out, int v) {
    return out.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }

  static void appendEscaped(StringBuilder out, String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
  }
}
