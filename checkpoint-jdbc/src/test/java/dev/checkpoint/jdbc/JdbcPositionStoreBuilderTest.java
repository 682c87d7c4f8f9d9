package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.ConfigException;
import dev.checkpoint.TaskConfig;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Settings are checked before anything connects; messages name the setting and the value. */
class JdbcPositionStoreBuilderTest {
  /** A data source that must never be asked for a connection in these tests. */
  private static final DataSource UNUSED =
      (DataSource)
          java.lang.reflect.Proxy.newProxyInstance(
              DataSource.class.getClassLoader(),
              new Class<?>[] {DataSource.class},
              (p, m, a) -> {
                throw new AssertionError("connected: " + m.getName());
              });

  @Test
  void needsExactlyOneOfDataSourceAndUrl() {
    assertThatThrownBy(() -> JdbcPositionStore.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("give exactly one of dataSource(...) and url(...), was neither");
    assertThatThrownBy(
            () -> JdbcPositionStore.builder().dataSource(UNUSED).url("jdbc:mysql://h/db").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("give exactly one of dataSource(...) and url(...), was both");
  }

  @Test
  void poolSettingsDoNotApplyToAGivenDataSource() {
    assertThatThrownBy(
            () -> JdbcPositionStore.builder().dataSource(UNUSED).maxConnections(3).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("do not apply to a given dataSource");
  }

  @Test
  void refusesBadValuesNamingThem() {
    assertThatThrownBy(() -> JdbcPositionStore.builder().maxConnections(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxConnections must be > 0, was 0");
    assertThatThrownBy(() -> JdbcPositionStore.builder().tableFullName("a.b.c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tableFullName")
        .hasMessageContaining("\"a.b.c\"");
  }

  @Test
  void credentialsGivenTwiceAreRefused() {
    assertThatThrownBy(
            () -> JdbcPositionStore.builder().url("mysql://u:p@h:3306").user("v").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("user is given both in url and by user(...)");
    assertThatThrownBy(
            () -> JdbcPositionStore.builder().url("mysql://u:p@h:3306").password("q").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("password is given both in url and by password(...)");
  }

  @Test
  void configThatKeepsNoPositionsInADatabaseIsRefused() {
    TaskConfig fromLog =
        TaskConfig.parse("[resumer]\nresume_type=from_log\n", "t.ini", Path.of("."));
    assertThatThrownBy(() -> JdbcPositionStore.fromConfig(fromLog, UNUSED))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("resume_type=from_log keeps no positions in a database");
    TaskConfig fromTarget =
        TaskConfig.parse("[resumer]\nresume_type=from_target\n", "t.ini", Path.of("."));
    assertThatThrownBy(() -> JdbcPositionStore.fromConfig(fromTarget, null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("pass the target's DataSource");
  }

  @Test
  void dbTypeThatContradictsTheUrlIsRefusedWithoutThePassword() {
    TaskConfig cfg =
        TaskConfig.parse(
            "[resumer]\nresume_type=from_db\nurl=mysql://root:s3cret@h:3306\ndb_type=pg\n",
            "t.ini",
            Path.of("."));
    assertThatThrownBy(() -> JdbcPositionStore.fromConfig(cfg, null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("db_type=pg does not match url jdbc:mysql://h:3306")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void derivedTaskIdIgnoresThePassword() {
    String a =
        TaskConfig.parse(
                "[resumer]\nresume_type=from_db\nurl=mysql://root:one@h:3306\ndb_type=mysql\n",
                "t.ini",
                Path.of("."))
            .taskIdOrDerived();
    String b =
        TaskConfig.parse(
                "[resumer]\nresume_type=from_db\nurl=mysql://root:two@h:3306\ndb_type=mysql\n",
                "t.ini",
                Path.of("."))
            .taskIdOrDerived();
    String c =
        TaskConfig.parse(
                "[resumer]\nresume_type=from_db\nurl=mysql://root:one@other:3306\ndb_type=mysql\n",
                "t.ini",
                Path.of("."))
            .taskIdOrDerived();
    assertThat(a).isEqualTo(b).isNotEqualTo(c).doesNotContain("one");
  }
}
