package dev.checkpoint.cli;

import dev.checkpoint.ConfigException;
import dev.checkpoint.cli.NameTokens.Token;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ape-dts's {@code [router]}: {@code db_map=src_db:dst_db,...} renames databases (schemas), {@code
 * tb_map=src_db.src_tb:dst_db.dst_tb,...} renames single tables and wins over db_map. Names only,
 * no wildcards (as in ape-dts); quoted as in {@code [filter]}.
 */
final class Router {
  private final Map<String, String> dbMap;
  private final Map<List<String>, List<String>> tbMap;

  private Router(Map<String, String> dbMap, Map<List<String>, List<String>> tbMap) {
    this.dbMap = dbMap;
    this.tbMap = tbMap;
  }

  static Router parse(Map<String, String> settings, String dbType) {
    Map<String, String> dbs = new LinkedHashMap<>();
    String where = "[router] db_map";
    for (List<Token> e :
        NameTokens.entries(
            where,
            NameTokens.parse(where, settings.get("router.db_map"), dbType, ",:"),
            "db:db",
            ":")) {
      String from = name(where, e.get(0));
      if (dbs.put(from, name(where, e.get(1))) != null) {
        throw new ConfigException(where + ": database " + from + " is mapped twice");
      }
    }
    Map<List<String>, List<String>> tbs = new LinkedHashMap<>();
    where = "[router] tb_map";
    for (List<Token> e :
        NameTokens.entries(
            where,
            NameTokens.parse(where, settings.get("router.tb_map"), dbType, ",.:"),
            "db.tb:db.tb",
            ".",
            ":",
            ".")) {
      List<String> from = List.of(name(where, e.get(0)), name(where, e.get(1)));
      List<String> to = List.of(name(where, e.get(2)), name(where, e.get(3)));
      if (tbs.put(from, to) != null) {
        throw new ConfigException(
            where + ": table " + from.get(0) + "." + from.get(1) + " is mapped twice");
      }
    }
    return new Router(dbs, tbs);
  }

  private static String name(String where, Token t) {
    if (t.hasWildcard()) {
      throw new ConfigException(where + ": wildcards are not supported in maps, was " + t);
    }
    return t.name();
  }

  /** The target (schema, table) of a source table. */
  String[] route(String db, String tb) {
    List<String> mapped = tbMap.get(List.of(db, tb));
    if (mapped != null) {
      return new String[] {mapped.get(0), mapped.get(1)};
    }
    return new String[] {dbMap.getOrDefault(db, db), tb};
  }
}
