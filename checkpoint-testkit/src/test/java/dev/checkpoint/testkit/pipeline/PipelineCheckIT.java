package dev.checkpoint.testkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.testkit.pipeline.EventCopy.Variant;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The kit against a user's own JDBC loop on PostgreSQL (a fresh schema per test from {@link
 * PipelineFixtures}): the correct loop passes, each subtle mistake is caught with a report that
 * names the crash and the rows.
 */
@ExtendWith(PipelineFixtures.class)
class PipelineCheckIT {
  static final int ROWS = 45; // 4 full batches of 10 and a short one

  static PipelineCheck check(DataSource ds, Variant variant) throws SQLException {
    EventCopy.createTables(ds, ROWS);
    return PipelineCheck.of(
            run -> EventCopy.copy(run.dataSource(ds, "events_copy"), run.store(), variant))
        .freshTarget(() -> EventCopy.truncateTarget(ds))
        .target(() -> EventCopy.target(ds));
  }

  @Test
  void passesTheLoopThatCommitsBeforeTakingTheTieBrokenPosition(PgSchema pg) throws SQLException {
    // 5 sink commits (IN_SINK, AFTER_COMMIT) and 5 store writes (4 positions, the finished mark)
    assertThat(check(pg.dataSource(), Variant.CORRECT).verify()).isEqualTo(15);
    assertThat(EventCopy.target(pg.dataSource())).hasSize(ROWS);
  }

  @Test
  void catchesThePositionTakenBeforeTheCommit(PgSchema pg) throws SQLException {
    assertThatThrownBy(check(pg.dataSource(), Variant.POSITION_BEFORE_COMMIT)::verify)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "First: a crash inside the sink, at batch 1 (IN_SINK k=1, through the wrapped data"
                + " source's sink connection)")
        .hasMessageContaining("injected crash inside the sink, at batch 1: sink commit 1 rolled")
        .hasMessageContaining("after the crash and the restart the target has 35 rows")
        // batch 1's position was written, its rows were rolled back: the restart starts after it
        .hasMessageContaining("missing (10 rows")
        .hasMessageContaining("[0, 0, event 0]")
        .hasMessageContaining("Others: AFTER_POSITION_WRITE k=1, IN_SINK k=2");
  }

  @Test
  void catchesANonUniqueKeyReadWithoutATieBreaker(PgSchema pg) throws SQLException {
    // ts = id / 3: batch 1 ends at id 9 (ts 3); a restart from its position reads ts > 3 and
    // never reads 10 and 11, which share ts 3 (when batch 2 had not committed them already)
    assertThatThrownBy(check(pg.dataSource(), Variant.NO_TIE_BREAKER)::verify)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "First: a crash right after store write 1 landed (AFTER_POSITION_WRITE k=1, through"
                + " the wrapped store)")
        .hasMessageContaining("\"order_col\":\"ts\",\"value\":\"3\"")
        .hasMessageContaining("missing (2 rows")
        .hasMessageContaining("[10, 3, event 10]")
        .hasMessageContaining("[11, 3, event 11]")
        .hasMessageContaining("extra (0 rows");
  }
}
