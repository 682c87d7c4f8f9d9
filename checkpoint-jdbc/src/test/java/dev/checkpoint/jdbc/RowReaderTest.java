package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whole-number columns keep the class {@code getObject} gives them, and are read with the typed
 * getter once a first value showed that class.
 */
class RowReaderTest {
  private final List<String> calls = new ArrayList<>();

  @Test
  void aWholeNumberColumnKeepsItsClassAndIsReadTypedAfterItsFirstValue() throws Exception {
    RowReader reader =
        new RowReader(
            List.of(
                new Column("id", 1, ColumnType.INTEGER, "BIGINT", false),
                new Column("n", 2, ColumnType.INTEGER, "INT", true),
                new Column("s", 3, ColumnType.STRING, "VARCHAR", true)));
    Object[][] rows = {{7L, null, "a"}, {8L, 3, "b"}, {9L, null, "c"}, {10L, 4, null}};
    ResultSet rs = result(rows);

    List<List<Object>> read = new ArrayList<>();
    while (rs.next()) {
      read.add(reader.read(rs).values());
    }

    assertThat(read)
        .containsExactly(
            java.util.Arrays.asList(7L, null, "a"),
            java.util.Arrays.asList(8L, 3, "b"),
            java.util.Arrays.asList(9L, null, "c"),
            java.util.Arrays.asList(10L, 4, null));
    assertThat(read.get(1).get(1)).isInstanceOf(Integer.class);
    assertThat(read.get(3).get(0)).isInstanceOf(Long.class);
    // id: getObject once, then getLong; n: getObject until its first non-null value, then getInt.
    assertThat(calls)
        .containsExactly(
            "getObject1",
            "getObject2",
            "getString3",
            "getLong1",
            "getObject2",
            "getString3",
            "getLong1",
            "getInt2",
            "getString3",
            "getLong1",
            "getInt2",
            "getString3");
  }

  /** A forward-only result over the rows, recording which getter read which column. */
  private ResultSet result(Object[][] rows) {
    int[] at = {-1};
    boolean[] lastNull = {false};
    return (ResultSet)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {ResultSet.class},
            (p, m, args) -> {
              String name = m.getName();
              if (name.equals("next")) {
                return ++at[0] < rows.length;
              }
              if (name.equals("wasNull")) {
                return lastNull[0];
              }
              int column = (Integer) args[0];
              Object v = rows[at[0]][column - 1];
              lastNull[0] = v == null;
              calls.add(name + column);
              switch (name) {
                case "getObject":
                case "getString":
                  return v;
                case "getLong":
                  return v == null ? 0L : ((Number) v).longValue();
                case "getInt":
                  return v == null ? 0 : ((Number) v).intValue();
                default:
                  throw new UnsupportedOperationException(name);
              }
            });
  }
}
