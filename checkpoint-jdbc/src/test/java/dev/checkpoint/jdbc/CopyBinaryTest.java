package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyBinaryTest {
  private static byte[] encode(List<String> types, Object... values) {
    CopyBinary.Encoder[] e = CopyBinary.encoders(types);
    List<String> names = types.stream().map(t -> "c_" + t).toList();
    CopyBinary.Buffer b = CopyBinary.encode(List.of(new Row(new Columns(names), values)), e);
    return b == null ? null : Arrays.copyOf(b.array(), b.size());
  }

  @Test
  void writesHeaderFieldsNullAndTrailer() {
    byte[] b = encode(List.of("int8", "text", "bool"), 1L, null, true);
    assertThat(HexFormat.of().formatHex(b))
        .isEqualTo(
            "5047434f50590aff0d0a00"
                + "00000000"
                + "00000000" // signature, flags, extension
                + "0003"
                + "00000008"
                + "0000000000000001"
                + "ffffffff"
                + "00000001"
                + "01" // one row
                + "ffff"); // trailer
  }

  @Test
  void writesTimestampsAsMicrosecondsSince2000() {
    byte[] b =
        encode(
            List.of("timestamp", "timestamptz", "date"),
            LocalDateTime.of(2000, 1, 1, 0, 0, 0, 1_000),
            OffsetDateTime.of(2000, 1, 1, 2, 0, 0, 0, ZoneOffset.ofHours(2)),
            LocalDate.of(1999, 12, 31));
    assertThat(HexFormat.of().formatHex(b, 19, b.length - 2))
        .isEqualTo(
            "0003"
                + "00000008"
                + "0000000000000001"
                + "00000008"
                + "0000000000000000"
                + "00000004"
                + "ffffffff");
  }

  @Test
  void leavesToTheTextFormatWhatHasNoExactBinaryForm() {
    assertThat(encode(List.of("float8"), 0.1f)).as("a Float into float8 would widen").isNull();
    assertThat(encode(List.of("int4"), 1L)).as("a Long into int4").isNull();
    assertThat(encode(List.of("timestamptz"), LocalDateTime.of(2024, 1, 1, 0, 0)))
        .as("session time zone")
        .isNull();
    assertThat(encode(List.of("timestamp"), LocalDateTime.of(2024, 1, 1, 0, 0, 0, 1)))
        .as("below a microsecond")
        .isNull();
    assertThat(encode(List.of("timestamp"), LocalDateTime.MAX)).as("infinity").isNull();
    assertThat(encode(List.of("numeric"), "1.5")).as("a string into numeric").isNull();
    assertThat(CopyBinary.encoders(List.of("int8", "jsonb")))
        .as("a type without an encoder")
        .isNull();
    assertThat(
            encode(
                List.of("numeric", "int8"), new BigDecimal("-12345678901234567890.1234567890"), 7))
        .as("an Integer into int8, a BigDecimal into numeric")
        .isNotNull();
  }
}
