package dev.checkpoint.jdbc;

/**
 * One column of the relation a source reads.
 *
 * @param name the column name (label) as the database reports it
 * @param index 1-based position in {@code SELECT *}
 * @param type how its values are read, encoded and bound
 * @param typeName the database's name for the type, for messages ({@code BIGINT UNSIGNED})
 * @param nullable whether it may hold NULL (unknown counts as nullable)
 */
record Column(String name, int index, ColumnType type, String typeName, boolean nullable) {
  /** {@code id (BIGINT)}, for messages. */
  String describe() {
    return name + " (" + typeName + ")";
  }
}
