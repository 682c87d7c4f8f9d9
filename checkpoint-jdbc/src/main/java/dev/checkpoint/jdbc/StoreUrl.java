package dev.checkpoint.jdbc;

import dev.checkpoint.TaskIds;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A database URL as a user gives it, split into a JDBC URL without credentials and the user and
 * password it carried. Accepts {@code jdbc:} URLs and the seeds' {@code
 * mysql://user:pass@host:3306} and {@code postgres://user:pass@host:5432/db} forms. Credentials go
 * to the pool as properties, never inside a URL that a pool or driver might log.
 */
record StoreUrl(String jdbcUrl, Optional<String> user, Optional<String> password) {

  static StoreUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("url must not be blank, was \"" + url + "\"");
    }
    String u = url.strip();
    String jdbc;
    if (u.regionMatches(true, 0, "jdbc:", 0, 5)) {
      jdbc = u;
    } else {
      int scheme = u.indexOf("://");
      String name = scheme < 0 ? "" : u.substring(0, scheme).toLowerCase(Locale.ROOT);
      String rest = scheme < 0 ? "" : u.substring(scheme);
      switch (name) {
        case "mysql":
          jdbc = "jdbc:mysql" + rest;
          break;
        case "postgres":
        case "postgresql":
        case "pg":
          jdbc = "jdbc:postgresql" + rest;
          break;
        default:
          throw new IllegalArgumentException(
              "url must start with jdbc:, mysql:// or postgres://, was \""
                  + TaskIds.stripSecrets(u)
                  + "\"");
      }
    }
    int start = jdbc.indexOf("://");
    if (start < 0) {
      return new StoreUrl(jdbc, Optional.empty(), Optional.empty());
    }
    start += 3;
    int end = start;
    while (end < jdbc.length() && jdbc.charAt(end) != '/' && jdbc.charAt(end) != '?') {
      end++;
    }
    int at = jdbc.lastIndexOf('@', end - 1);
    if (at < start) {
      return new StoreUrl(jdbc, Optional.empty(), Optional.empty());
    }
    String userInfo = jdbc.substring(start, at);
    String stripped = jdbc.substring(0, start) + jdbc.substring(at + 1);
    int colon = userInfo.indexOf(':');
    String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
    String password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
    return new StoreUrl(
        stripped,
        user.isEmpty() ? Optional.empty() : Optional.of(user),
        Optional.ofNullable(password));
  }

  /** The dialect the URL's scheme names, if it names one this module speaks. */
  Optional<Dialect> dialect() {
    String lower = jdbcUrl.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:mysql:") || lower.startsWith("jdbc:mariadb:")) {
      return Optional.of(Dialect.MYSQL);
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      return Optional.of(Dialect.POSTGRES);
    }
    return Optional.empty();
  }

  /** The URL as messages may show it: no user info, no password or user parameters. */
  String display() {
    return TaskIds.stripSecrets(jdbcUrl);
  }

  @Override
  public String toString() {
    return display();
  }

  /** Percent-decoding without {@code URLDecoder}'s "+ is a space" rule, which URLs do not have. */
  private static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < s.length()) {
      if (s.charAt(i) == '%' && isHex(s, i + 1) && isHex(s, i + 2)) {
        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 3;
      } else {
        int cp = s.codePointAt(i);
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        i += Character.charCount(cp);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(String s, int i) {
    return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
  }
}
