package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RowTest {
  private final Columns columns = new Columns(List.of("id", "p.k", "data"));

  @Test
  void valuesByIndexAndByNameShareOneColumnList() {
    Row a = new Row(columns, new Object[] {1L, "x", new byte[] {1, 2}});
    Row b = new Row(columns, new Object[] {2L, null, null});
    assertThat(a.get(0)).isEqualTo(1L);
    assertThat(a.get("p.k")).isEqualTo("x");
    assertThat(b.get("p.k")).isNull();
    assertThat(a.columns()).isSameAs(b.columns()).containsExactly("id", "p.k", "data");
    assertThat(a.toString()).isEqualTo("Row{id=1, p.k=x, data=0x0102}");
  }

  @Test
  void unknownColumnNamesTheColumnsThereAre() {
    Row a = new Row(columns, new Object[] {1L, "x", null});
    assertThatThrownBy(() -> a.get("pk"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no column \"pk\" in this row; columns are [id, p.k, data]");
  }

  @Test
  void rowsWithEqualBinaryValuesAreEqual() {
    assertThat(new Row(columns, new Object[] {1L, "x", new byte[] {1}}))
        .isEqualTo(new Row(columns, new Object[] {1L, "x", new byte[] {1}}))
        .hasSameHashCodeAs(new Row(columns, new Object[] {1L, "x", new byte[] {1}}));
  }
}
