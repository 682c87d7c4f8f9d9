package dev.checkpoint.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlTextTest {
  @Test
  void findsAnOrderByAtTheTopOfTheQuery() {
    assertThat(SqlText.hasTopLevelOrderBy("SELECT * FROM t ORDER BY a", Dialect.MYSQL)).isTrue();
    assertThat(
            SqlText.hasTopLevelOrderBy(
                "select a from t order\n  by a desc limit 5", Dialect.POSTGRES))
        .isTrue();
    assertThat(SqlText.hasTopLevelOrderBy("SELECT a FROM t ORDER /* c */ BY a", Dialect.POSTGRES))
        .isTrue();
  }

  @Test
  void ignoresOrderByInSubqueriesStringsIdentifiersAndComments() {
    for (String sql :
        new String[] {
          "SELECT * FROM (SELECT * FROM t ORDER BY a LIMIT 3) x",
          "SELECT 'ORDER BY a' FROM t",
          "SELECT \"ORDER BY\" FROM t",
          "SELECT `order by` FROM t",
          "SELECT a FROM t -- ORDER BY a",
          "SELECT a FROM t /* ORDER BY a */",
          "SELECT a AS \"order\", b AS by_ FROM t",
          "SELECT order_id FROM t WHERE x = 'it''s ORDER BY'"
        }) {
      assertThat(SqlText.hasTopLevelOrderBy(sql, Dialect.MYSQL)).as(sql).isFalse();
      assertThat(SqlText.hasTopLevelOrderBy(sql, Dialect.POSTGRES)).as(sql).isFalse();
    }
  }

  @Test
  void followsEachDialectsQuotingRules() {
    // MySQL: a backslash escapes the quote; '#' starts a comment.
    assertThat(SqlText.hasTopLevelOrderBy("SELECT 'a\\' ORDER BY x' FROM t", Dialect.MYSQL))
        .isFalse();
    assertThat(SqlText.hasTopLevelOrderBy("SELECT a FROM t # ORDER BY a", Dialect.MYSQL)).isFalse();
    // PostgreSQL: a backslash is literal, so the string ends before ORDER BY; dollar quotes.
    assertThat(SqlText.hasTopLevelOrderBy("SELECT 'a\\' FROM t ORDER BY a", Dialect.POSTGRES))
        .isTrue();
    assertThat(SqlText.hasTopLevelOrderBy("SELECT $$ORDER BY$$ FROM t", Dialect.POSTGRES))
        .isFalse();
    assertThat(SqlText.hasTopLevelOrderBy("SELECT $q$ ) ORDER BY $q$ FROM t", Dialect.POSTGRES))
        .isFalse();
  }

  @Test
  void dropsTrailingSemicolonsSoTheQueryCanBeWrapped() {
    assertThat(SqlText.stripTrailingSemicolons("SELECT 1 ;; \n")).isEqualTo("SELECT 1");
    assertThatThrownBy(() -> SqlText.stripTrailingSemicolons(" ; "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("query must not be empty, was \" ; \"");
  }
}
