package dev.checkpoint.jdbc;

import java.nio.charset.StandardCharsets;

/**
 * A position table's {@code table_full_name}: the MySQL database or PostgreSQL schema, a dot, and
 * the table. Exactly one dot, so the split is never a guess.
 */
record StoreTableName(String schema, String table) {

  static StoreTableName parse(String fullName) {
    if (fullName == null) {
      throw new IllegalArgumentException("tableFullName must not be null");
    }
    int dot = fullName.indexOf('.');
    if (dot <= 0 || dot == fullName.length() - 1 || fullName.indexOf('.', dot + 1) >= 0) {
      throw new IllegalArgumentException(
          "tableFullName must be <database or schema>.<table> with exactly one dot, was \""
              + fullName
              + "\"");
    }
    return new StoreTableName(fullName.substring(0, dot), fullName.substring(dot + 1));
  }

  String fullName() {
    return schema + "." + table;
  }

  /**
   * Rejects names the database would refuse or, worse, silently truncate (PostgreSQL cuts
   * identifiers at 63 bytes, after which the existence check would never find the table).
   */
  void checkLength(Dialect dialect) {
    for (String part : new String[] {schema, table}) {
      boolean tooLong =
          dialect == Dialect.MYSQL
              ? part.codePointCount(0, part.length()) > 64
              : part.getBytes(StandardCharsets.UTF_8).length > 63;
      if (tooLong) {
        throw new IllegalArgumentException(
            "tableFullName part \""
                + part
                + "\" is longer than "
                + (dialect == Dialect.MYSQL ? "64 characters (MySQL)" : "63 bytes (PostgreSQL)")
                + ", was \""
                + fullName()
                + "\"");
      }
    }
  }

  @Override
  public String toString() {
    return fullName();
  }
}
