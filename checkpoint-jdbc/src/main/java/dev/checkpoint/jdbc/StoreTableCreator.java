package dev.checkpoint.jdbc;

import dev.checkpoint.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the position table exists, safely when several processes start at once: check; if
 * missing, take a named/advisory lock, check again, create what is missing with {@code IF NOT
 * EXISTS}, and take "already exists" (from a creator that does not use the lock, such as the seeds'
 * system) as success. Only what is missing is created, so a user without CREATE works on a table
 * someone else made.
 */
final class StoreTableCreator {
  private static final Logger LOG = LoggerFactory.getLogger(StoreTableCreator.class);
  private static final int ATTEMPTS = 3;

  private final StoreStatements sql;
  private final StoreErrors errors;

  StoreTableCreator(StoreStatements sql, StoreErrors errors) {
    this.sql = sql;
    this.errors = errors;
  }

  void ensure(DataSource dataSource, boolean create) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      if (!exists(c, sql.tableExists(), sql.name.schema(), sql.name.table())) {
        if (!create) {
          throw new StoreException(
              "position table "
                  + sql.name
                  + " does not exist and table creation is off; create it with the DDL in"
                  + " docs/stores.md or let the store create it");
        }
        try {
          createUnderLock(c);
        } catch (SQLException e) {
          throw errors.wrap("creating the table", e);
        }
      }
      try (Statement s = c.createStatement()) {
        s.executeQuery(sql.probeColumns()).close();
      } catch (SQLException e) {
        throw errors.wrap(
            "checking that the table has the columns id, task_id, resumer_type, position_key,"
                + " position_data, created_at, updated_at",
            e);
      }
    } catch (SQLException e) {
      throw errors.wrap("connecting to check the table", e);
    }
  }

  private void createUnderLock(Connection c) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      c.setAutoCommit(false);
      try {
        lock(c);
        try {
          createMissing(c);
          c.commit();
          return;
        } finally {
          unlock(c);
        }
      } catch (SQLException e) {
        rollbackQuietly(c);
        if (!sql.isAlreadyExists(e) || attempt == ATTEMPTS) {
          throw e;
        }
        LOG.debug(
            "position table {}: lost a creation race ({}), checking again",
            sql.name,
            e.getMessage());
        if (exists(c, sql.tableExists(), sql.name.schema(), sql.name.table())) {
          return;
        }
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  private void createMissing(Connection c) throws SQLException {
    if (exists(c, sql.tableExists(), sql.name.schema(), sql.name.table())) {
      return;
    }
    if (!exists(c, sql.schemaExists(), sql.name.schema())) {
      execute(
          c,
          sql.createSchema(),
          "the " + sql.schemaWord() + " " + sql.dialect.quote(sql.name.schema()),
          sql.schemaPrivilege(c.getCatalog()));
      LOG.info("created {} {} for the position table", sql.schemaWord(), sql.name.schema());
    }
    execute(c, sql.createTable(), "the table", sql.tablePrivilege());
    LOG.info("created position table {}", sql.name);
  }

  private void execute(Connection c, String ddl, String what, StoreStatements.Privilege privilege)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(ddl);
    } catch (SQLException e) {
      if (sql.isPermissionDenied(e)) {
        rollbackQuietly(c);
        throw new StoreException(
            errors.scrub(
                "cannot create "
                    + what
                    + " for position table "
                    + sql.name
                    + ": missing privilege "
                    + privilege.what()
                    + " for user "
                    + c.getMetaData().getUserName()
                    + ". Grant it ("
                    + privilege.grant()
                    + "), or create the table beforehand with the DDL in docs/stores.md."
                    + " The database said: "
                    + StoreErrors.describe(e)),
            e);
      }
      throw e;
    }
  }

  private void lock(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.ddlLock())) {
      ps.setObject(1, sql.ddlLockKey());
      try (ResultSet rs = ps.executeQuery()) {
        // MySQL answers 0 on timeout and NULL on error; PostgreSQL's wait has no answer.
        if (sql.ddlUnlock() != null && (!rs.next() || rs.getInt(1) != 1)) {
          throw new StoreException(
              "timed out waiting for the lock that guards creating position table " + sql.name);
        }
      }
    }
  }

  private void unlock(Connection c) {
    if (sql.ddlUnlock() == null) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(sql.ddlUnlock())) {
      ps.setObject(1, sql.ddlLockKey());
      ps.executeQuery().close();
    } catch (SQLException e) {
      // The lock dies with the connection, which is closed right after.
      LOG.debug("releasing the creation lock of {} failed: {}", sql.name, e.getMessage());
    }
  }

  /**
   * Whether a row comes back whose columns equal the names exactly (catalogs may compare
   * case-insensitively).
   */
  private static boolean exists(Connection c, String query, String... names) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(query)) {
      for (int i = 0; i < names.length; i++) {
        ps.setString(i + 1, names[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          boolean same = true;
          for (int i = 0; i < names.length; i++) {
            same &= names[i].equals(rs.getString(i + 1));
          }
          if (same) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static void rollbackQuietly(Connection c) {
    try {
      if (!c.getAutoCommit()) {
        c.rollback();
      }
    } catch (SQLException ignored) {
      // the original failure is what the caller reports
    }
  }
}
