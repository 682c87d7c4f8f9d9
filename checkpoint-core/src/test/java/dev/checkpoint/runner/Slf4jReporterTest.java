package dev.checkpoint.runner;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.InMemoryStore;
import dev.checkpoint.Strategy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class Slf4jReporterTest {
  @Test
  void logsTablesProgressAndTheSummaryWithFailuresAtWarn() {
    Logger logger = (Logger) LoggerFactory.getLogger("dev.checkpoint.runner.progress");
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.setLevel(Level.INFO);
    logger.addAppender(logs);
    try {
      List<MemoryTable> t = new ArrayList<>();
      for (int i = 1; i <= 10; i++) {
        t.add(new MemoryTable("t" + i, 30, Strategy.KEY, 10));
      }
      t.get(9).failAfterBatches = 2;
      try (Checkpointer cp =
          Checkpointer.builder()
              .taskId("task")
              .store(new InMemoryStore())
              .policy(CheckpointPolicy.everyBatch())
              .build()) {
        TableRunner.Builder b = TableRunner.builder(cp).listener(new Slf4jReporter());
        t.forEach(m -> b.job(m.job()));
        b.build().run();
      }
      List<String> info = messages(logs, Level.INFO);
      List<String> warn = messages(logs, Level.WARN);
      assertThat(info).first().isEqualTo("Running 10 tables");
      assertThat(info).contains("[1/10] Processing: t1");
      assertThat(info).anyMatch(l -> l.startsWith("[1/10] Completed: t1  30 rows in "));
      assertThat(info)
          .contains(
              "Progress: 9/10 tables (90%): 9 completed, 0 skipped, 1 failed, 0 in progress, 0 remaining");
      assertThat(warn.get(0)).startsWith("[10/10] FAILED: t10 after 20 rows of this run: ");
      assertThat(warn.get(1))
          .matches(
              "Run FAILED: 10 tables, 9 completed, 0 skipped, 1 failed, 0 not run; 290 rows in \\d+\\.\\d s \\([\\d,]+ rows/s\\)");
      assertThat(warn.get(2)).startsWith("Failed table t10: sink failed on mem:s.t10");
      assertThat(warn.get(3)).startsWith("Run the job again");
    } finally {
      logger.detachAppender(logs);
      logger.setLevel(null);
    }
  }

  private static List<String> messages(ListAppender<ILoggingEvent> logs, Level level) {
    return logs.list.stream()
        .filter(e -> e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }
}
