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
