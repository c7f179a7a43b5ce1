package io.argus.bootstrap.jdbc;

/**
 * The lexical differences between SQL dialects that decide what is a literal. Getting them wrong would let a literal
 * through: in MySQL {@code 'it\'s'} is one string and {@code "abc"} is a string, in standard SQL the backslash is an
 * ordinary character and {@code "abc"} an identifier.
 */
public enum SqlDialect {
  /** Standard SQL quoting: PostgreSQL, H2, HSQLDB, Derby, Oracle, DB2, SQLite and unknown databases. */
  ANSI(false, false, false),
  /** MySQL and MariaDB: backslash escapes in strings, double-quoted strings, {@code #} comments, {@code @var}. */
  MYSQL(true, true, true),
  /** SQL Server: {@code [bracketed]} identifiers, {@code #temp} tables and {@code @variables}. */
  SQL_SERVER(false, false, false);

  final boolean backslashEscapes;
  final boolean doubleQuotedStrings;
  final boolean hashComments;

  SqlDialect(boolean backslashEscapes, boolean doubleQuotedStrings, boolean hashComments) {
    this.backslashEscapes = backslashEscapes;
    this.doubleQuotedStrings = doubleQuotedStrings;
    this.hashComments = hashComments;
  }

  /** The dialect of a {@code db.system.name} value. */
  public static SqlDialect of(String dbSystem) {
    if ("mysql".equals(dbSystem) || "mariadb".equals(dbSystem)) {
      return MYSQL;
    }
    if ("sqlserver".equals(dbSystem)) {
      return SQL_SERVER;
    }
    return ANSI;
  }
}
