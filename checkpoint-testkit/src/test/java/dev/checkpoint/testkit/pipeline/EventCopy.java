package dev.checkpoint.testkit.pipeline;

import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.KeyColumn;
import dev.checkpoint.Position;
import dev.checkpoint.PositionStore;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A user's own JDBC loop that copies {@code events} into {@code events_copy} on PostgreSQL, ten
 * rows per transaction, and its two subtle mistakes, for the kit's integration tests. The events
 * have a unique id and a timestamp {@code ts} that three rows share, so that ties fall on batch
 * edges.
 */
final class EventCopy {
  static final TableRef EVENTS = TableRef.of("pg", "app", "events");
  static final int BATCH = 10;

  /** How the loop is written. */
  enum Variant {
    /** Keyed on (ts, id), the position taken after the commit: resumes. */
    CORRECT,
    /** As CORRECT, but the position is taken before the commit. */
    POSITION_BEFORE_COMMIT,
    /** Keyed on ts alone, which is not unique: the restart skips the rest of a tie. */
    NO_TIE_BREAKER
  }

  private EventCopy() {}

  static void createTables(DataSource ds, int rows) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE events (id bigint PRIMARY KEY, ts bigint NOT NULL, payload text)");
      s.execute("CREATE TABLE events_copy (id bigint PRIMARY KEY, ts bigint, payload text)");
      s.execute(
          "INSERT INTO events SELECT i, i / 3, 'event ' || i FROM generate_series(0, "
              + (rows - 1)
              + ") i");
    }
  }

  static void truncateTarget(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute("TRUNCATE events_copy");
    }
  }

  static List<List<Object>> target(DataSource ds) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, ts, payload FROM events_copy")) {
      while (rs.next()) {
        rows.add(List.of(rs.getLong(1), rs.getLong(2), rs.getString(3)));
      }
    }
    return rows;
  }

  /** The user's loop: resume, stream, write and commit every ten rows, take the position. */
  static void copy(DataSource ds, PositionStore store, Variant variant) throws SQLException {
    boolean tieBreaker = variant != Variant.NO_TIE_BREAKER;
    try (Checkpointer cp =
            Checkpointer.builder()
                .taskId("events-copy")
                .store(store)
                .policy(CheckpointPolicy.everyBatch())
                .build();
        Connection in = ds.getConnection();
        Connection out = ds.getConnection();
        PreparedStatement write =
            out.prepareStatement(
                "INSERT INTO events_copy (id, ts, payload) VALUES (?, ?, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET ts = EXCLUDED.ts,"
                    + " payload = EXCLUDED.payload")) {
      ResumeDecision d = cp.resume(EVENTS);
      if (d.finished()) {
        return;
      }
      in.setAutoCommit(false);
      out.setAutoCommit(false);
      List<String> after = d.position().map(p -> ((Position.Keyed) p).values()).orElse(null);
      String sql =
          "SELECT id, ts, payload FROM events"
              + (after == null ? "" : tieBreaker ? " WHERE (ts, id) > (?, ?)" : " WHERE ts > ?")
              + (tieBreaker ? " ORDER BY ts, id" : " ORDER BY ts");
      try (PreparedStatement read = in.prepareStatement(sql)) {
        if (after != null) {
          for (int i = 0; i < after.size(); i++) {
            read.setLong(i + 1, Long.parseLong(after.get(i)));
          }
        }
        read.setFetchSize(BATCH);
        int inBatch = 0;
        try (ResultSet rs = read.executeQuery()) {
          while (rs.next()) {
            write.setLong(1, rs.getLong(1));
            write.setLong(2, rs.getLong(2));
            write.setString(3, rs.getString(3));
            write.addBatch();
            if (++inBatch == BATCH) {
              Position position =
                  tieBreaker
                      ? Position.keyed(
                          List.of(
                              KeyColumn.of("ts", rs.getString(2)),
                              KeyColumn.of("id", rs.getString(1))))
                      : Position.keyed("ts", rs.getString(2));
              write.executeBatch();
              if (variant == Variant.POSITION_BEFORE_COMMIT) {
                cp.committed(EVENTS, position, inBatch);
                out.commit();
              } else {
                out.commit();
                cp.committed(EVENTS, position, inBatch);
              }
              inBatch = 0;
            }
          }
        }
        write.executeBatch();
        out.commit();
      }
      cp.finish(EVENTS);
    }
  }
}
