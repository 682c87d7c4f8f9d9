package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreStatementsTest {
  private static final StoreTableName ODD = StoreTableName.parse("we`ird\"db.ta`b\"le");

  @Test
  void everyIdentifierIsQuotedWithEmbeddedQuotesDoubled() {
    StoreStatements my = StoreStatements.of(Dialect.MYSQL, ODD);
    StoreStatements pg = StoreStatements.of(Dialect.POSTGRES, ODD);
    assertThat(my.createSchema()).isEqualTo("CREATE DATABASE IF NOT EXISTS `we``ird\"db`");
    assertThat(my.createTable())
        .startsWith("CREATE TABLE IF NOT EXISTS `we``ird\"db`.`ta``b\"le` (");
    assertThat(my.upsert()).startsWith("INSERT INTO `we``ird\"db`.`ta``b\"le` (");
    assertThat(pg.createSchema()).isEqualTo("CREATE SCHEMA IF NOT EXISTS \"we`ird\"\"db\"");
    assertThat(pg.selectTask()).contains("FROM \"we`ird\"\"db\".\"ta`b\"\"le\" WHERE");
  }

  @Test
  void upsertsAreTheFormsBothSystemsUse() {
    StoreTableName n = StoreTableName.parse("apecloud_metadata.apedts_task_position");
    assertThat(StoreStatements.of(Dialect.MYSQL, n).upsert())
        .isEqualTo(
            "INSERT INTO `apecloud_metadata`.`apedts_task_position`"
                + " (task_id, resumer_type, position_key, position_data) VALUES (?, ?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE position_data = VALUES(position_data),"
                + " updated_at = CURRENT_TIMESTAMP");
    assertThat(StoreStatements.of(Dialect.POSTGRES, n).upsert())
        .endsWith(
            " ON CONFLICT (task_id, resumer_type, position_key) DO UPDATE SET"
                + " position_data = EXCLUDED.position_data, updated_at = CURRENT_TIMESTAMP");
  }

  @Test
  void tableHasTheSeedsColumnsAndUniqueKey() {
    StoreTableName n = StoreTableName.parse("db.t");
    for (Dialect d : Dialect.values()) {
      String ddl = StoreStatements.of(d, n).createTable();
      assertThat(ddl)
          .contains("task_id varchar(255) NOT NULL")
          .contains("position_key varchar(255) NOT NULL")
          .contains("position_data text")
          .contains("created_at timestamp DEFAULT CURRENT_TIMESTAMP")
          .contains("UNIQUE")
          .contains("(task_id, resumer_type, position_key)");
    }
  }

  @Test
  void taskLocksFitMysqlsNameLimitAndDifferPerTableAndTask() {
    StoreStatements a = StoreStatements.of(Dialect.MYSQL, StoreTableName.parse("db.a"));
    StoreStatements b = StoreStatements.of(Dialect.MYSQL, StoreTableName.parse("db.b"));
    String longTask = "t".repeat(255);
    assertThat(((String) a.taskLockKey(longTask)).length()).isLessThanOrEqualTo(64);
    assertThat(((String) a.ddlLockKey()).length()).isLessThanOrEqualTo(64);
    assertThat(a.taskLockKey("x"))
        .isNotEqualTo(a.taskLockKey("y"))
        .isNotEqualTo(b.taskLockKey("x"));
    assertThat(a.taskLockKey("x"))
        .isEqualTo(
            StoreStatements.of(Dialect.MYSQL, StoreTableName.parse("db.a")).taskLockKey("x"));
    StoreStatements pg = StoreStatements.of(Dialect.POSTGRES, StoreTableName.parse("db.a"));
    assertThat(pg.taskLockKey("x")).isInstanceOf(Long.class).isNotEqualTo(pg.taskLockKey("y"));
    assertThat(pg.ddlLockKey()).isNotEqualTo(pg.taskLockKey("x"));
  }
}
