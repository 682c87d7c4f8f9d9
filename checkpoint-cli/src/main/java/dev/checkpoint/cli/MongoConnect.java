package dev.checkpoint.cli;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.connection.ClusterConnectionMode;
import dev.checkpoint.ConfigException;
import dev.checkpoint.TaskIds;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * The MongoDB client of a copy task's {@code [extractor]} or {@code [sinker]}: its {@code url}, and
 * the keys ape-dts reads for MongoDB beside it ({@code app_name}, {@code is_direct_connection},
 * {@code connection_timeout_secs}, {@code max_connections}). The client is pinged once, so an
 * unreachable server is a configuration error before anything is read.
 */
final class MongoConnect {
  /** ape-dts's default {@code app_name}, which names the connections on the server. */
  static final String DEFAULT_APP_NAME = "APE_DTS";

  private MongoConnect() {}

  /**
   * @param section {@code extractor} or {@code sinker}
   * @param url the section's URL
   * @param settings the task's {@code section.key -> value}
   * @return a connected client; the caller closes it
   * @throws ConfigException for a bad setting or a server that does not answer
   */
  static MongoClient open(String section, DbUrl url, Map<String, String> settings) {
    MongoClientSettings.Builder b =
        MongoClientSettings.builder().applyConnectionString(new ConnectionString(url.url()));
    String app = settings.get(section + ".app_name");
    b.applicationName(app == null || app.isEmpty() ? DEFAULT_APP_NAME : app);
    String direct = settings.get(section + ".is_direct_connection");
    if (direct != null && !direct.isEmpty()) {
      boolean single = bool(section, "is_direct_connection", direct);
      b.applyToClusterSettings(
          c -> c.mode(single ? ClusterConnectionMode.SINGLE : ClusterConnectionMode.MULTIPLE));
    }
    int timeout = positive(settings, section, "connection_timeout_secs");
    if (timeout > 0) {
      b.applyToSocketSettings(s -> s.connectTimeout(timeout, TimeUnit.SECONDS));
      b.applyToClusterSettings(c -> c.serverSelectionTimeout(timeout, TimeUnit.SECONDS));
    }
    int pool = positive(settings, section, "max_connections");
    if (pool > 0) {
      b.applyToConnectionPoolSettings(p -> p.maxSize(pool));
    }
    MongoClient client;
    try {
      client = MongoClients.create(b.build());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ConfigException(
          "[" + section + "] " + url.display() + ": " + TaskIds.stripSecrets(e.getMessage()), e);
    }
    try {
      client.getDatabase("admin").runCommand(new Document("ping", 1));
      return client;
    } catch (RuntimeException e) {
      client.close();
      throw new ConfigException(
          "cannot connect to the "
              + (section.equals("extractor") ? "source " : "target ")
              + url.display()
              + ": "
              + TaskIds.stripSecrets(String.valueOf(e.getMessage())),
          e);
    }
  }

  private static boolean bool(String section, String key, String v) {
    return switch (v.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new ConfigException(
              "[" + section + "] " + key + " must be true or false, was \"" + v + "\"");
    };
  }

  private static int positive(Map<String, String> settings, String section, String key) {
    String v = settings.get(section + "." + key);
    if (v == null || v.isEmpty()) {
      return 0;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(
        "[" + section + "] " + key + " must be a whole number > 0, was \"" + v + "\"");
  }
}
