package dev.checkpoint.jdbc;

import dev.checkpoint.StoreException;
import java.sql.SQLException;

/**
 * Turns a {@link SQLException} into a {@link StoreException} that says what failed on which
 * position table, and never carries the password: the store's own messages are scrubbed of it
 * (drivers do not echo passwords in theirs).
 */
final class StoreErrors {
  private final StoreStatements sql;
  private final String secret;

  StoreErrors(StoreStatements sql, String secret) {
    this.sql = sql;
    this.secret = secret == null || secret.isEmpty() ? null : secret;
  }

  StoreException wrap(String what, SQLException e) {
    StringBuilder m = new StringBuilder();
    m.append(what).append(" on position table ").append(sql.name).append(" failed: ");
    m.append(describe(e));
    if ("22001".equals(e.getSQLState())) {
      // The seeds' DDL: position_key varchar(255), position_data text, which MySQL/MariaDB cap at
      // 65,535 bytes (a task state may be up to 64 KiB by default).
      m.append("; a value is longer than its column holds (position_key: 255 characters;")
          .append(" position_data on MySQL/MariaDB: TEXT, 65,535 bytes): keep the task state under")
          .append(" that (Checkpointer.Builder.maxStateBytes) or widen the column (ALTER TABLE ")
          .append(sql.table)
          .append(" MODIFY position_data MEDIUMTEXT). Nothing of this write was stored");
    }
    if (sql.isPermissionDenied(e)) {
      m.append("; missing privilege: the store needs SELECT, INSERT, UPDATE and DELETE on ")
          .append(sql.table);
    }
    return new StoreException(scrub(m.toString()), e);
  }

  String scrub(String message) {
    return scrub(message, secret);
  }

  /**
   * The message without the password. URLs in the store's messages are shown through {@link
   * StoreUrl#display()} already; running URL stripping over free text would cut it apart (a
   * driver's {@code for user 'u'@'host'} looks like user info).
   */
  static String scrub(String message, String secret) {
    String m = message == null ? "" : message;
    return secret == null || secret.isEmpty() ? m : m.replace(secret, "****");
  }

  static String describe(SQLException e) {
    return e.getMessage() + " (SQLState " + e.getSQLState() + ", error " + e.getErrorCode() + ")";
  }
}
