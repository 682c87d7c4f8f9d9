package dev.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResumeStateTest {
  private static final TableRef A = TableRef.of("mysql", "db", "a");
  private static final TableRef B = TableRef.of("mysql", "db", "b");

  @Test
  void overKeepsThisPositionAndUnitesFinishedMarks() {
    ResumeState store =
        ResumeState.builder().position(A, Position.keyed("id", "9"), "position.log:2").build();
    ResumeState config =
        ResumeState.builder()
            .position(A, Position.keyed("id", "1"), "resume.config:1")
            .finished(A, "resume.config:2")
            .position(B, Position.keyed("id", "5"), "resume.config:3")
            .build();
    ResumeState merged = store.over(config);
    assertThat(merged.position(A)).contains(Position.keyed("id", "9"));
    assertThat(merged.table(A).get().positionSource()).contains("position.log:2");
    assertThat(merged.isFinished(A)).isTrue();
    assertThat(merged.table(A).get().finishedSource()).contains("resume.config:2");
    assertThat(merged.position(B)).contains(Position.keyed("id", "5"));
  }

  @Test
  void tablesIterateBySchemaThenTable() {
    ResumeState s =
        ResumeState.builder()
            .finished(TableRef.of("mysql", "test_db_@", "z"), null)
            .finished(TableRef.of("mysql", "test_db_1", "b"), null)
            .finished(TableRef.of("mysql", "test_db_1", "a"), null)
            .build();
    assertThat(s.tables().keySet()).extracting(TableRef::table).containsExactly("a", "b", "z");
  }

  @Test
  void noneClearsAPosition() {
    ResumeState s =
        ResumeState.builder()
            .position(A, Position.keyed("id", "1"), "x")
            .position(A, Position.none(), "y")
            .build();
    assertThat(s.position(A)).isEmpty();
  }
}
