package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.Position;
import dev.checkpoint.TableRef;
import dev.checkpoint.TableStatus;
import dev.checkpoint.TransactionalSession;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the position table costs per synced table, measured on the server (heap or clustered index
 * plus every index, after compaction, minus the empty table). The seeds budget about 150 bytes × 2
 * rows per table; a finished table keeps one row here, not two.
 */
class JdbcPositionStoreStorageIT {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcPositionStoreStorageIT.class);
  private static final int TABLES = 2_000;

  /** Per-table bytes a regression would exceed: two rows per table cost ~630-740 here. */
  private static final int BUDGET = 400;

  /**
   * The seeds' budget does not cover statuses (a multi-table run's own rows, ~220 bytes of JSON
   * each): measured 729 (PostgreSQL) and 918 (MariaDB) bytes per table with one. A guard against
   * growth, not a target.
   */
  private static final int WITH_STATUS_GUARD = 1_000;

  private static TableRef table(int i) {
    return TableRef.of("mysql", "test_db", String.format("orders_%04d", i));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aTableCostsAboutOneRowInProgressAndOneRowFinished(Kind kind) {
    String schema = TestDatabases.freshSchema(kind, "cp_size");
    String full = schema + ".positions";
    try (JdbcPositionStore store = StoreFixtures.store(kind, full)) {
      long empty = size(kind, schema);
      try (TransactionalSession<Connection> s = store.open("sync-10k-tables")) {
        long start = System.nanoTime();
        for (int i = 0; i < TABLES; i++) {
          s.record(table(i), Position.keyed("id", "1234567"));
        }
        long microsPerRecord = (System.nanoTime() - start) / 1_000 / TABLES;
        double inProgress = (size(kind, schema) - empty) / (double) TABLES;
        for (int i = 0; i < TABLES; i++) {
          s.finish(table(i));
        }
        double finished = (size(kind, schema) - empty) / (double) TABLES;
        Map<String, Object> payload =
            StoreFixtures.query(
                    kind,
                    "SELECT AVG(LENGTH(position_data)) AS data, AVG(LENGTH(position_key)) AS k"
                        + " FROM "
                        + StoreFixtures.dialect(kind).qualified(schema, "positions")
                        + " WHERE resumer_type = 'SnapshotFinished'")
                .get(0);
        // A multi-table run that also records statuses adds one TableStatus row per table.
        Instant t0 = Instant.parse("2025-12-16T14:25:00Z");
        for (int i = 0; i < TABLES; i++) {
          s.recordStatus(
              new TableStatus(
                  table(i),
                  TableStatus.State.COMPLETED,
                  1_234_567,
                  t0,
                  t0.plusSeconds(90),
                  Duration.ofSeconds(90),
                  null));
        }
        double withStatus = (size(kind, schema) - empty) / (double) TABLES;
        LOG.info(
            "{}: bytes per table in progress {}, finished {}, finished with a status row {}"
                + " (position_data {} bytes, position_key {} bytes); one record() {} µs",
            kind,
            Math.round(inProgress),
            Math.round(finished),
            Math.round(withStatus),
            payload.get("data"),
            payload.get("k"),
            microsPerRecord);
        assertThat(inProgress).isLessThan(BUDGET);
        assertThat(finished).isLessThan(BUDGET);
        assertThat(withStatus).isLessThan(WITH_STATUS_GUARD);
      }
      assertThat(store.read("sync-10k-tables").tables()).hasSize(TABLES);
    }
  }

  /** Table plus indexes after compaction, in bytes. */
  private static long size(Kind kind, String schema) {
    Dialect d = StoreFixtures.dialect(kind);
    String q = d.qualified(schema, "positions");
    if (kind == Kind.MYSQL) {
      StoreFixtures.exec(kind, "OPTIMIZE TABLE " + q, "ANALYZE TABLE " + q);
      Map<String, Object> r =
          StoreFixtures.query(
                  kind,
                  "SELECT DATA_LENGTH + INDEX_LENGTH AS n FROM information_schema.TABLES"
                      + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'positions'",
                  schema)
              .get(0);
      return ((Number) r.get("n")).longValue();
    }
    StoreFixtures.exec(kind, "VACUUM FULL " + q, "ANALYZE " + q);
    return ((Number)
            StoreFixtures.query(kind, "SELECT pg_total_relation_size(?::regclass) AS n", q)
                .get(0)
                .get("n"))
        .longValue();
  }
}
