package dev.checkpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.TaskConfig;
import dev.checkpoint.config.Stores;
import dev.checkpoint.testkit.TestSecrets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hands the suite's test password to the commands and the configuration in every URL form a user
 * writes, where each fails (nothing listens, or the login is refused), and prints everything that
 * came back: each output is checked here, and all of them again, with every other test's output, by
 * checkpoint-bench's {@code SecretsInOutputIT}.
 */
class SecretsProbeIT {
  private static final String PW = TestSecrets.PASSWORD;

  @TempDir Path dir;

  @Test
  void noCommandOrConfigurationPrintsThePassword() {
    List<String> outputs = new ArrayList<>();
    String[][] commands = {
      {"status", "--url", "mysql://root:" + PW + "@127.0.0.1:3306/test", "--task", "t"},
      {"status", "--url", "postgres://nobody:" + PW + "@127.0.0.1:1/test", "--task", "t"},
      {
        "status",
        "--url",
        "jdbc:mysql://127.0.0.1:3306/test?user=root&password=" + PW + "&connectTimeout=2000",
        "--task",
        "t"
      },
      {"status", "--url", "jdbc:postgresql://127.0.0.1:1/test", "--password", PW, "--task", "t"},
      {
        "status",
        "--mongo-uri",
        "mongodb://u:" + PW + "@127.0.0.1:1/?serverSelectionTimeoutMS=300",
        "--task",
        "t"
      },
      {"show", "--url", "mysql://root:" + PW + "@127.0.0.1:1/test", "--task", "t"},
      {"reset", "--url", "mysql://root:" + PW + "@127.0.0.1:1/test", "--task", "t", "--all"},
    };
    for (String[] args : commands) {
      Cli r = Cli.run(args);
      String text =
          String.join(" ", args).replace(PW, "***") + " -> exit " + r.exit + "\n" + r.out + r.err;
      assertThat(r.exit).as(text).isNotZero();
      outputs.add(text);
    }
    TaskConfig config =
        TaskConfig.parse(
            "[global]\ntask_id=probe\n[resumer]\nresume_type=from_db\n"
                + "url=mysql://root:"
                + PW
                + "@127.0.0.1:1/test\ndb_type=mysql\n",
            "task_config.ini",
            dir);
    outputs.add("config: " + config);
    try {
      Stores.fromConfig(config, null);
      outputs.add("store from config: built (unexpected)");
    } catch (RuntimeException e) {
      outputs.add("store from config: " + e);
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        outputs.add("  caused by " + t);
      }
    }
    for (String o : outputs) {
      System.out.println(o);
      assertThat(o).doesNotContain(PW);
    }
    System.out.println("secrets probe ran: " + outputs.size() + " outputs");
  }
}
