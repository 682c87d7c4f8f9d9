package dev.checkpoint.jdbc;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.postgresql.util.ByteConverter;

/**
 * Rows in PostgreSQL's binary COPY format, for target columns of the common types: the server then
 * neither parses timestamps, decimals nor hex, and the client formats no text. A value is written
 * only when its binary form is exactly what the text form would give (an Integer into int8, not a
 * Float into float8; a LocalDateTime into timestamp, not into timestamptz); otherwise {@link
 * #encode} answers false and the batch goes as text ({@link CopyText}).
 */
final class CopyBinary {
  private static final byte[] HEADER = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0
  };

  /** 2000-01-01, PostgreSQL's epoch for dates and timestamps. */
  private static final long PG_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();

  private static final long PG_EPOCH_SECOND = PG_EPOCH_DAY * 86_400;

  /** Writes one non-null value, or answers false when its binary form would not be exact. */
  @FunctionalInterface
  interface Encoder {
    boolean write(Buffer out, Object v);
  }

  private CopyBinary() {}

  /**
   * The encoders of the target columns (PostgreSQL type names, in the rows' column order), or null
   * when a column has a type this class does not write.
   */
  static Encoder[] encoders(List<String> typeNames) {
    Encoder[] e = new Encoder[typeNames.size()];
    for (int i = 0; i < e.length; i++) {
      e[i] = encoder(typeNames.get(i).toLowerCase(Locale.ROOT));
      if (e[i] == null) {
        return null;
      }
    }
    return e;
  }

  private static Encoder encoder(String type) {
    switch (type) {
      case "int8", "bigserial":
        return (out, v) ->
            (v instanceof Long || v instanceof Integer || v instanceof Short)
                && out.int8(((Number) v).longValue());
      case "int4", "serial":
        return (out, v) ->
            (v instanceof Integer || v instanceof Short) && out.int4(((Number) v).intValue());
      case "int2", "smallserial":
        return (out, v) -> v instanceof Short s && out.field(2).int2(s);
      case "numeric":
        return (out, v) -> v instanceof BigDecimal d && out.bytes(ByteConverter.numeric(d));
      case "float8":
        return (out, v) -> v instanceof Double d && out.int8(Double.doubleToRawLongBits(d));
      case "float4":
        return (out, v) -> v instanceof Float f && out.int4(Float.floatToRawIntBits(f));
      case "bool":
        return (out, v) -> v instanceof Boolean b && out.field(1).int1(b ? 1 : 0);
      case "text", "varchar", "bpchar":
        return (out, v) -> v instanceof String s && out.bytes(s.getBytes(StandardCharsets.UTF_8));
      case "bytea":
        return (out, v) -> v instanceof byte[] b && out.bytes(b);
      case "timestamp":
        return (out, v) ->
            v instanceof LocalDateTime t
                && micros(out, t.toEpochSecond(ZoneOffset.UTC), t.getYear(), t.getNano());
      case "timestamptz":
        return (out, v) ->
            v instanceof OffsetDateTime t
                && micros(out, t.toEpochSecond(), t.getYear(), t.getNano());
      case "date":
        return (out, v) ->
            v instanceof LocalDate d
                && d.getYear() >= 1
                && d.getYear() <= 9999
                && out.int4((int) (d.toEpochDay() - PG_EPOCH_DAY));
      case "time":
        return (out, v) ->
            v instanceof LocalTime t && t.getNano() % 1000 == 0 && out.int8(t.toNanoOfDay() / 1000);
      case "uuid":
        return (out, v) ->
            v instanceof UUID u
                && out.field(16)
                        .long8(u.getMostSignificantBits())
                        .long8(u.getLeastSignificantBits())
                    != null;
      default:
        return null;
    }
  }

  /**
   * Microseconds since 2000-01-01. Years outside 1..9999 and sub-microsecond fractions go as text,
   * whose rounding and infinities PostgreSQL applies itself.
   */
  private static boolean micros(Buffer out, long epochSecond, int year, int nanos) {
    return year >= 1
        && year <= 9999
        && nanos % 1000 == 0
        && out.int8((epochSecond - PG_EPOCH_SECOND) * 1_000_000 + nanos / 1000);
  }

  /**
   * The whole batch, header and trailer included, or null when a value has no exact binary form.
   */
  static Buffer encode(List<Row> rows, Encoder[] encoders) {
    Buffer out = new Buffer(Math.max(1024, rows.size() * 64));
    out.raw(HEADER);
    for (Row r : rows) {
      Object[] values = r.rawValues();
      out.short2(values.length);
      for (int i = 0; i < values.length; i++) {
        if (values[i] == null) {
          out.long4(-1);
        } else if (!encoders[i].write(out, values[i])) {
          return null;
        }
      }
    }
    out.short2(-1);
    return out;
  }

  /** A growing byte array with the big-endian writes of the format; field writes return true. */
  static final class Buffer {
    private byte[] bytes;
    private int size;

    Buffer(int capacity) {
      bytes = new byte[capacity];
    }

    byte[] array() {
      return bytes;
    }

    int size() {
      return size;
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }

    void raw(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, bytes, size, b.length);
      size += b.length;
    }

    /** A field's length word. */
    Buffer field(int length) {
      long4(length);
      return this;
    }

    boolean bytes(byte[] b) {
      long4(b.length);
      raw(b);
      return true;
    }

    boolean int8(long v) {
      return field(8).long8(v) != null;
    }

    boolean int4(int v) {
      field(4).long4(v);
      return true;
    }

    boolean int2(int v) {
      short2(v);
      return true;
    }

    boolean int1(int v) {
      ensure(1);
      bytes[size++] = (byte) v;
      return true;
    }

    Buffer long8(long v) {
      long4((int) (v >>> 32));
      long4((int) v);
      return this;
    }

    void long4(int v) {
      ensure(4);
      bytes[size++] = (byte) (v >>> 24);
      bytes[size++] = (byte) (v >>> 16);
      bytes[size++] = (byte) (v >>> 8);
      bytes[size++] = (byte) v;
    }

    void short2(int v) {
      ensure(2);
      bytes[size++] = (byte) (v >>> 8);
      bytes[size++] = (byte) v;
    }
  }
}
