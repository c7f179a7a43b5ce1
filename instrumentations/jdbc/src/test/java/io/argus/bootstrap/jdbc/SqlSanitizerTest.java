package io.argus.bootstrap.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlSanitizerTest {
  private static String text(String sql) {
    return SqlSanitizer.sanitize(sql, 10_000, SqlDialect.ANSI).queryText();
  }

  private static String mysql(String sql) {
    return SqlSanitizer.sanitize(sql, 10_000, SqlDialect.MYSQL).queryText();
  }

  @Test
  void stringLiteralsWithDoubledQuotesBecomeOneQuestionMark() {
    assertThat(text("SELECT * FROM owners WHERE name = 'O''Hara' AND city = 'Madison'"))
        .isEqualTo("SELECT * FROM owners WHERE name = ? AND city = ?");
  }

  @Test
  void numbersDecimalsExponentsAndSignsInsideExpressionsAreMasked() {
    assertThat(text("UPDATE t SET a = 42, b = 3.14, c = .5, d = 6.02e23, e = 1E-9 WHERE id = -7"))
        .isEqualTo("UPDATE t SET a = ?, b = ?, c = ?, d = ?, e = ? WHERE id = -?");
  }

  @Test
  void identifiersContainingDigitsAreKept() {
    assertThat(text("SELECT col1, t2.c3 FROM schema9.table_2 t2")).isEqualTo("SELECT col1, t2.c3 FROM schema9.table_2 t2");
  }

  @Test
  void hexBinaryAndPrefixedStringLiteralsAreMasked() {
    assertThat(text("SELECT 0xDEADBEEF, X'1F2E', x'00', B'0101', 0b1010, N'naïve', E'it\\'s', U&'d\\0061t'"))
        .isEqualTo("SELECT ?, ?, ?, ?, ?, ?, ?, ?");
  }

  @Test
  void postgresDollarQuotedStringsWithAndWithoutTagsAreMasked() {
    assertThat(text("SELECT $$it's $1 secret$$, $body$ nested $$ here $body$ FROM t WHERE a = $1"))
        .isEqualTo("SELECT ?, ? FROM t WHERE a = $1");
  }

  @Test
  void oracleAlternativeQuotingIsMasked() {
    assertThat(text("SELECT q'[it's a secret]', nq'{other}' FROM dual")).isEqualTo("SELECT ?, ? FROM dual");
  }

  @Test
  void booleansAreMaskedExceptAsPredicatesAfterIs() {
    assertThat(text("UPDATE t SET paid = TRUE, late = false WHERE done IS NOT TRUE AND ok IS FALSE"))
        .isEqualTo("UPDATE t SET paid = ?, late = ? WHERE done IS NOT TRUE AND ok IS FALSE");
  }

  @Test
  void commentsAreRemovedAndWhitespaceCollapses() {
    assertThat(text("/* user: alice */ SELECT a -- the 'secret' column\n,\tb FROM   t /* 42 */"))
        .isEqualTo("SELECT a , b FROM t");
  }

  @Test
  void inListsCollapseToOnePlaceholder() {
    assertThat(text("SELECT * FROM t WHERE id IN (1, 2, 3) AND s in ('a','b') AND x IN (?, ?, ?) AND y IN (-1, +2)"))
        .isEqualTo("SELECT * FROM t WHERE id IN (?) AND s in (?) AND x IN (?) AND y IN (?)");
  }

  @Test
  void inListsThatAreNotOnlyValuesAreLeftAsTheyAre() {
    assertThat(text("SELECT * FROM t WHERE id IN (SELECT id FROM u) AND a IN (b, 1)"))
        .isEqualTo("SELECT * FROM t WHERE id IN (SELECT id FROM u) AND a IN (b, ?)");
  }

  @Test
  void bindParametersStayAsWritten() {
    assertThat(text("SELECT * FROM t WHERE a = ? AND b = :name AND c = $2 AND d = e::int"))
        .isEqualTo("SELECT * FROM t WHERE a = ? AND b = :name AND c = $2 AND d = e::int");
  }

  @Test
  void doubleQuotedIdentifiersAreKeptInStandardSqlButAreStringsInMysql() {
    assertThat(text("SELECT \"Name\" FROM \"Order\" WHERE \"x\"\"y\" = 'v'"))
        .isEqualTo("SELECT \"Name\" FROM \"Order\" WHERE \"x\"\"y\" = ?");
    assertThat(mysql("SELECT `name` FROM `order` WHERE a = \"secret\"")).isEqualTo("SELECT `name` FROM `order` WHERE a = ?");
  }

  @Test
  void mysqlBackslashEscapesHashCommentsAndCharsetIntroducersAreUnderstood() {
    assertThat(mysql("SELECT * FROM t WHERE a = 'it\\'s secret' AND b = _utf8mb4'x' # trailing 'comment'"))
        .isEqualTo("SELECT * FROM t WHERE a = ? AND b = ?");
  }

  @Test
  void aBackslashIsAnOrdinaryCharacterInStandardSql() {
    assertThat(text("SELECT * FROM t WHERE path = 'C:\\' AND name = 'secret'"))
        .isEqualTo("SELECT * FROM t WHERE path = ? AND name = ?");
  }

  @Test
  void sqlServerBracketIdentifiersAndTempTablesAreKept() {
    assertThat(SqlSanitizer.sanitize("SELECT [first name] FROM #tmp WHERE @p = N'x'", 10_000, SqlDialect.SQL_SERVER)
            .queryText())
        .isEqualTo("SELECT [first name] FROM #tmp WHERE @p = ?");
  }

  @Test
  void anUnterminatedStringMasksEverythingAfterItsQuote() {
    assertThat(text("SELECT * FROM t WHERE a = 'never closed AND b = 42")).isEqualTo("SELECT * FROM t WHERE a = ?");
    assertThat(text("SELECT * FROM t WHERE a = $$never closed")).isEqualTo("SELECT * FROM t WHERE a = ?");
    assertThat(text("SELECT \"unterminated FROM t WHERE a = 'x'")).isEqualTo("SELECT ?");
    assertThat(text("SELECT a /* unterminated 'x' comment")).isEqualTo("SELECT a");
  }

  @Test
  void longStatementsAreCutBeforeSanitizingAndACutLiteralIsStillMasked() {
    String sql = "SELECT * FROM t WHERE a = 'abcdefghijklmnopqrstuvwxyz'";
    SanitizedSql cut = SqlSanitizer.sanitize(sql, 30, SqlDialect.ANSI);
    assertThat(cut.queryText()).isEqualTo("SELECT * FROM t WHERE a = ?");
    assertThat(SqlSanitizer.sanitize(sql, 20, SqlDialect.ANSI).queryText()).isEqualTo("SELECT * FROM t WHER");
  }

  @Test
  void neverKeepsHalfASurrogatePair() {
    assertThat(SqlSanitizer.truncate("ab\uD83D\uDE00", 3)).isEqualTo("ab");
  }

  @Test
  void nullAndEmptyInputsGiveNoText() {
    assertThat(SqlSanitizer.sanitize(null, 100, SqlDialect.ANSI).queryText()).isNull();
    assertThat(text("")).isEmpty();
    assertThat(text("  -- only a comment")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      nullValues = "-",
      value = {
        "SELECT id, name FROM owners WHERE id = ?                       | SELECT   | owners         | -",
        "select * from public.owners o join pets p on p.owner = o.id    | SELECT   | public.owners  | -",
        "SELECT a, (SELECT max(b) FROM inner_t) FROM outer_t            | SELECT   | outer_t        | -",
        "SELECT EXTRACT(YEAR FROM d) FROM events                        | SELECT   | events         | -",
        "SELECT * FROM (SELECT 1) sub                                   | SELECT   | -              | -",
        "SELECT 1                                                       | SELECT   | -              | -",
        "(SELECT a FROM t1) UNION (SELECT a FROM t2)                    | SELECT   | t1             | -",
        "WITH recent AS (SELECT * FROM orders) SELECT * FROM recent     | SELECT   | recent         | -",
        "WITH x AS (SELECT 1) INSERT INTO audit SELECT * FROM x         | INSERT   | audit          | -",
        "INSERT INTO orders (id, total) VALUES (?, ?)                   | INSERT   | orders         | -",
        "INSERT IGNORE INTO shop.orders VALUES (1)                      | INSERT   | shop.orders    | -",
        "insert into \"Order\" values (1)                               | INSERT   | \"Order\"      | -",
        "REPLACE INTO kv VALUES ('k', 'v')                              | REPLACE  | kv             | -",
        "UPDATE ONLY orders SET paid = true                             | UPDATE   | orders         | -",
        "DELETE FROM orders WHERE id = 3                                | DELETE   | orders         | -",
        "DELETE orders WHERE id = 3                                     | DELETE   | orders         | -",
        "MERGE INTO stock s USING incoming i ON s.id = i.id             | MERGE    | stock          | -",
        "CALL refresh_totals(?, ?)                                      | CALL     | -              | refresh_totals",
        "{call shop.refresh_totals(?)}                                  | CALL     | -              | shop.refresh_totals",
        "{? = call next_id()}                                           | CALL     | -              | next_id",
        "EXEC dbo.usp_sync                                              | EXEC     | -              | dbo.usp_sync",
        "CREATE TABLE IF NOT EXISTS orders (id INT)                     | CREATE   | orders         | -",
        "CREATE CACHED TABLE orders (id INT)                            | CREATE   | orders         | -",
        "create index idx on orders (id)                                | CREATE   | -              | -",
        "DROP TABLE IF EXISTS orders                                    | DROP     | orders         | -",
        "ALTER TABLE orders ADD COLUMN note TEXT                        | ALTER    | orders         | -",
        "TRUNCATE TABLE orders                                          | TRUNCATE | orders         | -",
        "COMMIT                                                         | COMMIT   | -              | -",
        "VACUUM ANALYZE                                                 | VACUUM   | -              | -",
        "/* hint */ SELECT * FROM t                                     | SELECT   | t              | -",
        "frobnicate the widgets                                         | -        | -              | -",
      })
  void readsTheOperationAndTheFirstTable(String sql, String operation, String collection, String procedure) {
    SanitizedSql sanitized = SqlSanitizer.sanitize(sql.trim(), 10_000, SqlDialect.ANSI);
    assertThat(sanitized.operationName()).isEqualTo(operation);
    assertThat(sanitized.collectionName()).isEqualTo(collection);
    assertThat(sanitized.storedProcedureName()).isEqualTo(procedure);
  }

  @Test
  void anAbsurdlyLongTableNameIsNotATableName() {
    String name = "t".repeat(SqlSanitizer.MAX_NAME_LENGTH + 1);
    assertThat(SqlSanitizer.sanitize("SELECT * FROM " + name, 10_000, SqlDialect.ANSI).collectionName()).isNull();
  }
}
