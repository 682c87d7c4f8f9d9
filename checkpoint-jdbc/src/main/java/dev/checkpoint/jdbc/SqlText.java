package dev.checkpoint.jdbc;

import java.util.Locale;

/** The little this module needs to know about the text of a user's query. */
final class SqlText {
  private SqlText() {}

  /** The query without trailing semicolons and blanks, so it can be wrapped. */
  static String stripTrailingSemicolons(String sql) {
    int end = sql.length();
    while (end > 0 && (sql.charAt(end - 1) == ';' || Character.isWhitespace(sql.charAt(end - 1)))) {
      end--;
    }
    if (end == 0) {
      throw new IllegalArgumentException("query must not be empty, was \"" + sql + "\"");
    }
    return sql.substring(0, end);
  }

  /**
   * Whether the query ends in an ORDER BY of its own: the words ORDER BY outside parentheses,
   * string literals, quoted identifiers and comments.
   */
  static boolean hasTopLevelOrderBy(String sql, Dialect d) {
    boolean mysql = d == Dialect.MYSQL;
    int depth = 0;
    boolean sawOrder = false;
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        i = skipQuoted(sql, i, c, mysql);
        sawOrder = false;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-' || c == '#' && mysql) {
        int eol = sql.indexOf('\n', i);
        i = eol < 0 ? n : eol + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int close = sql.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
      } else if (c == '$' && !mysql && dollarTagEnd(sql, i) > 0) {
        int tagEnd = dollarTagEnd(sql, i);
        String tag = sql.substring(i, tagEnd);
        int close = sql.indexOf(tag, tagEnd);
        i = close < 0 ? n : close + tag.length();
        sawOrder = false;
      } else if (c == '(') {
        depth++;
        i++;
        sawOrder = false;
      } else if (c == ')') {
        depth--;
        i++;
        sawOrder = false;
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < n
            && (Character.isLetterOrDigit(sql.charAt(i))
                || sql.charAt(i) == '_'
                || sql.charAt(i) == '$')) {
          i++;
        }
        String word = sql.substring(start, i).toUpperCase(Locale.ROOT);
        if (depth == 0 && sawOrder && word.equals("BY")) {
          return true;
        }
        sawOrder = depth == 0 && word.equals("ORDER");
      } else if (Character.isWhitespace(c)) {
        i++;
      } else {
        i++;
        sawOrder = false;
      }
    }
    return false;
  }

  private static int skipQuoted(String sql, int i, char q, boolean mysql) {
    int j = i + 1;
    while (j < sql.length()) {
      char c = sql.charAt(j);
      if (c == '\\' && q == '\'' && mysql) {
        j += 2; // MySQL's escapes; PostgreSQL's standard strings take a backslash literally
        continue;
      }
      if (c == q) {
        if (j + 1 < sql.length() && sql.charAt(j + 1) == q) {
          j += 2;
          continue;
        }
        return j + 1;
      }
      j++;
    }
    return j;
  }

  /** The end of a PostgreSQL dollar-quote tag ({@code $$} or {@code $tag$}) at i, or -1. */
  private static int dollarTagEnd(String sql, int i) {
    if (i > 0 && (Character.isLetterOrDigit(sql.charAt(i - 1)) || sql.charAt(i - 1) == '_')) {
      return -1; // part of an identifier such as a$b
    }
    int j = i + 1;
    while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
      j++;
    }
    return j < sql.length()
            && sql.charAt(j) == '$'
            && (j == i + 1 || !Character.isDigit(sql.charAt(i + 1)))
        ? j + 1
        : -1;
  }
}
