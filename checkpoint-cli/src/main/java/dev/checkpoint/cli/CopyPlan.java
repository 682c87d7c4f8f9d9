package dev.checkpoint.cli;

import dev.checkpoint.CheckpointException;
import dev.checkpoint.ConfigException;
import dev.checkpoint.TableRef;
import dev.checkpoint.jdbc.Dialect;
import dev.checkpoint.jdbc.JdbcTables;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The tables of a copy: the source tables the filter selects, in database then table order, each
 * with its routed target and the target's primary key. Every target must exist: the target schema
 * is created beforehand, as for an ape-dts snapshot task.
 */
final class CopyPlan {
  private static final Set<String> SYSTEM_SCHEMAS =
      Set.of("information_schema", "mysql", "performance_schema", "sys", "pg_catalog", "pg_toast");

  /** One table: where it comes from, where it goes, and the target's key (empty: none). */
  record Table(TableRef source, String targetSchema, String targetTable, List<String> targetKey) {
    String sourceName() {
      return source.schema() + "." + source.table();
    }

    String targetName() {
      return targetSchema + "." + targetTable;
    }
  }

  private CopyPlan() {}

  /**
   * @param skipSchema a schema never copied (the position table's), or null
   * @throws ConfigException for a filter entry that matches nothing, or missing targets
   * @throws CheckpointException if a database cannot be read
   */
  static List<Table> discover(
      CopyConfig config, DataSource source, DataSource target, String skipSchema) {
    List<String> databases = databases(source);
    List<String[]> seen = new ArrayList<>();
    List<TableRef> selected = new ArrayList<>();
    for (String db : databases) {
      if (SYSTEM_SCHEMAS.contains(db)
          || db.startsWith("pg_temp_")
          || db.startsWith("pg_toast_temp_")
          || db.equals(skipSchema)
          || !config.filter.mayHaveTables(db)) {
        continue;
      }
      for (TableRef t : JdbcTables.discover(source, db).dbType(config.source.dbType()).list()) {
        seen.add(new String[] {db, t.table()});
        if (config.filter.selects(db, t.table())) {
          selected.add(t);
        }
      }
    }
    config.filter.requireEveryEntryMatches(seen, databases);
    List<Table> out = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    try (Connection c = target.getConnection()) {
      Dialect d = Dialect.detect(c);
      for (TableRef t : selected) {
        String[] to = config.router.route(t.schema(), t.table());
        if (!exists(c, d, to[0], to[1])) {
          missing.add(t.schema() + "." + t.table() + " -> " + to[0] + "." + to[1]);
          continue;
        }
        out.add(new Table(t, to[0], to[1], primaryKey(c, d, to[0], to[1])));
      }
    } catch (SQLException e) {
      throw new CheckpointException("cannot read the target's tables: " + e.getMessage(), e);
    }
    if (!missing.isEmpty()) {
      throw new ConfigException(
          missing.size()
              + " target table(s) do not exist; create the target schema first (as for an ape-dts"
              + " snapshot task): "
              + String.join(", ", missing.stream().limit(20).toList()));
    }
    return out;
  }

  private static List<String> databases(DataSource ds) {
    List<String> out = new ArrayList<>();
    try (Connection c = ds.getConnection()) {
      Dialect d = Dialect.detect(c);
      DatabaseMetaData md = c.getMetaData();
      try (ResultSet rs = d == Dialect.MYSQL ? md.getCatalogs() : md.getSchemas()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new CheckpointException("cannot list the source's databases: " + e.getMessage(), e);
    }
    out.sort(null);
    return out;
  }

  private static boolean exists(Connection c, Dialect d, String schema, String table) {
    try (Statement s = c.createStatement()) {
      s.executeQuery("SELECT * FROM " + d.qualified(schema, table) + " WHERE 1 = 0").close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private static List<String> primaryKey(Connection c, Dialect d, String schema, String table)
      throws SQLException {
    List<String[]> cols = new ArrayList<>();
    DatabaseMetaData md = c.getMetaData();
    try (ResultSet rs =
        d == Dialect.MYSQL
            ? md.getPrimaryKeys(schema, null, table)
            : md.getPrimaryKeys(null, schema, table)) {
      while (rs.next()) {
        cols.add(new String[] {rs.getString("COLUMN_NAME"), rs.getString("KEY_SEQ")});
      }
    }
    cols.sort((a, b) -> Integer.parseInt(a[1]) - Integer.parseInt(b[1]));
    return cols.stream().map(a -> a[0]).toList();
  }
}
