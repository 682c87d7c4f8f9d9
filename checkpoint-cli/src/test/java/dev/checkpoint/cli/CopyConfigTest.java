package dev.checkpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.checkpoint.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ape-dts's task_config.ini as {@code copy} reads it; no database needed. */
class CopyConfigTest {
  @TempDir Path dir;

  static final String BASE =
      String.join(
          "\n",
          "[extractor]",
          "db_type=mysql",
          "extract_type=snapshot",
          "url=mysql://root:s3cr%40t@127.0.0.1:3307?ssl-mode=disabled",
          "batch_size=5000",
          "parallel_size=4",
          "[sinker]",
          "db_type=mysql",
          "sink_type=write",
          "url=mysql://root:s3cr%40t@127.0.0.1:3308",
          "batch_size=200",
          "[filter]",
          "do_dbs=",
          "ignore_dbs=",
          "do_tbs=`test_db_@`.*,shop.order*",
          "ignore_tbs=shop.order_tmp?",
          "[router]",
          "db_map=`test_db_@`:test_db_dst",
          "tb_map=shop.orders:archive.orders_2024",
          "col_map=",
          "");

  private CopyConfig parse(String text) throws IOException {
    Path f = dir.resolve("task_config.ini");
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return CopyConfig.parse(f);
  }

  @Test
  void readsApeDtsUrlsWithTheirCredentialsTakenOut() throws IOException {
    CopyConfig c = parse(BASE);
    assertThat(c.source.url()).isEqualTo("jdbc:mysql://127.0.0.1:3307?sslMode=DISABLED");
    assertThat(c.source.user()).contains("root");
    assertThat(c.source.password()).contains("s3cr@t");
    assertThat(c.target.url()).isEqualTo("jdbc:mysql://127.0.0.1:3308");
    assertThat(c.parallelSize).isEqualTo(4);
    assertThat(c.readBatch).isEqualTo(5000);
    assertThat(c.writeBatch).isEqualTo(200);
    assertThat(c.parallelType).isEqualTo(CopyConfig.ParallelType.TABLE);
  }

  @Test
  void filtersWithApeDtsPatternsQuotesAndIgnoreWinning() throws IOException {
    TableFilter f = parse(BASE).filter;
    assertThat(f.selects("test_db_@", "anything")).isTrue();
    assertThat(f.selects("test_db_x", "anything")).isFalse();
    assertThat(f.selects("shop", "orders")).isTrue();
    assertThat(f.selects("shop", "order_items")).isTrue();
    assertThat(f.selects("shop", "order_tmp1")).as("ignore_tbs wins").isFalse();
    assertThat(f.selects("shop", "order_tmp")).as("? matches zero characters too").isFalse();
    assertThat(f.selects("shop", "customers")).isFalse();
    assertThat(f.mayHaveTables("shop")).isTrue();
    assertThat(f.mayHaveTables("other")).isFalse();
  }

  @Test
  void quotedNamesAreExactEvenWithWildcardCharacters() throws IOException {
    TableFilter f =
        parse(BASE.replace("do_tbs=`test_db_@`.*,shop.order*", "do_tbs=`a.b`.`t*$1`,r#x[0-9]+#.*"))
            .filter;
    assertThat(f.selects("a.b", "t*$1")).isTrue();
    assertThat(f.selects("a.b", "t_$1")).isFalse();
    assertThat(f.selects("x12", "t")).isTrue();
    assertThat(f.selects("xy", "t")).isFalse();
  }

  @Test
  void routesTablesBeforeDatabases() throws IOException {
    Router r = parse(BASE).router;
    assertThat(r.route("test_db_@", "t")).containsExactly("test_db_dst", "t");
    assertThat(r.route("shop", "orders")).containsExactly("archive", "orders_2024");
    assertThat(r.route("shop", "items")).containsExactly("shop", "items");
  }

  @Test
  void warnsOnKeysThatOnlyTuneApeDtsAndIgnoresEmptyOnes() throws IOException {
    CopyConfig c = parse(BASE + "[pipeline]\nbuffer_size=16000\nbuffer_memory_mb=\n");
    assertThat(c.warnings).hasSize(1);
    assertThat(c.warnings.get(0)).startsWith("[pipeline] buffer_size has no effect on copy");
  }

