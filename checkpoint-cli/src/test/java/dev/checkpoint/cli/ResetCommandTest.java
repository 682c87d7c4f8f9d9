package dev.checkpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.Checkpointer;
import dev.checkpoint.ResumeState;
import dev.checkpoint.logstore.LogStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResetCommandTest {
  @TempDir Path dir;

  @Test
  void resetsTheNamedTablesAndLeavesTheOthers() {
    TaskFixture.write(dir);
    Cli r =
        Cli.run(
            "reset",
            "--log-dir",
            dir.toString(),
            "--table",
            "shop.payments",
            "--table",
            "mysql:shop.refunds");
    assertThat(r.err).isEmpty();
    assertThat(r.exit).isZero();
    assertThat(r.out.lines())
        .containsExactly(
            "reset shop.payments: position, finished mark and status removed",
            "reset shop.refunds: position, finished mark and status removed");
    LogStore store = LogStore.in(dir);
    ResumeState state = store.read(TaskFixture.TASK);
    assertThat(state.tables()).containsOnlyKeys(TaskFixture.CUSTOMERS, TaskFixture.ORDERS);
    assertThat(store.readStatuses(TaskFixture.TASK))
        .containsOnlyKeys(TaskFixture.CUSTOMERS, TaskFixture.ORDERS);
  }

  @Test
  void allForgetsTheWholeTask() {
    TaskFixture.write(dir);
    Cli r = Cli.run("reset", "--log-dir", dir.toString(), "--all");
    assertThat(r.exit).isZero();
    assertThat(r.out)
        .contains(
            "reset task shop-copy in log directory "
                + dir
                + ": 4 tables and the task state removed");
    assertThat(LogStore.in(dir).read(TaskFixture.TASK).isEmpty()).isTrue();
    assertThat(LogStore.in(dir).readStatuses(TaskFixture.TASK)).isEmpty();
  }

  @Test
  void aTableTheTaskDoesNotHaveIsNamedWithTheTablesItHas() {
    TaskFixture.write(dir);
    Cli r = Cli.run("reset", "--log-dir", dir.toString(), "--table", "shop.order");
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.err)
        .contains(
            "task shop-copy has no table \"shop.order\" in the store; its tables include shop.customers, shop.orders");
    assertThat(LogStore.in(dir).read(TaskFixture.TASK).tables()).hasSize(4);
  }

  @Test
  void needsTablesOrAllButNotBoth() {
    TaskFixture.write(dir);
    assertThat(Cli.run("reset", "--log-dir", dir.toString()).err)
        .contains("reset needs --table SCHEMA.TABLE (repeatable) or --all");
    assertThat(
            Cli.run("reset", "--log-dir", dir.toString(), "--all", "--table", "shop.orders").exit)
        .isEqualTo(2);
  }

  @Test
  void isRefusedWhileARunHoldsTheTask() {
    TaskFixture.write(dir);
    try (Checkpointer live =
        Checkpointer.builder().taskId(TaskFixture.TASK).store(LogStore.in(dir)).build()) {
      Cli r = Cli.run("reset", "--log-dir", dir.toString(), "--all");
      assertThat(r.exit).isEqualTo(1);
      assertThat(r.err).contains("already open for writing");
      assertThat(live.initialState().tables()).hasSize(4);
    }
    assertThat(LogStore.in(dir).read(TaskFixture.TASK).tables()).hasSize(4);
  }
}
