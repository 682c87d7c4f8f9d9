package dev.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The seeds' INI keys: defaults, legacy keys, and errors naming file, line, key and value. */
class TaskConfigTest {
  private static final Path BASE = Path.of("/jobs/orders");

  private static TaskConfig parse(String text) {
    return TaskConfig.parse(text, "task_config.ini", BASE);
  }

  private static String error(String text) {
    try {
      parse(text);
    } catch (ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("no error for:\n" + text);
  }

  @Test
  void seed001MethodTwoResolvesPathsAgainstTheFilesDirectory() {
    TaskConfig c =
        parse(
            "[resumer]\n"
                + "resume_from_log=true\n"
                + "resume_log_dir=./resume_logs\n"
                + "resume_config_file=./resume.config\n");
    assertThat(c.resumeType()).isEqualTo(ResumeType.FROM_LOG);
    assertThat(c.resumeLogDir()).contains(BASE.resolve("resume_logs"));
    assertThat(c.configFile()).contains(BASE.resolve("resume.config"));
  }

  @Test
  void defaultsAreTheSeeds() {
    TaskConfig c = parse("");
    assertThat(c.resumeType()).isEqualTo(ResumeType.FROM_LOG);
    assertThat(c.logDir()).isEqualTo(BASE.resolve("logs"));
    assertThat(c.tableFullName()).isEqualTo("apecloud_metadata.apedts_task_position");
    assertThat(c.maxConnections()).isEqualTo(1);
    assertThat(c.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.resumeLogDir()).isEmpty();
  }

  @Test
  void commentsInEveryStyleAreSkipped() {
    TaskConfig c =
        parse(
            "// seed style\n# hash\n; semicolon\n[global]\n//[Optional]\ntask_id=task1\n\n"
                + "[resumer]\nresume_type=from_target\n");
    assertThat(c.taskId()).contains("task1");
    assertThat(c.resumeType()).isEqualTo(ResumeType.FROM_TARGET);
  }

  @Test
  void unknownResumeType() {
    assertThat(error("[resumer]\n\nresume_type=from_file\n"))
        .isEqualTo(
            "task_config.ini:3: unknown resume_type \"from_file\" (expected from_log, from_target,"
                + " from_db, none or dummy)");
  }

  @Test
  void apeDtsDefaultResumeTypeDummyMeansNoResume() {
    assertThat(parse("[resumer]\nresume_type=dummy\n").resumeType()).isEqualTo(ResumeType.NONE);
    assertThat(parse("[resumer]\nresume_type=Dummy\n").resumeType()).isEqualTo(ResumeType.NONE);
  }

  @Test
  void checkpointIntervalThatIsNotANumber() {
    assertThat(error("[pipeline]\ncheckpoint_interval_secs=10s\n"))
        .isEqualTo(
            "task_config.ini:2: checkpoint_interval_secs must be a whole number of seconds >= 0,"
                + " was \"10s\"");
  }

  @Test
  void negativeCheckpointInterval() {
    assertThat(error("[pipeline]\ncheckpoint_interval_secs=-1\n"))
        .isEqualTo("task_config.ini:2: checkpoint_interval_secs must be >= 0, was -1");
  }

  @Test
  void zeroMaxConnections() {
    assertThat(error("[resumer]\nresume_type=from_target\nmax_connections=0\n"))
        .isEqualTo("task_config.ini:3: max_connections must be a whole number > 0, was \"0\"");
  }

  @Test
  void resumeFromLogThatIsNotABoolean() {
    assertThat(error("[resumer]\nresume_from_log=maybe\n"))
        .isEqualTo("task_config.ini:2: resume_from_log must be true or false, was \"maybe\"");
  }

  @Test
  void fromDbWithoutUrl() {
    assertThat(error("[resumer]\nresume_type=from_db\ndb_type=mysql\n"))
        .isEqualTo("task_config.ini:2: resume_type=from_db needs [resumer] url");
  }

  @Test
  void fromDbWithoutDbType() {
    assertThat(error("[resumer]\nresume_type=from_db\nurl=mysql://u:p@127.0.0.1:3306\n"))
        .isEqualTo(
            "task_config.ini:2: resume_type=from_db needs [resumer] db_type (mysql, pg or mongo)");
  }

  @Test
  void unsupportedDbType() {
    assertThat(error("[resumer]\ndb_type=oracle\n"))
        .isEqualTo("task_config.ini:2: db_type must be mysql, pg or mongo, was \"oracle\"");
  }

  @Test
  void unknownKeyInResumer() {
    assertThat(error("[resumer]\nresume_typ=from_log\n"))
        .startsWith("task_config.ini:2: unknown key resume_typ in [resumer] (known: ");
  }

  @Test
  void lineWithoutEquals() {
    assertThat(error("[resumer]\nresume_type from_log\n"))
        .isEqualTo("task_config.ini:2: expected key=value, was \"resume_type from_log\"");
  }

  @Test
  void duplicateKey() {
    assertThat(error("[resumer]\nlog_dir=a\n\nlog_dir=b\n"))
        .isEqualTo("task_config.ini:4: duplicate key log_dir in [resumer] (first on line 2)");
  }

  @Test
  void malformedSectionHeader() {
    assertThat(error("[global]\ntask_id=t\n[resumer\n"))
        .isEqualTo("task_config.ini:3: malformed section header \"[resumer\" (expected [name])");
  }

  @Test
  void keyOutsideAnySection() {
    assertThat(error("task_id=t\n"))
        .isEqualTo("task_config.ini:1: key outside any [section]: \"task_id=t\"");
  }

  @Test
  void tableFullNameWithoutSchema() {
    assertThat(error("[resumer]\ntable_full_name=positions\n"))
        .isEqualTo(
            "task_config.ini:2: table_full_name must be <database or schema>.<table>, was \"positions\"");
  }

  @Test
  void emptyTaskId() {
    assertThat(error("[global]\ntask_id=\n"))
        .isEqualTo("task_config.ini:2: task_id must not be empty");
  }

  @Test
  void missingFileIsAConfigErrorNamingIt() {
    Path missing = Path.of("/nonexistent/task_config.ini");
    assertThatThrownBy(() -> TaskConfig.parse(missing))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("cannot read config file " + missing);
  }
}
