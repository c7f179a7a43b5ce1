package io.argus.bootstrap.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcConnectionInfoTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      nullValues = "-",
      value = {
        "jdbc:postgresql://db.example.com:6543/shop?sslmode=require      | postgresql | shop     | db.example.com | 6543",
        "jdbc:postgresql://127.0.0.1/orders                              | postgresql | orders   | 127.0.0.1      | 5432",
        "jdbc:postgresql://h1:5433,h2:5434/orders?targetServerType=any   | postgresql | orders   | h1             | 5433",
        "jdbc:postgresql://[::1]:5440/orders                             | postgresql | orders   | ::1            | 5440",
        "jdbc:postgresql:orders                                          | postgresql | orders   | localhost      | 5432",
        "jdbc:p6spy:postgresql://pg:5432/orders                          | postgresql | orders   | pg             | 5432",
        "jdbc:mysql://app:s3cret@mysql.internal:3307/shop?useSSL=false   | mysql      | shop     | mysql.internal | 3307",
        "jdbc:mysql:loadbalance://m1,m2/shop                             | mysql      | shop     | m1             | 3306",
        "jdbc:mysql://address=(protocol=tcp)(host=m3)(port=3310)/shop    | mysql      | shop     | m3             | 3310",
        "jdbc:mariadb://maria:3306/shop                                  | mariadb    | shop     | maria          | 3306",
        "jdbc:sqlserver://mssql\\SQLEXPRESS:1434;databaseName=shop;encrypt=false | sqlserver | shop | mssql     | 1434",
        "jdbc:sqlserver://;serverName=mssql2;portNumber=1500;database=crm | sqlserver | crm      | mssql2         | 1500",
        "jdbc:oracle:thin:@ora:1521:ORCL                                 | oracle     | ORCL     | ora            | 1521",
        "jdbc:oracle:thin:scott/tiger@//ora2:1522/sales.example          | oracle     | sales.example | ora2      | 1522",
        "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=ora3)(PORT=1523))(CONNECT_DATA=(SERVICE_NAME=hr))) | oracle | hr | ora3 | 1523",
        "jdbc:h2:mem:demo;DB_CLOSE_DELAY=-1                              | h2         | demo     | -              | -1",
        "jdbc:h2:file:./data/shop                                        | h2         | ./data/shop | -           | -1",
        "jdbc:h2:tcp://h2host:9123/~/shop                                | h2         | ~/shop   | h2host         | 9123",
        "jdbc:hsqldb:mem:shop                                            | hsqldb     | shop     | -              | -1",
        "jdbc:hsqldb:hsql://hs/shop                                      | hsqldb     | shop     | hs             | 9001",
        "jdbc:derby:memory:shop;create=true                              | derby      | shop     | -              | -1",
        "jdbc:derby://dhost:1527/shop;create=true                        | derby      | shop     | dhost          | 1527",
        "jdbc:sqlite:/var/data/shop.db                                   | sqlite     | /var/data/shop.db | -     | -1",
        "jdbc:sqlite::memory:                                            | sqlite     | -        | -              | -1",
        "jdbc:db2://db2host:50001/SAMPLE                                 | db2        | SAMPLE   | db2host        | 50001",
        "jdbc:clickhouse://ch:8123/default                               | clickhouse | default  | ch             | 8123",
        "jdbc:acme:whatever                                              | other_sql  | -        | -              | -1",
        "not a url                                                       | other_sql  | -        | -              | -1",
      })
  void readsSystemNamespaceAddressAndPortFromTheUrl(
      String url, String system, String namespace, String address, int port) {
    JdbcConnectionInfo info = JdbcConnectionInfo.parse(url);
    assertThat(info.system()).isEqualTo(system);
    assertThat(info.namespace()).isEqualTo(namespace);
    assertThat(info.serverAddress()).isEqualTo(address);
    assertThat(info.serverPort()).isEqualTo(port);
  }

  @Test
  void credentialsInTheUrlAreNeverKept() {
    JdbcConnectionInfo info = JdbcConnectionInfo.parse("jdbc:mysql://app:s3cret@db/shop?password=hunter2");
    assertThat(info.toString()).doesNotContain("s3cret").doesNotContain("hunter2").doesNotContain("app");
  }

  @Test
  void theDialectFollowsTheSystem() {
    assertThat(JdbcConnectionInfo.parse("jdbc:mariadb://m/db").dialect()).isEqualTo(SqlDialect.MYSQL);
    assertThat(JdbcConnectionInfo.parse("jdbc:sqlserver://s").dialect()).isEqualTo(SqlDialect.SQL_SERVER);
    assertThat(JdbcConnectionInfo.parse("jdbc:postgresql://p/db").dialect()).isEqualTo(SqlDialect.ANSI);
  }

  @Test
  void aConnectionIsRememberedAndTheUrlParsedOnce() {
    Object connection = new Object();
    assertThat(JdbcConnectionInfo.cached(connection)).isNull();
    JdbcConnectionInfo info = JdbcConnectionInfo.remember(connection, "jdbc:h2:mem:remembered");
    assertThat(JdbcConnectionInfo.cached(connection)).isSameAs(info);
    assertThat(JdbcConnectionInfo.remember(new Object(), "jdbc:h2:mem:remembered")).isSameAs(info);
    assertThat(JdbcConnectionInfo.remember(new Object(), null).system()).isEqualTo("other_sql");
  }

  @Test
  void malformedUrlsNeverThrow() {
    for (String url : new String[] {"jdbc:", "jdbc:postgresql://", "jdbc:mysql://:/", "jdbc:oracle:thin:@",
        "jdbc:sqlserver://a:b;;=;", "jdbc:postgresql://[::1", "jdbc:h2:tcp:", "jdbc:mysql://address=(host=",
        "jdbc:oracle:thin:@(DESCRIPTION=(HOST="}) {
      assertThat(JdbcConnectionInfo.parse(url)).as(url).isNotNull();
    }
  }
}