  @Test
  void refusesAKeyThatWouldChangeWhatIsCopiedOrASectionItDoesNotKnow() {
    String withWhere = BASE.replace("ignore_tbs=", "where_conditions=json:[]\nignore_tbs=");
    assertThatThrownBy(() -> parse(withWhere))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "[filter] where_conditions is not supported by copy (copy reads whole tables)");
    assertThatThrownBy(() -> parse(BASE + "[checker]\nbatch_size=10\n"))
        .hasMessageContaining("[checker] batch_size is not supported by copy");
    assertThatThrownBy(() -> parse(BASE + "[extractorr]\nurl=x\n"))
        .hasMessageContaining("[extractorr] is not a section copy knows");
  }

  @Test
  void aBadUrlIsAClearErrorWithoutItsPassword() {
    assertThatThrownBy(() -> parse(BASE.replace("127.0.0.1:3308", "127.0.0.1:33o8")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[sinker] url")
        .hasMessageContaining("port \"33o8\" is not a number")
        .hasMessageNotContaining("s3cr");
    assertThatThrownBy(
            () ->
                parse(
                    BASE.replace(
                        "url=mysql://root:s3cr%40t@127.0.0.1:3308",
                        "url=postgres://u:s3cr@h:5432/db")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not one of db_type=mysql")
        .hasMessageNotContaining("s3cr");
  }

  @Test
  void aMalformedPatternOrAnEmptyFilterIsAnError() {
    assertThatThrownBy(() -> parse(BASE.replace("do_tbs=`test_db_@`.*,", "do_tbs=`test_db_@.*,")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[filter] do_tbs: unterminated `");
    assertThatThrownBy(() -> parse(BASE.replace("do_tbs=`test_db_@`.*,shop.order*", "do_tbs=shop")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[filter] do_tbs: each entry must be db.tb, was \"shop\"");
    assertThatThrownBy(() -> parse(BASE.replace("do_tbs=`test_db_@`.*,shop.order*", "do_tbs=")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[filter] selects no table");
  }

  @Test
  void onlySnapshotTasksAndKnownParallelTypes() {
    assertThatThrownBy(() -> parse(BASE.replace("extract_type=snapshot", "extract_type=cdc")))
        .hasMessageContaining("extract_type must be snapshot");
    assertThatThrownBy(() -> parse(BASE.replace("parallel_size=4", "parallel_type=rows")))
        .hasMessageContaining("parallel_type must be table or chunk, was \"rows\"");
  }

  @Test
  void readsPartitionColumnsInApeDtsJson() throws IOException {
    CopyConfig c =
        parse(
            BASE.replace(
                "parallel_size=4",
                "parallel_type=chunk\npartition_cols=json:[{\"db\":\"shop\",\"tb\":\"orders\",\"partition_col\":\"created\"}]"));
    assertThat(c.parallelType).isEqualTo(CopyConfig.ParallelType.CHUNK);
    assertThat(c.partitionCols).containsEntry(java.util.List.of("shop", "orders"), "created");
  }

  static final String MONGO =
      String.join(
          "\n",
          "[extractor]",
          "db_type=mongo",
          "extract_type=snapshot",
          "url=mongodb://reader:s3cr%40t@127.0.0.1:27017/?authSource=admin",
          "app_name=copy-src",
          "is_direct_connection=true",
          "[sinker]",
          "db_type=mongo",
          "url=mongodb://writer:s3cr%40t@127.0.0.1:27018",
          "batch_size=100",
          "replace=true",
          "[filter]",
          "do_tbs=shop.*",
          "[router]",
          "db_map=shop:shop_copy",
          "");

  @Test
  void readsMongoTasksWithTheirConnectionKeys() throws IOException {
    CopyConfig c = parse(MONGO);
    assertThat(c.source.dbType()).isEqualTo("mongo");
    assertThat(c.writeBatch).isEqualTo(100);
    assertThat(c.filter.selects("shop", "a.b c")).isTrue();
    assertThat(c.router.route("shop", "orders")).containsExactly("shop_copy", "orders");
    assertThat(c.warnings)
        .containsExactly(
            "[sinker] replace has no effect on copy: copy always replaces each document by _id,"
                + " inserting missing ones");
  }

  @Test
  void refusesWhatAMongoCopyCannotHonour() {
    assertThatThrownBy(() -> parse(MONGO.replace("app_name=", "partition_cols=json:[]\napp_name=")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[extractor] partition_cols is not supported by copy");
    assertThatThrownBy(() -> parse(MONGO.replace("batch_size=100", "batch_size=100\npassword=x")))
        .hasMessageContaining("[sinker] password is not supported by copy")
        .hasMessageContaining("in the mongodb:// URL");
    assertThatThrownBy(() -> parse(MONGO.replace("127.0.0.1:27018", "127.0.0.1:2701x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[sinker] url")
        .hasMessageNotContaining("s3cr");
    assertThatThrownBy(() -> parse(MONGO.replace("url=mongodb://writer", "url=mysql://writer")))
        .hasMessageContaining("db_type=mongo needs a mongodb:// URL");
  }

  /** docs/copy.md's MongoDB example is a task copy accepts, with no key warned. */
  @Test
  void theMongoExampleOfTheDocsIsAValidCopyTask() throws IOException {
    String doc = Files.readString(Path.of("../docs/copy.md"), StandardCharsets.UTF_8);
    int at = doc.indexOf("```ini\n[global]\ntask_id=shop-mongo-copy");
    assertThat(at).as("the MongoDB example in docs/copy.md").isNotNegative();
    String ini = doc.substring(at + 7, doc.indexOf("```", at + 7));
    CopyConfig c = parse(ini);
    assertThat(c.source.dbType()).isEqualTo("mongo");
    assertThat(c.warnings).isEmpty();
    assertThat(c.router.route("crm", "customers")).containsExactly("shop_copy", "customers");
  }
}
