package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.ConfigException;
import dev.checkpoint.Position;
import dev.checkpoint.PositionStore;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskConfig;
import dev.checkpoint.TaskSession;
import dev.checkpoint.config.Stores;
import dev.checkpoint.logstore.LogStore;
import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One entry point builds whichever store {@code resume_type} names. */
class StoresFromConfigIT {
  private static final TableRef T = TableRef.of("mysql", "test_db", "b");

  @TempDir Path dir;

  private TaskConfig config(String resumer) {
    return TaskConfig.parse(
        "[global]\ntask_id=stores\n[resumer]\n" + resumer, "task_config.ini", dir);
  }

  @Test
  void fromLogIsTheLogStoreInLogDir() throws Exception {
    try (PositionStore store =
        Stores.fromConfig(config("resume_type=from_log\nlog_dir=logs\n"), null)) {
      assertThat(store).isInstanceOf(LogStore.class);
      try (TaskSession s = store.open("stores")) {
        s.record(T, Position.keyed("id", "6"));
      }
    }
    assertThat(Files.readString(dir.resolve("logs/position.log"))).contains("\"value\":\"6\"");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void fromTargetIsTheJdbcStoreInTheTarget(Kind kind) {
    String table = StoreFixtures.freshTable(kind, "cp_stores");
    try (PositionStore store =
        Stores.fromConfig(
            config("resume_type=from_target\ntable_full_name=" + table + "\n"),
            TestDatabases.dataSource(kind))) {
      assertThat(store).isInstanceOf(JdbcPositionStore.class);
      assertThat(((JdbcPositionStore) store).tableFullName()).isEqualTo(table);
      try (TaskSession s = store.open("stores")) {
        s.record(T, Position.keyed("id", "7"));
      }
      assertThat(store.read("stores").position(T)).contains(Position.keyed("id", "7"));
    }
  }

  @Test
  void noneKeepsNoPositionsAndSaysSo() {
    assertThatThrownBy(() -> Stores.fromConfig(config("resume_type=none\n"), null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("resume_type=none");
  }

  @Test
  void fromTargetWithoutATargetIsAClearError() {
    assertThatThrownBy(() -> Stores.fromConfig(config("resume_type=from_target\n"), null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("target's DataSource");
  }
}
