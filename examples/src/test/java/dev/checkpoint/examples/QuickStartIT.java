package dev.checkpoint.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.checkpoint.testkit.TestDatabases;
import dev.checkpoint.testkit.TestDatabases.Kind;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quick start, run on the PostgreSQL test database. */
class QuickStartIT {
  @Test
  void theQuickStartCopiesTheTableAndASecondRunSkipsIt(@TempDir Path logs) throws Exception {
    DataSource db = TestDatabases.dataSource(Kind.POSTGRES);
    String schema = TestDatabases.freshName(Kind.POSTGRES, "quick_start");
    OrderTables.create(db, schema, 3_500);

    QuickStart.Target upsert = QuickStart.ordersCopy(db, schema);
    AtomicLong written = new AtomicLong();
    QuickStart.Target counting =
        rows -> {
          written.addAndGet(rows.size());
          upsert.upsert(rows);
        };

    QuickStart.copy(db, schema, counting, logs);
    assertThat(written.get()).isEqualTo(3_500);
    assertThat(OrderTables.rows(db, schema + ".orders_copy"))
        .isEqualTo(OrderTables.rows(db, schema + ".orders"));
    assertThat(logs.resolve("finished.log")).content().contains("\"tb\":\"orders\"");

    QuickStart.copy(db, schema, counting, logs);
    assertThat(written.get())
        .as("a finished table is skipped: nothing written again")
        .isEqualTo(3_500);
  }
}
