package dev.checkpoint.jdbc;

import dev.checkpoint.CheckpointException;
import dev.checkpoint.TableRef;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The tables of a schema, from the database's metadata, for a multi-table run:
 *
 * <pre>{@code
 * List<TableRef> tables = JdbcTables.discover(ds, "shop").include("order*").exclude("tmp_*").list();
 * }</pre>
 *
 * Patterns are globs on the table name: {@code *} any run of characters, {@code ?} one character,
 * everything else literal and case-sensitive. Without {@code include} every table is included; a
 * table matching any {@code exclude} is left out. Tables come sorted by name, so a run's order (and
 * {@code startFrom}) is the same every time. Default types: {@code TABLE} (no views).
 */
public final class JdbcTables {
  private JdbcTables() {}

  /**
   * The tables of {@code schema}: the MySQL/MariaDB database, or the PostgreSQL schema.
   *
   * @param dataSource the database
   * @param schema the MySQL/MariaDB database or the PostgreSQL schema
   * @return a discovery to narrow with globs, then {@code list()}
   * @throws IllegalArgumentException if {@code schema} is empty
   */
  public static Discovery discover(DataSource dataSource, String schema) {
    return new Discovery(dataSource, schema);
  }

  /** Settings of one discovery; {@link #list()} reads the metadata. */
  public static final class Discovery {
    private final DataSource dataSource;
    private final String schema;
    private final List<Pattern> includes = new ArrayList<>();
    private final List<Pattern> excludes = new ArrayList<>();
    private final List<String> includeGlobs = new ArrayList<>();
    private String[] types = {"TABLE"};
    private String dbType;

    private Discovery(DataSource dataSource, String schema) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      if (schema == null || schema.isEmpty()) {
        throw new IllegalArgumentException(
            "schema must not be empty, was " + (schema == null ? "null" : "\"\""));
      }
      this.schema = schema;
    }

    /**
     * Keeps only tables whose name matches one of these globs (repeatable). Default: all.
     *
     * @param globs table name patterns: {@code *} any run of characters, {@code ?} one character
     * @return this discovery
     */
    public Discovery include(String... globs) {
      for (String g : globs) {
        includes.add(glob("include", g));
        includeGlobs.add(g);
      }
      return this;
    }

    /**
     * Leaves out tables whose name matches one of these globs (repeatable).
     *
     * @param globs table name patterns: {@code *} any run of characters, {@code ?} one character
     * @return this discovery
     */
    public Discovery exclude(String... globs) {
      for (String g : globs) {
        excludes.add(glob("exclude", g));
      }
      return this;
    }

    /**
     * The metadata table types to list, e.g. {@code "TABLE", "VIEW"}. Default {@code TABLE}.
     *
     * @param types the table types, as {@code DatabaseMetaData.getTables} names them
     * @return this discovery
     * @throws IllegalArgumentException if no type is given
     */
    public Discovery types(String... types) {
      if (types.length == 0) {
        throw new IllegalArgumentException("types must name at least one table type");
      }
      this.types = types.clone();
      return this;
    }

    /**
     * The {@code db_type} of the table references. Default: {@code mysql} for MySQL and MariaDB,
     * {@code pg} for PostgreSQL, as positions write it.
     *
     * @param dbType the db type written in the table references
     * @return this discovery
     * @throws IllegalArgumentException if it is empty
     */
    public Discovery dbType(String dbType) {
      if (dbType == null || dbType.isEmpty()) {
        throw new IllegalArgumentException("dbType must not be empty");
      }
      this.dbType = dbType;
      return this;
    }

    /**
     * @return the matching tables, sorted by name
     * @throws CheckpointException if the schema does not exist, or the metadata cannot be read
     */
    public List<TableRef> list() {
      try (Connection c = dataSource.getConnection()) {
        Dialect dialect = Dialect.detect(c);
        String type = dbType != null ? dbType : dialect == Dialect.MYSQL ? "mysql" : "pg";
        DatabaseMetaData md = c.getMetaData();
        List<TableRef> out = new ArrayList<>();
        String catalog = dialect.metadataCatalog(schema);
        String schemaArg = dialect.metadataSchema(schema);
        try (ResultSet rs =
            md.getTables(catalog, schemaArg == null ? null : escape(md, schemaArg), "%", types)) {
          while (rs.next()) {
            String owner =
                catalog != null ? rs.getString("TABLE_CAT") : rs.getString("TABLE_SCHEM");
            String name = rs.getString("TABLE_NAME");
            if (schema.equals(owner) && wanted(name)) {
              out.add(TableRef.of(type, schema, name));
            }
          }
        }
        if (out.isEmpty() && !exists(md, dialect)) {
          throw new CheckpointException(
              (dialect == Dialect.MYSQL ? "database \"" : "schema \"")
                  + schema
                  + "\" does not exist");
        }
        out.sort(Comparator.comparing(TableRef::table));
        return out;
      } catch (SQLException e) {
        throw new CheckpointException(
            "cannot list the tables of " + schema + ": " + e.getMessage(), e);
      }
    }

    private boolean wanted(String name) {
      boolean in = includes.isEmpty() || includes.stream().anyMatch(p -> p.matcher(name).matches());
      return in && excludes.stream().noneMatch(p -> p.matcher(name).matches());
    }

    private boolean exists(DatabaseMetaData md, Dialect dialect) throws SQLException {
      try (ResultSet rs = dialect == Dialect.MYSQL ? md.getCatalogs() : md.getSchemas()) {
        while (rs.next()) {
          if (schema.equals(rs.getString(1))) {
            return true;
          }
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return "JdbcTables.discover("
          + schema
          + ")"
          + (includeGlobs.isEmpty() ? "" : ".include" + includeGlobs);
    }
  }

  /** A metadata name pattern that matches only this name: {@code _} and {@code %} escaped. */
  private static String escape(DatabaseMetaData md, String name) throws SQLException {
    String esc = md.getSearchStringEscape();
    if (esc == null || esc.isEmpty()) {
      return name;
    }
    return name.replace(esc, esc + esc).replace("_", esc + "_").replace("%", esc + "%");
  }

  static Pattern glob(String what, String glob) {
    if (glob == null || glob.isEmpty()) {
      throw new IllegalArgumentException(
          what + " pattern must not be empty, was " + (glob == null ? "null" : "\"\""));
    }
    StringBuilder re = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char ch : glob.toCharArray()) {
      if (ch == '*' || ch == '?') {
        if (literal.length() > 0) {
          re.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        re.append(ch == '*' ? ".*" : ".");
      } else {
        literal.append(ch);
      }
    }
    if (literal.length() > 0) {
      re.append(Pattern.quote(literal.toString()));
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }
}
