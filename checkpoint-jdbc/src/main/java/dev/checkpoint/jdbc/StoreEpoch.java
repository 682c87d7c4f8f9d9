package dev.checkpoint.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.checkpoint.StoreException;
import dev.checkpoint.TaskLockedException;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * A task's fencing epoch: one row of resumer_type {@value StoreStatements#TASK_LOCK}, advanced by
 * every open and checked by every write in the write's own transaction. The task lock refuses a
 * second live writer; the epoch stops a stale one (whose lock connection died and whose task was
 * taken over) from writing ever again, even through a caller's connection. The seeds' system skips
 * rows of resumer types it does not know, so the row is invisible to it.
 */
final class StoreEpoch {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OWNER = ProcessHandle.current().pid() + "@" + hostName();

  private StoreEpoch() {}

  /** An epoch and the exact text of its row, which a fenced write compares. */
  record Epoch(long number, String data) {}

  /** Starts the next epoch; the caller holds the task lock, so no other opener races it. */
  static Epoch advance(Connection c, StoreStatements sql, String taskId) throws SQLException {
    Optional<String> current = select(c, sql.selectEpochForUpdate(), sql, taskId);
    long next = (current.isPresent() ? parse(current.get(), sql, taskId) : 0) + 1;
    ObjectNode data = JSON.createObjectNode();
    data.put("epoch", next);
    data.put("owner", OWNER);
    data.put("opened_at", Instant.now().toString());
    try (PreparedStatement ps =
        c.prepareStatement(current.isPresent() ? sql.update() : sql.insert())) {
      int i = 1;
      if (current.isPresent()) {
        ps.setString(i++, data.toString());
      }
      ps.setString(i++, taskId);
      ps.setString(i++, StoreStatements.TASK_LOCK);
      ps.setString(i++, StoreStatements.EPOCH_KEY);
      if (current.isEmpty()) {
        ps.setString(i, data.toString());
      }
      ps.executeUpdate();
    }
    return new Epoch(next, data.toString());
  }

  /**
   * Share-locks the epoch row for the rest of the caller's transaction and fails unless it still
   * holds {@code epoch}: a takeover's advance then waits for this transaction, and every later
   * write of the stale session sees the new epoch.
   */
  static void check(Connection c, StoreStatements sql, String taskId, long epoch)
      throws SQLException {
    Optional<String> current = select(c, sql.selectEpochShared(), sql, taskId);
    long now = current.isPresent() ? parse(current.get(), sql, taskId) : -1;
    if (now != epoch) {
      throw new TaskLockedException(
          "task "
              + taskId
              + " was taken over in position table "
              + sql.name
              + (current.isPresent() ? " by " + owner(current.get()) : "")
              + " (epoch now "
              + now
              + ", this session opened epoch "
              + epoch
              + "); this session can no longer write");
    }
  }

  /** Who opened the task last, for the message that refuses a second writer. */
  static String lastOwner(Connection c, StoreStatements sql, String taskId) throws SQLException {
    return select(c, sql.selectEpoch(), sql, taskId)
        .map(StoreEpoch::owner)
        .orElse("an unknown process");
  }

  private static Optional<String> select(
      Connection c, String query, StoreStatements sql, String taskId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(query)) {
      ps.setString(1, taskId);
      ps.setString(2, StoreStatements.TASK_LOCK);
      ps.setString(3, StoreStatements.EPOCH_KEY);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private static long parse(String data, StoreStatements sql, String taskId) {
    try {
      JsonNode epoch = JSON.readTree(data).get("epoch");
      if (epoch != null && epoch.canConvertToLong()) {
        return epoch.asLong();
      }
    } catch (Exception e) {
      // reported below
    }
    throw new StoreException(
        "the "
            + StoreStatements.TASK_LOCK
            + " row of task "
            + taskId
            + " in position table "
            + sql.name
            + " is not one this library wrote: "
            + data);
  }

  private static String owner(String data) {
    try {
      JsonNode n = JSON.readTree(data);
      return "process "
          + n.path("owner").asText("?")
          + " (opened "
          + n.path("opened_at").asText("?")
          + ")";
    } catch (Exception e) {
      return "an unknown process";
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "unknown-host";
    }
  }
}
