package dev.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Derives a stable task id from a job's configuration when none is configured.
 *
 * <p>The id is a digest of the settings sorted by key, so the same configuration always gives the
 * same id and a different one (another source, another table list) a different id. Secrets never
 * enter it: keys naming a password, secret or token are left out, and the user and password of URLs
 * ({@code mysql://user:pass@host}, {@code ?password=}) are stripped first. Changing a password
 * therefore keeps the task id.
 */
public final class TaskIds {
  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i).*(password|passwd|pwd|secret|token|credential).*");
  private static final Pattern URL_USERINFO = Pattern.compile("(?<=://)[^/@]*@");
  private static final Pattern URL_SECRET_PARAM =
      Pattern.compile("(?i)([?&;](?:user|password|passwd|pwd|secret|token)=)[^&;]*");

  private TaskIds() {}

  /**
   * @param settings the job's settings, e.g. {@code resumer.url -> mysql://u:p@h:3306}
   * @return {@code task_} followed by 16 hex digits
   */
  public static String derive(Map<String, String> settings) {
    TreeMap<String, String> sorted = new TreeMap<>();
    settings.forEach(
        (k, v) -> {
          if (!SECRET_KEY.matcher(k).matches()) {
            sorted.put(k.toLowerCase(Locale.ROOT), stripSecrets(v == null ? "" : v));
          }
        });
    StringBuilder text = new StringBuilder();
    sorted.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return "task_" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Removes credentials from a URL-like value.
   *
   * @param value a URL or URL-like text, e.g. {@code mysql://user:pass@host:3306?password=x}
   * @return the value without user info and without the values of password-like parameters
   */
  public static String stripSecrets(String value) {
    String v = URL_USERINFO.matcher(value).replaceAll("");
    return URL_SECRET_PARAM.matcher(v).replaceAll("$1");
  }
}
