package dev.checkpoint.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.CheckpointPolicy;
import dev.checkpoint.Checkpointer;
import dev.checkpoint.Position;
import dev.checkpoint.PositionStore;
import dev.checkpoint.StoreException;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskSession;
import dev.checkpoint.logstore.LogStore;
import dev.checkpoint.runner.TableRunner;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/operations.md lists the series a Prometheus scrape shows: here a real {@link
 * PrometheusMeterRegistry} scrapes a run with a failed table, and the page must list exactly the
 * series it shows, with their labels.
 */
class PrometheusNamesTest {
  private static final Pattern DOC_SERIES =
      Pattern.compile("^\\| `(checkpoint_\\w+)\\{([a-z_,]+)\\}` \\|", Pattern.MULTILINE);
  private static final Pattern SCRAPED =
      Pattern.compile("^(checkpoint_\\w+)\\{([^}]*)\\}", Pattern.MULTILINE);

  @TempDir Path logs;

  @Test
  void theDocsListEverySeriesAScrapeShowsWithItsLabels() throws IOException {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CheckpointMetrics metrics = CheckpointMetrics.of(registry);
    ListTable orders = new ListTable("orders", 300, 100);
    ListTable payments = new ListTable("payments", 300, 100);
    payments.failAtBatch = 2;
    try (PositionStore store = metrics.instrument(LogStore.in(logs));
        Checkpointer cp =
            Checkpointer.builder()
                .taskId("shop-copy")
                .store(store)
                .policy(CheckpointPolicy.everyBatch())
                .build()) {
      TableRunner.builder(cp)
          .job(orders.job())
          .job(payments.job())
          .listener(metrics.listener(cp))
          .build()
          .run();
    }
    failOnePositionWrite(metrics, logs.resolve("other-task"));

    String scrape = registry.scrape();
    Set<String> scraped = new TreeSet<>();
    Matcher m = SCRAPED.matcher(scrape);
    while (m.find()) {
      scraped.add(m.group(1) + "{" + labelNames(m.group(2)) + "}");
    }
    Set<String> documented = new TreeSet<>();
    Matcher d = DOC_SERIES.matcher(Files.readString(docs(), StandardCharsets.UTF_8));
    while (d.find()) {
      documented.add(d.group(1) + "{" + d.group(2) + "}");
    }
    assertThat(scraped).as("every meter of the run and the failed write").hasSize(11);
    assertThat(documented).as("the series docs/operations.md lists").isEqualTo(scraped);
  }

  /**
   * A real failed write: position.log is compacted at its 3rd line (compactAt 1, one table), and a
   * directory stands where the compaction writes its temp file.
   */
  private static void failOnePositionWrite(CheckpointMetrics metrics, Path dir) throws IOException {
    try (PositionStore store =
            metrics.instrument(LogStore.builder().dir(dir).compactAt(1).build());
        TaskSession session = store.open("other-task")) {
      TableRef t = TableRef.of("pg", "public", "events");
      session.record(t, Position.keyed("id", "1"));
      session.record(t, Position.keyed("id", "2"));
      Files.createDirectories(dir.resolve("position.log.tmp").resolve("in-the-way"));
      assertThatThrownBy(() -> session.record(t, Position.keyed("id", "3")))
          .isInstanceOf(StoreException.class);
    }
  }

  private static String labelNames(String labels) {
    Set<String> names = new TreeSet<>();
    for (String pair : labels.split(",(?=[a-z_]+=\")")) {
      names.add(pair.substring(0, pair.indexOf('=')));
    }
    return String.join(",", names);
  }

  private static Path docs() {
    Path here = Path.of("").toAbsolutePath();
    Path page = here.resolveSibling("docs").resolve("operations.md");
    return Files.exists(page) ? page : here.resolve("docs").resolve("operations.md");
  }
}
