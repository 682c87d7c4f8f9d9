package dev.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatusJsonBindingTest {
  private static final TableRef T = TableRef.of("mysql", "shop", "orders");
  private static final Instant AT = Instant.parse("2025-12-16T14:30:00Z");

  @Test
  void aStatusBoundToAPositionRoundTripsWithBothCounts() {
    TableStatus s =
        new TableStatus(
            T,
            TableStatus.State.IN_PROGRESS,
            50_000,
            AT,
            AT,
            Duration.ofMinutes(5),
            null,
            "9f86d081884c7d65",
            49_700);
    String json = StatusJson.write(s);
    assertThat(json)
        .endsWith(",\"error\":null,\"at_position\":\"9f86d081884c7d65\",\"rows_before\":49700}");
    assertThat(StatusJson.read(json)).isEqualTo(s);
  }

  @Test
  void aStatusWithoutAPositionIsWrittenAsBeforeAndReadsWithRowsBeforeEqualToRows() {
    TableStatus s =
        new TableStatus(T, TableStatus.State.COMPLETED, 7, AT, AT, Duration.ofSeconds(2), null);
    String json = StatusJson.write(s);
    assertThat(json)
        .isEqualTo(
            "{\"type\":\"TableStatus\",\"db_type\":\"mysql\",\"schema\":\"shop\",\"tb\":\"orders\",\"status\":\"completed\","
                + "\"rows\":7,\"started_at\":\"2025-12-16T14:30:00Z\",\"updated_at\":\"2025-12-16T14:30:00Z\","
                + "\"duration_ms\":2000,\"error\":null}");
    TableStatus read = StatusJson.read(json);
    assertThat(read.atPosition()).isNull();
    assertThat(read.rowsBefore()).isEqualTo(7);
  }

  @Test
  void aBindingWithoutItsRowsBeforeOrWithMoreRowsBeforeThanRowsIsRefused() {
    String base =
        "{\"type\":\"TableStatus\",\"db_type\":\"mysql\",\"schema\":\"shop\",\"tb\":\"orders\",\"status\":\"in_progress\","
            + "\"rows\":10,\"started_at\":null,\"updated_at\":\"2025-12-16T14:30:00Z\",\"duration_ms\":0,\"error\":null,"
            + "\"at_position\":\"ab\"";
    assertThatThrownBy(() -> StatusJson.read(base + "}"))
        .isInstanceOf(InvalidPositionException.class)
        .hasMessageContaining("\"rows_before\" must be a whole number");
    assertThatThrownBy(() -> StatusJson.read(base + ",\"rows_before\":11}"))
        .isInstanceOf(InvalidPositionException.class)
        .hasMessageContaining("rowsBefore must be between 0 and rows (10), was 11");
  }
}
