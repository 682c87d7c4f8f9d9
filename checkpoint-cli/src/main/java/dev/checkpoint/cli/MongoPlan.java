package dev.checkpoint.cli;

import com.mongodb.client.MongoClient;
import dev.checkpoint.ConfigException;
import dev.checkpoint.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bson.Document;

/**
 * The collections of a MongoDB copy: the source collections the filter selects, in database then
 * collection order, each with its routed target. Views and {@code system.*} collections are never
 * copied, nor are the server's own databases. A target collection need not exist: the first write
 * creates it.
 */
final class MongoPlan {
  private static final Set<String> SYSTEM_DATABASES = Set.of("admin", "local", "config");

  /** One collection: where it comes from and where it goes. */
  record Collection(TableRef source, String targetDb, String targetCollection) {
    String sourceName() {
      return source.schema() + "." + source.table();
    }

    String targetName() {
      return targetDb + "." + targetCollection;
    }
  }

  private MongoPlan() {}

  /**
   * @param skipDb a database never copied (the position collection's), or null
   * @param sameServer whether source and target are one server: a collection routed onto itself is
   *     then refused
   * @throws ConfigException for a filter entry that matches nothing, or a collection copied onto
   *     itself
   */
  static List<Collection> discover(
      CopyConfig config, MongoClient source, String skipDb, boolean sameServer) {
    List<String> databases = new ArrayList<>();
    source.listDatabaseNames().into(databases);
    databases.sort(null);
    List<String[]> seen = new ArrayList<>();
    List<Collection> out = new ArrayList<>();
    for (String db : databases) {
      if (SYSTEM_DATABASES.contains(db) || db.equals(skipDb) || !config.filter.mayHaveTables(db)) {
        continue;
      }
      List<String> names = new ArrayList<>();
      for (Document c : source.getDatabase(db).listCollections()) {
        String name = c.getString("name");
        String type = c.getString("type");
        if (name.startsWith("system.") || (type != null && !type.equals("collection"))) {
          continue;
        }
        names.add(name);
      }
      names.sort(null);
      for (String name : names) {
        seen.add(new String[] {db, name});
        if (config.filter.selects(db, name)) {
          String[] to = config.router.route(db, name);
          if (sameServer && to[0].equals(db) && to[1].equals(name)) {
            throw new ConfigException(
                db
                    + "."
                    + name
                    + " would be copied onto itself: source and target are the same server; map it"
                    + " elsewhere with [router] db_map or tb_map");
          }
          out.add(new Collection(TableRef.of("mongo", db, name), to[0], to[1]));
        }
      }
    }
    config.filter.requireEveryEntryMatches(seen, databases);
    return out;
  }
}
