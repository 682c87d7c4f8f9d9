package dev.checkpoint.cli;

import dev.checkpoint.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * ape-dts's name lists ({@code [filter]} and {@code [router]} values): tokens separated by {@code
 * ,} and {@code .} (and {@code :} in maps); a token enclosed in the database's quote character
 * ({@code `} for MySQL, {@code "} for PostgreSQL; none for MongoDB) is one exact name that may hold
 * any character; {@code r#...#} is a raw regular expression; any other token is a pattern where
 * {@code *} matches any run of characters and {@code ?} zero or one character.
 */
final class NameTokens {
  private NameTokens() {}

  /** One name or pattern of a list. */
  record Token(String text, Pattern pattern, boolean exact) {
    boolean matches(String name) {
      return pattern.matcher(name).matches();
    }

    /** The name an exact or plain token stands for (quotes removed). */
    String name() {
      return exact ? text.substring(1, text.length() - 1) : text;
    }

    boolean hasWildcard() {
      return !exact && (text.contains("*") || text.contains("?") || text.startsWith("r#"));
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** The quote character of a db_type's names, or 0 for none. */
  static char quoteOf(String dbType) {
    return switch (dbType) {
      case "mysql" -> '`';
      case "pg" -> '"';
      default -> 0;
    };
  }

  /**
   * Splits a value into tokens.
   *
   * @param where {@code [filter] do_tbs} etc., for messages
   * @param delimiters the characters that separate tokens
   * @throws ConfigException for an unterminated quote or raw expression, or an empty token
   */
  static List<Token> parse(String where, String value, String dbType, String delimiters) {
    List<Token> out = new ArrayList<>();
    if (value == null || value.isBlank()) {
      return out;
    }
    char quote = quoteOf(dbType);
    String v = value.strip();
    int i = 0;
    while (true) {
      while (i < v.length() && v.charAt(i) == ' ') {
        i++;
      }
      int start = i;
      String text;
      if (i < v.length() && quote != 0 && v.charAt(i) == quote) {
        int close = v.indexOf(quote, i + 1);
        if (close < 0) {
          throw new ConfigException(where + ": unterminated " + quote + " in \"" + value + "\"");
        }
        i = close + 1;
        text = v.substring(start, i);
        if (text.length() == 2) {
          throw new ConfigException(where + ": empty quoted name in \"" + value + "\"");
        }
      } else if (v.startsWith("r#", i)) {
        int close = v.indexOf('#', i + 2);
        if (close < 0) {
          throw new ConfigException(
              where + ": unterminated r#...# expression in \"" + value + "\"");
        }
        i = close + 1;
        text = v.substring(start, i);
      } else {
        while (i < v.length() && delimiters.indexOf(v.charAt(i)) < 0) {
          i++;
        }
        text = v.substring(start, i).strip();
      }
      while (i < v.length() && v.charAt(i) == ' ') {
        i++;
      }
      if (text.isEmpty()) {
        throw new ConfigException(where + ": empty name in \"" + value + "\"");
      }
      out.add(token(where, text, quote));
      if (i >= v.length()) {
        return out;
      }
      char d = v.charAt(i);
      if (delimiters.indexOf(d) < 0) {
        throw new ConfigException(
            where + ": unexpected \"" + d + "\" after " + text + " in \"" + value + "\"");
      }
      out.add(new Token(String.valueOf(d), null, true));
      i++;
    }
  }

  private static Token token(String where, String text, char quote) {
    if (quote != 0 && text.length() >= 2 && text.charAt(0) == quote && text.endsWith("" + quote)) {
      return new Token(
          text, Pattern.compile(Pattern.quote(text.substring(1, text.length() - 1))), true);
    }
    if (text.startsWith("r#") && text.endsWith("#") && text.length() >= 3) {
      try {
        return new Token(text, Pattern.compile(text.substring(2, text.length() - 1)), false);
      } catch (PatternSyntaxException e) {
        throw new ConfigException(where + ": " + text + " is not a valid regular expression");
      }
    }
    StringBuilder re = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char ch : text.toCharArray()) {
      if (ch == '*' || ch == '?') {
        if (literal.length() > 0) {
          re.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        re.append(ch == '*' ? ".*" : ".?");
      } else {
        literal.append(ch);
      }
    }
    if (literal.length() > 0) {
      re.append(Pattern.quote(literal.toString()));
    }
    return new Token(text, Pattern.compile(re.toString(), Pattern.DOTALL), false);
  }

  /**
   * Groups a token list into its comma-separated entries, each of names joined by the given
   * delimiters: {@code db.tb,db2.tb2} with joiner {@code .} gives two entries of two names.
   *
   * @param shape how an entry looks, for messages ({@code db.tb})
   * @throws ConfigException naming an entry of another shape
   */
  static List<List<Token>> entries(
      String where, List<Token> tokens, String shape, String... joiners) {
    List<List<Token>> out = new ArrayList<>();
    if (tokens.isEmpty()) {
      return out;
    }
    List<Token> group = new ArrayList<>();
    for (int i = 0; i <= tokens.size(); i++) {
      Token t = i < tokens.size() ? tokens.get(i) : null;
      if (t != null && !(t.pattern() == null && t.text().equals(","))) {
        group.add(t);
        continue;
      }
      boolean ok = group.size() == 2 * joiners.length + 1;
      List<Token> names = new ArrayList<>();
      for (int k = 0; ok && k < group.size(); k++) {
        Token g = group.get(k);
        ok = k % 2 == 0 ? g.pattern() != null : g.text().equals(joiners[k / 2]);
        if (k % 2 == 0) {
          names.add(g);
        }
      }
      if (!ok) {
        StringBuilder text = new StringBuilder();
        group.forEach(g -> text.append(g.text()));
        throw new ConfigException(
            where + ": each entry must be " + shape + ", was \"" + text + "\"");
      }
      out.add(names);
      group = new ArrayList<>();
    }
    return out;
  }
}
