package dev.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskIdsTest {
  @Test
  void sameConfigurationGivesTheSameIdAndAnotherGivesAnother() {
    Map<String, String> a =
        Map.of("extractor.url", "mysql://127.0.0.1:3306", "filter.do_tbs", "shop.*");
    assertThat(TaskIds.derive(a))
        .isEqualTo(TaskIds.derive(Map.copyOf(a)))
        .matches("task_[0-9a-f]{16}");
    assertThat(
            TaskIds.derive(
                Map.of("extractor.url", "mysql://127.0.0.1:3306", "filter.do_tbs", "crm.*")))
        .isNotEqualTo(TaskIds.derive(a));
  }

  @Test
  void passwordsNeverShapeTheId() {
    String one =
        TaskIds.derive(
            Map.of(
                "extractor.url", "mysql://app:secret1@db:3306/?password=secret1",
                "sinker.password", "secret1"));
    String two =
        TaskIds.derive(
            Map.of(
                "extractor.url", "mysql://app:other2@db:3306/?password=other2",
                "sinker.password", "other2"));
    assertThat(one).isEqualTo(two);
    assertThat(TaskIds.stripSecrets("mysql://app:secret1@db:3306/x?user=app&password=secret1"))
        .doesNotContain("secret1");
  }
}
