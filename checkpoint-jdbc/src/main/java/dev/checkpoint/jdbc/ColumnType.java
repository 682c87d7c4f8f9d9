package dev.checkpoint.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * How the values of one family of column types are read, written into a position, parsed back and
 * bound. The text forms are documented in docs/strategies.md; a value read, encoded, decoded and
 * bound selects exactly the row it was read from.
 *
 * <p>Over 350 lines: one constant per family of SQL types, each with its parse, bind and text forms
 * side by side, so a type is read and written in one place.
 */
enum ColumnType {
  INTEGER {
    @Override
    Object decode(String s, Dialect d) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a whole number");
      }
    }
  },

  /** MySQL's YEAR, which the driver would read as a DATE. */
  YEAR {
    @Override
    Object read(ResultSet rs, int i) throws SQLException {
      int v = rs.getInt(i);
      return rs.wasNull() ? null : v;
    }

    @Override
    Object decode(String s, Dialect d) {
      return INTEGER.decode(s, d);
    }
  },

  UNSIGNED_BIGINT {
    private final BigInteger max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    @Override
    Object decode(String s, Dialect d) {
      BigInteger v;
      try {
        v = new BigInteger(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a whole number");
      }
      if (v.signum() < 0 || v.compareTo(max) > 0) {
        throw new IllegalArgumentException("out of range 0 to " + max);
      }
      return v;
    }

    @Override
    Object bindValue(Object v, Dialect d) {
      // Connector/J binds a BigInteger through its long value: 2^64-1 would become -1.
      return new BigDecimal((BigInteger) v);
    }
  },

  DECIMAL {
    @Override
    Object read(ResultSet rs, int i) throws SQLException {
      return rs.getBigDecimal(i);
    }

    @Override
    String encode(Object v) {
      return ((BigDecimal) v).toPlainString();
    }

    @Override
    Object decode(String s, Dialect d) {
      try {
        return new BigDecimal(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a decimal number");
      }
    }
  },

  /** Single precision: bound as the double it widens to, which is what the database compares. */
  REAL {
    @Override
    Object read(ResultSet rs, int i) throws SQLException {
      float v = rs.getFloat(i);
      return rs.wasNull() ? null : v;
    }

    @Override
    Object decode(String s, Dialect d) {
      try {
        return Float.parseFloat(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number");
      }
    }

    @Override
    Object bindValue(Object v, Dialect d) {
      return (double) (Float) v;
    }
  },

  DOUBLE {
    @Override
    Object read(ResultSet rs, int i) throws SQLException {
      double v = rs.getDouble(i);
      return rs.wasNull() ? null : v;
    }

    @Override
    Object decode(String s, Dialect d) {
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number");
      }
    }
  },

  DATE {
    @Override
    Object read(ResultSet rs, int i) throws SQLException {
      return rs.getObject(i, LocalDate.class);
    }

    @Override
    Object decode(String s, Dialect d) {
      try {
        return LocalDate.parse(s);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("not a date (yyyy-MM-dd)");
      }
    }

    @Override
    Object bindValue(Object v, Dialect d) {
      return d.bindsTemporalAsText() ? v.toString() : v;
    }
  },

  TIME {
    @Override
    Object read(ResultSet rs, int i) throws SQLException {
      return rs.getObject(i, LocalTime.class);
    }

    @Override
    String encode(Object v) {
      return TemporalText.time((LocalTime) v);
    }

    @Override
    Object decode(String s, Dialect d) {
      try {
        return LocalTime.parse(s);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("not a time (HH:mm:ss[.ffffff])");
      }
    }

    @Override
    Object bindValue(Object v, Dialect d) {
      return d.bindsTemporalAsText() ? encode(v) : v;
    }
  },

  TIMESTAMP {
    @Override
    Object read(ResultSet rs, int i) throws SQLException {
      return rs.getObject(i, LocalDateTime.class);
    }

    @Override
    String encode(Object v) {
      LocalDateTime t = (LocalDateTime) v;
      return t.toLocalDate() + "T" + TemporalText.time(t.toLocalTime());
    }

    @Override
    Object decode(String s, Dialect d) {
      try {
        return LocalDateTime.parse(TemporalText.iso(s));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("not a timestamp (yyyy-MM-ddTHH:mm:ss[.ffffff])");
      }
    }

    @Override
    Object bindValue(Object v, Dialect d) {
      if (!d.bindsTemporalAsText()) {
        return v;
      }
      LocalDateTime t = (LocalDateTime) v;
      return t.toLocalDate() + " " + TemporalText.time(t.toLocalTime());
    }
  },

  /** PostgreSQL's timestamptz: positions hold the instant in UTC, with a {@code Z}. */
  TIMESTAMPTZ {
    @Override
    Object read(ResultSet rs, int i) throws SQLException {
      return rs.getObject(i, OffsetDateTime.class);
    }

    @Override
    String encode(Object v) {
      return TIMESTAMP.encode(
              ((OffsetDateTime) v).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime())
          + "Z";
    }

    @Override
    Object decode(String s, Dialect d) {
      try {
        return OffsetDateTime.parse(TemporalText.iso(s), TemporalText.OFFSET_DATE_TIME);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "not a timestamp with offset (yyyy-MM-ddTHH:mm:ss[.ffffff]Z or +hh:mm)");
      }
    }
  },

  STRING {
    @Override
    Object read(ResultSet rs, int i) throws SQLException {
      return rs.getString(i);
    }

    @Override
    Object decode(String s, Dialect d) {
      return s;
    }
  },

  BINARY {
    @Override
    Object read(ResultSet rs, int i) throws SQLException {
      return rs.getBytes(i);
    }

    @Override
    String encode(Object v) {
      return HexFormat.of().formatHex((byte[]) v);
    }

    /** Lower- or upper-case hex; PostgreSQL's {@code \x} prefix (bytea's text form) is allowed. */
    @Override
    Object decode(String s, Dialect d) {
      String hex = s.startsWith("\\x") ? s.substring(2) : s;
      try {
        return HexFormat.of().parseHex(hex);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "not hex digits (an even number of 0-9, a-f, optionally after \\x)");
      }
    }
  },

  UUID_TYPE {
    @Override
    Object decode(String s, Dialect d) {
      try {
        UUID u = UUID.fromString(s);
        // fromString also takes short groups ("1-2-3-4-5"), which would bind to another value.
        if (u.toString().equals(s.toLowerCase(Locale.ROOT))) {
          return u;
        }
      } catch (IllegalArgumentException e) {
        // fall through to the message below
      }
      throw new IllegalArgumentException("not a UUID (8-4-4-4-12 hex digits)");
    }
  },

  /** PostgreSQL's boolean. */
  BOOLEAN {
    @Override
    Object read(ResultSet rs, int i) throws SQLException {
      boolean v = rs.getBoolean(i);
      return rs.wasNull() ? null : v;
    }

    @Override
    Object decode(String s, Dialect d) {
      if (s.equals("true")) {
        return Boolean.TRUE;
      }
      if (s.equals("false")) {
        return Boolean.FALSE;
      }
      throw new IllegalArgumentException("not true or false");
    }
  },

  /**
   * MySQL's BOOLEAN, TINYINT(1) and BIT(1), which its driver reports alike. A TINYINT(1) holding
   * another number than 0 or 1 is read as that Integer (the driver would say {@code true}), so that
   * it is copied and positioned exactly.
   */
  MYSQL_BOOLEAN {
    @Override
    Object read(ResultSet rs, int i) throws SQLException {
      int v = rs.getInt(i);
      if (rs.wasNull()) {
        return null;
      }
      return v == 0 ? Boolean.FALSE : v == 1 ? Boolean.TRUE : (Object) v;
    }

    @Override
    Object decode(String s, Dialect d) {
      if (s.equals("true") || s.equals("false")) {
        return BOOLEAN.decode(s, d);
      }
      try {
        return Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not true, false or a whole number");
      }
    }

    @Override
    Object bindValue(Object v, Dialect d) {
      return v instanceof Boolean b ? (b ? 1 : 0) : v;
    }
  },

  /**
   * Anything else (PostgreSQL json, inet, interval, enums, arrays; MySQL JSON, SET, ...): read as
   * the driver's object, positioned by its text form and bound untyped so the server converts it
   * back to the column's type.
   */
  OTHER {
    @Override
    String encode(Object v) {
      return v.toString();
    }

    @Override
    Object decode(String s, Dialect d) {
      return s;
    }

    @Override
    int bindSqlType(Dialect d) {
      return d == Dialect.POSTGRES ? Types.OTHER : Types.VARCHAR;
    }
  };

  /** Reads column {@code i} of the current row; {@code null} for SQL NULL. */
  Object read(ResultSet rs, int i) throws SQLException {
    return rs.getObject(i);
  }

  /** The position text of a non-null value read by {@link #read}. */
  String encode(Object v) {
    return v.toString();
  }

  /**
   * Parses a position text.
   *
   * @throws IllegalArgumentException whose message says what the text should look like
   */
  abstract Object decode(String s, Dialect d);

  /** The object handed to {@code setObject} for a decoded value. */
  Object bindValue(Object v, Dialect d) {
    return v;
  }

  /** The target SQL type for {@code setObject}, or {@link Types#NULL} to let the driver pick. */
  int bindSqlType(Dialect d) {
    return Types.NULL;
  }
}
