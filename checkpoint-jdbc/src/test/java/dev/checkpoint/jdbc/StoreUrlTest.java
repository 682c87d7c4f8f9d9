package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoreUrlTest {

  @Test
  void seedsMysqlUrlBecomesJdbcWithCredentialsTakenOut() {
    StoreUrl u = StoreUrl.parse("mysql://root:123456@127.0.0.1:3307");
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:mysql://127.0.0.1:3307");
    assertThat(u.user()).contains("root");
    assertThat(u.password()).contains("123456");
    assertThat(u.dialect()).contains(Dialect.MYSQL);
  }

  @Test
  void seedsPostgresUrlKeepsDatabaseAndParameters() {
    StoreUrl u =
        StoreUrl.parse("postgres://postgres:postgres@127.0.0.1:5433/postgres?sslmode=disable");
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5433/postgres?sslmode=disable");
    assertThat(u.user()).contains("postgres");
    assertThat(u.dialect()).contains(Dialect.POSTGRES);
    assertThat(StoreUrl.parse("postgresql://h/db").jdbcUrl()).isEqualTo("jdbc:postgresql://h/db");
  }

  @Test
  void passwordWithAtSignOrPercentEncodingIsDecoded() {
    assertThat(StoreUrl.parse("mysql://u:p@ss@h:3306/db").password()).contains("p@ss");
    assertThat(StoreUrl.parse("mysql://u:p%40ss%2Fw%C3%B6rd+x@h:3306").password())
        .contains("p@ss/wörd+x");
    assertThat(StoreUrl.parse("mysql://u:p@ss@h:3306/db").jdbcUrl())
        .isEqualTo("jdbc:mysql://h:3306/db");
  }

  @Test
  void userWithoutPasswordAndNoUserAtAll() {
    StoreUrl u = StoreUrl.parse("mysql://root@127.0.0.1:3306");
    assertThat(u.user()).contains("root");
    assertThat(u.password()).isEmpty();
    assertThat(StoreUrl.parse("jdbc:postgresql://h:5432/db").user()).isEqualTo(Optional.empty());
  }

  @Test
  void userInfoInsideJdbcUrlIsTakenOutToo() {
    StoreUrl u = StoreUrl.parse("jdbc:mysql://app:s3cret@db.example:3306/shop?useSSL=false");
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:mysql://db.example:3306/shop?useSSL=false");
    assertThat(u.password()).contains("s3cret");
  }

  @Test
  void displayedUrlCarriesNoPasswordParameter() {
    StoreUrl u = StoreUrl.parse("jdbc:postgresql://h/db?user=app&password=s3cret&ssl=true");
    assertThat(u.display()).doesNotContain("s3cret").contains("jdbc:postgresql://h/db");
    assertThat(u.toString()).doesNotContain("s3cret");
  }

  @Test
  void unknownSchemeIsRefusedWithoutShowingThePassword() {
    assertThatThrownBy(() -> StoreUrl.parse("oracle://scott:tiger@h:1521"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("url must start with jdbc:, mysql:// or postgres://")
        .hasMessageNotContaining("tiger");
    assertThatThrownBy(() -> StoreUrl.parse(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("url must not be blank");
  }
}
