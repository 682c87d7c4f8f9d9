package dev.checkpoint.logstore;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.Position;
import dev.checkpoint.ResumeDecision;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskConfig;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 001's "method 2" example, with its files as the seed shows them: a restarted task logs
 * exactly the eight resumer lines of the seed's default.log.
 */
class Seed001ResumeTest {
  @TempDir Path tmp;

  static Path seed001() throws URISyntaxException {
    return Path.of(Seed001ResumeTest.class.getResource("/seed001/task_config.ini").toURI())
        .getParent();
  }

  private static TableRef mysql(String schema, String tb) {
    return TableRef.of("mysql", schema, tb);
  }

  private static final List<TableRef> TABLES =
      List.of(
          mysql("test_db_1", "one_pk_multi_uk"),
          mysql("test_db_1", "one_pk_no_uk"),
          mysql("test_db_@", "finished_table_*$1"),
          mysql("test_db_@", "finished_table_*$2"),
          mysql("test_db_@", "in_finished_log_table_*$1"),
          mysql("test_db_@", "in_finished_log_table_*$2"),
          mysql("test_db_@", "in_position_log_table_*$1"),
          mysql("test_db_@", "resume_table_*$4"));

  private Checkpointer checkpointer() throws URISyntaxException {
    TaskConfig config = TaskConfig.parse(seed001().resolve("task_config.ini"));
    return Checkpointer.builder()
        .taskId(config.taskIdOrDerived())
        .store(LogStore.in(tmp.resolve("logs")))
        .resumeFrom(
            LogStore.readOnly(config.resumeLogDir().orElseThrow()),
            ResumeConfig.file(config.configFile().orElseThrow()))
        .build();
  }

  @Test
  void restartedTaskLogsTheSeedsEightResumerLines() throws Exception {
    List<String> logged;
    try (LogCapture resumer = LogCapture.of("dev.checkpoint.resumer", Level.INFO);
        Checkpointer cp = checkpointer()) {
      for (TableRef t : TABLES) {
        cp.resume(t);
      }
      logged = resumer.messages(Level.INFO);
    }
    assertThat(logged)
        .containsExactlyInAnyOrder(
            "resumer, get resume value, schema: test_db_1, tb: one_pk_multi_uk, col: f_0, result: Some(\"5\")",
            "resumer, get resume value, schema: test_db_1, tb: one_pk_no_uk, col: f_0, result: Some(\"5\")",
            "resumer, check finished: schema: test_db_@, tb: finished_table_*$1, result: true",
            "resumer, check finished: schema: test_db_@, tb: finished_table_*$2, result: true",
            "resumer, check finished: schema: test_db_@, tb: in_finished_log_table_*$1, result: true",
            "resumer, check finished: schema: test_db_@, tb: in_finished_log_table_*$2, result: true",
            "resumer, get resume value, schema: test_db_@, tb: in_position_log_table_*$1, col: p.k, result: Some(\"1\")",
            "resumer, get resume value, schema: test_db_@, tb: resume_table_*$4, col: p.k, result: Some(\"1\")");
  }

  @Test
  void everyDecisionNamesTheFileAndLineItCameFrom() throws Exception {
    List<String> sources = new ArrayList<>();
    try (Checkpointer cp = checkpointer()) {
      for (TableRef t : TABLES) {
        ResumeDecision d = cp.resume(t);
        sources.add(t.table() + " <- " + d.source().orElse("?"));
      }
      assertThat(cp.resume(mysql("test_db_@", "in_position_log_table_*$1")).position())
          .contains(Position.keyed("p.k", "1"));
    }
    assertThat(sources)
        .containsExactly(
            "one_pk_multi_uk <- resume.config:4",
            "one_pk_no_uk <- resume.config:3",
            "finished_table_*$1 <- resume.config:1",
            "finished_table_*$2 <- resume.config:2",
            "in_finished_log_table_*$1 <- finished.log:1",
            "in_finished_log_table_*$2 <- finished.log:2",
            "in_position_log_table_*$1 <- position.log:2",
            "resume_table_*$4 <- resume.config:5");
  }

  @Test
  void positionLogWinsOverResumeConfigForTheSameTable() throws Exception {
    Path conf = tmp.resolve("resume.config");
    java.nio.file.Files.writeString(
        conf,
        "| current_position | {\"type\":\"RdbSnapshot\",\"db_type\":\"mysql\",\"schema\":\"test_db_@\","
            + "\"tb\":\"in_position_log_table_*$1\",\"order_col\":\"p.k\",\"value\":\"0\"}\n");
    try (Checkpointer cp =
        Checkpointer.builder()
            .taskId("t")
            .store(LogStore.in(tmp.resolve("logs")))
            .resumeFrom(
                LogStore.readOnly(seed001().resolve("resume_logs")), ResumeConfig.file(conf))
            .build()) {
      ResumeDecision d = cp.resume(mysql("test_db_@", "in_position_log_table_*$1"));
      assertThat(d.position()).contains(Position.keyed("p.k", "1"));
      assertThat(d.source()).contains("position.log:2");
    }
  }
}
