package dev.checkpoint.cli;

import dev.checkpoint.ConfigException;
import dev.checkpoint.TaskIds;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A database URL of a copy task, as ape-dts writes it ({@code mysql://user:pass@host:3306}, {@code
 * postgres://user:pass@host:5432/db}, {@code mongodb://...}) or as a JDBC URL. The credentials are
 * taken out of the URL so that no message can print them.
 *
 * @param dbType {@code mysql}, {@code pg} or {@code mongo}
 * @param url the JDBC URL without user info (or the MongoDB URI, credentials included: the driver
 *     needs them there; {@link #display()} strips them)
 * @param user the user, if the URL or the section names one
 * @param password the password, if given
 */
record DbUrl(String dbType, String url, Optional<String> user, Optional<String> password) {

  /**
   * @param section the INI section, for messages
   * @param dbType the section's {@code db_type}
   * @param raw the section's {@code url}
   * @throws ConfigException for a URL of another database type, or one this command cannot read
   */
  static DbUrl parse(String section, String dbType, String raw) {
    if (raw == null || raw.isBlank()) {
      throw new ConfigException("[" + section + "] url is required");
    }
    String u = raw.strip();
    String lower = u.toLowerCase(Locale.ROOT);
    if (dbType.equals("mongo")) {
      if (!lower.startsWith("mongodb://") && !lower.startsWith("mongodb+srv://")) {
        throw bad(section, u, "db_type=mongo needs a mongodb:// URL");
      }
      if (!lower.startsWith("mongodb+srv://")) {
        // the driver's own parser: a bad host, port or option is named before anything connects
        try {
          new com.mongodb.ConnectionString(u);
        } catch (IllegalArgumentException e) {
          throw bad(section, u, TaskIds.stripSecrets(String.valueOf(e.getMessage())));
        }
      }
      return new DbUrl(dbType, u, Optional.empty(), Optional.empty());
    }
    String jdbc;
    boolean apeForm;
    if (lower.startsWith("jdbc:")) {
      jdbc = u;
      apeForm = false;
    } else if (lower.startsWith("mysql://")) {
      jdbc = "jdbc:mysql" + u.substring(5);
      apeForm = true;
    } else if (lower.startsWith("postgres://") || lower.startsWith("postgresql://")) {
      jdbc = "jdbc:postgresql" + u.substring(u.indexOf("://"));
      apeForm = true;
    } else {
      throw bad(
          section,
          u,
          "expected mysql://user:pass@host:port, postgres://user:pass@host:port/db or a jdbc: URL");
    }
    String jdbcLower = jdbc.toLowerCase(Locale.ROOT);
    boolean mysql = jdbcLower.startsWith("jdbc:mysql:") || jdbcLower.startsWith("jdbc:mariadb:");
    boolean pg = jdbcLower.startsWith("jdbc:postgresql:");
    if (!mysql && !pg) {
      throw bad(section, u, "only MySQL/MariaDB and PostgreSQL JDBC URLs are supported");
    }
    if (mysql != dbType.equals("mysql")) {
      throw bad(section, u, "the URL is not one of db_type=" + dbType);
    }
    int start = jdbc.indexOf("://");
    if (start < 0) {
      throw bad(section, u, "no host in the URL");
    }
    start += 3;
    int end = start;
    while (end < jdbc.length() && jdbc.charAt(end) != '/' && jdbc.charAt(end) != '?') {
      end++;
    }
    if (end == start) {
      throw bad(section, u, "no host in the URL");
    }
    int at = jdbc.lastIndexOf('@', end - 1);
    String user = null;
    String password = null;
    if (at >= start) {
      String userInfo = jdbc.substring(start, at);
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
      jdbc = jdbc.substring(0, start) + jdbc.substring(at + 1);
      end -= at + 1 - start;
    }
    String hostPort = jdbc.substring(start, end);
    int colon = hostPort.lastIndexOf(':');
    if (colon >= 0 && !hostPort.endsWith("]")) {
      String port = hostPort.substring(colon + 1);
      if (port.isEmpty() || !port.chars().allMatch(Character::isDigit)) {
        throw bad(section, u, "the port \"" + port + "\" is not a number");
      }
    }
    if (apeForm) {
      jdbc = translateQuery(section, u, jdbc, mysql);
    }
    return new DbUrl(
        dbType,
        jdbc,
        user == null || user.isEmpty() ? Optional.empty() : Optional.of(user),
        Optional.ofNullable(password));
  }

  /**
   * ape-dts's URL parameters are its drivers' (sqlx, tokio-postgres): the SSL mode is the one both
   * sides share; any other is refused rather than passed to a JDBC driver that may ignore it.
   */
  private static String translateQuery(String section, String raw, String jdbc, boolean mysql) {
    int q = jdbc.indexOf('?');
    if (q < 0) {
      return jdbc;
    }
    List<String> out = new ArrayList<>();
    for (String param : jdbc.substring(q + 1).split("&")) {
      if (param.isEmpty()) {
        continue;
      }
      int eq = param.indexOf('=');
      String name = eq < 0 ? param : param.substring(0, eq);
      String value = eq < 0 ? "" : param.substring(eq + 1);
      if (mysql && (name.equals("ssl-mode") || name.equals("sslmode") || name.equals("sslMode"))) {
        out.add("sslMode=" + value.toUpperCase(Locale.ROOT).replace('-', '_'));
      } else if (!mysql && name.equals("sslmode")) {
        out.add("sslmode=" + value.toLowerCase(Locale.ROOT));
      } else {
        throw bad(
            section,
            raw,
            "URL parameter \""
                + name
                + "\" is not supported (only "
                + (mysql ? "ssl-mode" : "sslmode")
                + "); give a jdbc: URL to pass driver settings");
      }
    }
    String base = jdbc.substring(0, q);
    return out.isEmpty() ? base : base + "?" + String.join("&", out);
  }

  /** The URL for messages: no credentials. */
  String display() {
    return TaskIds.stripSecrets(url);
  }

  @Override
  public String toString() {
    return display();
  }

  private static ConfigException bad(String section, String url, String why) {
    return new ConfigException(
        "[" + section + "] url \"" + TaskIds.stripSecrets(url) + "\" is not valid: " + why);
  }

  /** Percent-decoding without {@code URLDecoder}'s "+ is a space" rule, which URLs do not have. */
  private static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < s.length()) {
      if (s.charAt(i) == '%'
          && i + 2 < s.length()
          && Character.digit(s.charAt(i + 1), 16) >= 0
          && Character.digit(s.charAt(i + 2), 16) >= 0) {
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
}
