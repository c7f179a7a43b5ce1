package io.argus.bootstrap.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SanitizedSqlCacheTest {

  @AfterEach
  void defaults() {
    SanitizedSqlCache.configure(SanitizedSqlCache.DEFAULT_MAX_LENGTH, SanitizedSqlCache.DEFAULT_CAPACITY);
  }

  @Test
  void theSameSqlIsParsedOnce() {
    SanitizedSqlCache.configure(4096, 100);
    SanitizedSql first = SanitizedSqlCache.get("SELECT * FROM t WHERE id = ?", SqlDialect.ANSI);
    assertThat(SanitizedSqlCache.get(new String("SELECT * FROM t WHERE id = ?"), SqlDialect.ANSI)).isSameAs(first);
  }

  @Test
  void theCacheStaysBoundedUnderAFloodOfDistinctStatementsAndKeepsTheHotOne() {
    SanitizedSqlCache.configure(4096, 100);
    SanitizedSql hot = SanitizedSqlCache.get("SELECT * FROM hot WHERE id = ?", SqlDialect.ANSI);
    for (int i = 0; i < 100_000; i++) {
      SanitizedSqlCache.get("SELECT * FROM t WHERE id = " + i, SqlDialect.ANSI);
      if (i % 20 == 0) {
        assertThat(SanitizedSqlCache.get("SELECT * FROM hot WHERE id = ?", SqlDialect.ANSI)).isSameAs(hot);
      }
      assertThat(SanitizedSqlCache.size(SqlDialect.ANSI)).isLessThanOrEqualTo(100);
    }
  }

  @Test
  void theDialectIsPartOfTheKey() {
    String sql = "SELECT * FROM t WHERE a = 'it\\'s' AND b = 'c'";
    assertThat(SanitizedSqlCache.get(sql, SqlDialect.MYSQL).queryText()).isEqualTo("SELECT * FROM t WHERE a = ? AND b = ?");
    // In standard SQL the backslash ends nothing: 'it\' is a string, s an identifier, and so on.
    assertThat(SanitizedSqlCache.get(sql, SqlDialect.ANSI).queryText()).isEqualTo("SELECT * FROM t WHERE a = ?s?c?");
  }

  @Test
  void sqlLongerThanTheLimitIsCutAndNotCached() {
    SanitizedSqlCache.configure(64, 100);
    String sql = "SELECT * FROM t WHERE note = '" + "x".repeat(1000) + "'";
    assertThat(SanitizedSqlCache.get(sql, SqlDialect.ANSI).queryText()).isEqualTo("SELECT * FROM t WHERE note = ?");
    assertThat(SanitizedSqlCache.size(SqlDialect.ANSI)).isZero();
  }

  @Test
  void aCapacityBelowTwoTurnsCachingOff() {
    SanitizedSqlCache.configure(4096, 0);
    SanitizedSqlCache.get("SELECT 1", SqlDialect.ANSI);
    assertThat(SanitizedSqlCache.size(SqlDialect.ANSI)).isZero();
  }
}
