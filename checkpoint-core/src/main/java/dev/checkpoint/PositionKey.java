package dev.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * The {@code position_key} a database store files a table under.
 *
 * <p>The seeds' system writes {@code schema-tb} and looks rows up by it, so that is what is written
 * whenever it is unambiguous: when the schema contains no {@code -} (then the first {@code -}
 * separates schema from table) and does not start with {@code [}. Otherwise the key is the JSON
 * array {@code ["schema","tb"]}, which cannot collide with the plain form (a plain key never starts
 * with {@code [}). Readers never parse the key: the table is read from {@code position_data}.
 */
public final class PositionKey {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The {@code resumer_type} of a table's position row. */
  public static final String SNAPSHOT_DOING = "SnapshotDoing";

  /** The {@code resumer_type} of a table's finished row. */
  public static final String SNAPSHOT_FINISHED = "SnapshotFinished";

  private PositionKey() {}

  /**
   * The {@code position_key} of the table.
   *
   * @param table the table
   * @return {@code schema-tb} when unambiguous, else the JSON array {@code ["schema","tb"]}
   */
  public static String of(TableRef table) {
    String schema = table.schema();
    if (schema.indexOf('-') < 0 && !schema.startsWith("[")) {
      return schema + "-" + table.table();
    }
    try {
      return JSON.writeValueAsString(List.of(schema, table.table()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
