package dev.checkpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.checkpoint.KeyColumn;
import dev.checkpoint.Position;
import dev.checkpoint.PositionStore;
import dev.checkpoint.TableRef;
import dev.checkpoint.TaskSession;
import dev.checkpoint.jdbc.JdbcPositionStore;
import dev.checkpoint.mongo.MongoPositionStore;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code show} over the database stores prints what {@code show} prints for the log store. */
class ShowStoresIT {
  private static final TableRef RESUMING = TableRef.of("mysql", "test_db_1", "one_pk_multi_uk");
  private static final TableRef COMPOSITE = TableRef.of("mysql", "test_db_@", "resume_table_*$4");
  private static final TableRef DONE = TableRef.of("mysql", "test_db_@", "finished_table_*$1");

  private static void fill(PositionStore store, String task) {
    try (TaskSession s = store.open(task)) {
      s.record(RESUMING, Position.keyed("f_0", "5"));
      s.record(
          COMPOSITE, Position.keyed(List.of(KeyColumn.of("p.k", "1"), KeyColumn.of("f\"1", null))));
      s.finish(DONE);
    }
  }

  private static void assertShown(Cli r, String source) {
    assertThat(r.err).isEmpty();
    assertThat(r.exit).isZero();
    assertThat(r.out.lines().toList())
        .hasSize(3)
        .satisfies(
            lines -> {
              assertThat(lines.get(0))
                  .startsWith(
                      "{\"db_type\":\"mysql\",\"schema\":\"test_db_1\",\"tb\":\"one_pk_multi_uk\",\"status\":\"resume\",\"order_key\":[[\"f_0\",\"5\"]],\"source\":\""
                          + source);
              assertThat(lines.get(1))
                  .startsWith(
                      "{\"db_type\":\"mysql\",\"schema\":\"test_db_@\",\"tb\":\"finished_table_*$1\",\"status\":\"finished\",\"source\":\""
                          + source);
              assertThat(lines.get(2))
                  .startsWith(
                      "{\"db_type\":\"mysql\",\"schema\":\"test_db_@\",\"tb\":\"resume_table_*$4\",\"status\":\"resume\",\"order_key\":[[\"p.k\",\"1\"],[\"f\\\"1\",null]],\"source\":\""
                          + source);
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"mysql", "pg"})
  void showsAJdbcStoreTask(String kind) {
    String url = CliJdbcIT.url(kind);
    String table = "cp_show_" + UUID.randomUUID().toString().substring(0, 8) + ".positions";
    String task = "show-" + kind;
    try (JdbcPositionStore store =
        JdbcPositionStore.builder().url(url).tableFullName(table).build()) {
      fill(store, task);
    }
    Cli r = Cli.run("show", "--url", url, "--table-full-name", table, "--task", task, "--json");
    assertShown(r, table);
    Cli readable = Cli.run("show", "--url", url, "--table-full-name", table, "--task", task);
    assertThat(readable.out).contains("one_pk_multi_uk", "f_0 > \"5\"", "finished");
    Cli noTask = Cli.run("show", "--url", url, "--table-full-name", table);
    assertThat(noTask.exit).isEqualTo(2);
    assertThat(noTask.err).contains("--task is required with --url");
  }

  @Test
  void showsAMongoStoreTask() {
    MongoServer server = new MongoServer(new MemoryBackend());
    try {
      InetSocketAddress address = server.bind();
      String uri = "mongodb://" + address.getHostString() + ":" + address.getPort();
      try (MongoPositionStore store =
          MongoPositionStore.builder().uri(uri).collection("meta.positions").build()) {
        fill(store, "mongo-task");
      }
      Cli r =
          Cli.run(
              "show",
              "--mongo-uri",
              uri,
              "--collection",
              "meta.positions",
              "--task",
              "mongo-task",
              "--json");
      assertShown(r, "mongo:meta.positions");
      Cli other =
          Cli.run(
              "show",
              "--mongo-uri",
              uri,
              "--collection",
              "meta.positions",
              "--task",
              "nobody",
              "--json");
      assertThat(other.exit).isZero();
      assertThat(other.out).isEmpty();
    } finally {
      server.shutdownNow();
    }
  }

  @Test
  void refusesTwoStoresAtOnce() {
    Cli r =
        Cli.run(
            "show",
            "--url",
            "jdbc:postgresql://127.0.0.1:1/x",
            "--mongo-uri",
            "mongodb://127.0.0.1:1",
            "--task",
            "t");
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.err).contains("give exactly one store");
  }
}
