package dev.checkpoint.cli;

import dev.checkpoint.ConfigException;
import dev.checkpoint.cli.NameTokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ape-dts's {@code [filter]}: a table is copied when {@code do_dbs} names its database or {@code
 * do_tbs} names it, and neither {@code ignore_dbs} nor {@code ignore_tbs} does (ignore wins). Empty
 * lists match nothing, as in ape-dts: a task without {@code do_dbs} or {@code do_tbs} selects no
 * table.
 */
final class TableFilter {
  private final List<Token> doDbs;
  private final List<Token> ignoreDbs;
  private final List<List<Token>> doTbs;
  private final List<List<Token>> ignoreTbs;

  private TableFilter(
      List<Token> doDbs,
      List<Token> ignoreDbs,
      List<List<Token>> doTbs,
      List<List<Token>> ignoreTbs) {
    this.doDbs = doDbs;
    this.ignoreDbs = ignoreDbs;
    this.doTbs = doTbs;
    this.ignoreTbs = ignoreTbs;
  }

  /**
   * @param settings the task's {@code section.key -> value}
   * @param dbType the source's db_type, whose quote character marks exact names
   */
  static TableFilter parse(Map<String, String> settings, String dbType) {
    return new TableFilter(
        names(settings, "do_dbs", dbType),
        names(settings, "ignore_dbs", dbType),
        tables(settings, "do_tbs", dbType),
        tables(settings, "ignore_tbs", dbType));
  }

  private static List<Token> names(Map<String, String> settings, String key, String dbType) {
    String where = "[filter] " + key;
    List<Token> out = new ArrayList<>();
    for (List<Token> e :
        NameTokens.entries(
            where, NameTokens.parse(where, settings.get("filter." + key), dbType, ",."), "db")) {
      out.add(e.get(0));
    }
    return out;
  }

  private static List<List<Token>> tables(Map<String, String> settings, String key, String dbType) {
    String where = "[filter] " + key;
    return NameTokens.entries(
        where, NameTokens.parse(where, settings.get("filter." + key), dbType, ",."), "db.tb", ".");
  }

  /** Whether any do_ list is set: without one, nothing is selected. */
  boolean selectsAnything() {
    return !doDbs.isEmpty() || !doTbs.isEmpty();
  }

  /** Whether tables of this database may be selected: worth listing its tables. */
  boolean mayHaveTables(String db) {
    if (ignoreDbs.stream().anyMatch(t -> t.matches(db))) {
      return false;
    }
    return doDbs.stream().anyMatch(t -> t.matches(db))
        || doTbs.stream().anyMatch(e -> e.get(0).matches(db));
  }

  boolean selects(String db, String tb) {
    boolean ignored =
        ignoreDbs.stream().anyMatch(t -> t.matches(db))
            || ignoreTbs.stream().anyMatch(e -> e.get(0).matches(db) && e.get(1).matches(tb));
    boolean wanted =
        doDbs.stream().anyMatch(t -> t.matches(db))
            || doTbs.stream().anyMatch(e -> e.get(0).matches(db) && e.get(1).matches(tb));
    return wanted && !ignored;
  }

  /**
   * The do_ entries that match no table of the source: a typo would otherwise copy nothing of what
   * was meant, silently.
   *
   * @param tables every (database, table) of the source the filter was applied to
   * @throws ConfigException naming the first such entry
   */
  void requireEveryEntryMatches(List<String[]> tables, List<String> databases) {
    for (Token t : doDbs) {
      if (databases.stream().noneMatch(t::matches)) {
        throw new ConfigException(
            "[filter] do_dbs entry "
                + t
                + " matches no database of the source (its databases: "
                + String.join(", ", databases.stream().limit(20).toList())
                + ")");
      }
    }
    for (List<Token> e : doTbs) {
      if (tables.stream().noneMatch(n -> e.get(0).matches(n[0]) && e.get(1).matches(n[1]))) {
        throw new ConfigException(
            "[filter] do_tbs entry "
                + e.get(0)
                + "."
                + e.get(1)
                + " matches no table of the source");
      }
    }
  }
}
