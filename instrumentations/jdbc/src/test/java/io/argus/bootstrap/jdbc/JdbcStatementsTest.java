package io.argus.bootstrap.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JdbcStatementsTest {
  @Test
  void aClosedStatementIsForgottenAtOnceNotAtTheNextGarbageCollection() {
    int before = JdbcStatements.size();
    List<Object> stillReachable = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      Object statement = new Object();
      stillReachable.add(statement); // so that only close(), not the weak keys, can empty the map
      JdbcStatements.prepared(statement, "SELECT name FROM owners WHERE id = ?", null);
      assertThat(JdbcStatements.state(statement)).isNotNull();
      JdbcStatements.closed(statement);
      assertThat(JdbcStatements.state(statement)).isNull();
    }
    assertThat(JdbcStatements.size()).isEqualTo(before);
    assertThat(stillReachable).hasSize(10_000);
  }

  /** A pool's proxy connection prepares through the driver's connection, inside its own prepareStatement. */
  @Test
  void aProxysStatementTakesTheConnectionTheDriversPrepareInsideItKnew() {
    Object driverConnection = new Object();
    JdbcConnectionInfo info = JdbcConnectionInfo.remember(driverConnection, "jdbc:postgresql://db.internal:5433/shop");
    Object proxyConnection = new Object(); // a new proxy per borrow: never seen before
    Object driverStatement = new Object();
    Object proxyStatement = new Object();
    String sql = "SELECT name FROM owners WHERE id = ?";

    JdbcStatements.enterPrepare(); // the proxy's prepareStatement
    JdbcStatements.enterPrepare(); // the driver's, inside it
    JdbcStatements.prepared(driverStatement, sql, driverConnection);
    JdbcStatements.prepared(proxyStatement, sql, proxyConnection);

    assertThat(JdbcStatements.state(proxyStatement).connection()).isSameAs(info);
    assertThat(JdbcStatements.state(driverStatement)).as("only executed through the proxy's").isNull();

    // The next prepare on this thread, on a connection never seen and not around a driver's, inherits nothing.
    Object unknownStatement = new Object();
    JdbcStatements.enterPrepare();
    JdbcStatements.prepared(unknownStatement, sql, new Object());
    assertThat(JdbcStatements.state(unknownStatement).connection()).isNull();
  }

  /**
   * A pool's driver connections are never executed on directly, so the first prepare on one finds it unknown: the
   * driver's prepare asks for its URL once, and every later borrow's proxy statement takes it.
   */
  @Test
  void theDriversPrepareInsideAProxysRemembersItsConnectionOnceForEveryLaterBorrow() {
    Object driverConnection = new Object();
    String sql = "SELECT name FROM owners WHERE id = ?";

    JdbcStatements.enterPrepare(); // a first borrow's proxy
    JdbcStatements.enterPrepare(); // the driver's prepare inside it
    Object driverStatement = new Object();
    assertThat(JdbcStatements.prepared(driverStatement, sql, driverConnection)).isTrue();
    JdbcStatements.connectionUrl(driverStatement, driverConnection, "jdbc:postgresql://db.internal:5433/shop");
    Object firstProxy = new Object();
    Object firstStatement = new Object();
    assertThat(JdbcStatements.prepared(firstStatement, sql, firstProxy)).isFalse(); // the outermost: it inherits

    JdbcStatements.enterPrepare(); // the next borrow: a new proxy around the same driver connection
    JdbcStatements.enterPrepare();
    assertThat(JdbcStatements.prepared(new Object(), sql, driverConnection)).isFalse(); // known now
    Object secondProxy = new Object();
    Object secondStatement = new Object();
    assertThat(JdbcStatements.prepared(secondStatement, sql, secondProxy)).isFalse();

    JdbcConnectionInfo info = JdbcConnectionInfo.cached(driverConnection);
    assertThat(info.serverAddress()).isEqualTo("db.internal");
    assertThat(JdbcStatements.state(firstStatement).connection()).isSameAs(info);
    assertThat(JdbcStatements.state(secondStatement).connection()).isSameAs(info);
    assertThat(JdbcConnectionInfo.cached(firstProxy)).isNull(); // proxies are never remembered
    assertThat(JdbcConnectionInfo.cached(secondProxy)).isNull();
  }

  /** A connection-only wrapper (a dynamic proxy, say) hands out the driver's own statement: it is still registered. */
  @Test
  void aStatementTheWrapperHandsOutUnwrappedIsRegisteredByTheOutermostPrepare() {
    Object statement = new Object();
    JdbcStatements.enterPrepare(); // the wrapper's prepareStatement
    JdbcStatements.enterPrepare(); // the driver's, inside it
    JdbcStatements.prepared(statement, "SELECT 1", new Object());
    assertThat(JdbcStatements.state(statement)).isNull();
    JdbcStatements.prepared(statement, "SELECT 1", new Object());
    assertThat(JdbcStatements.state(statement)).isNotNull();
    JdbcStatements.closed(statement);
  }

  @Test
  void aPrepareNoOtherWrapsLeavesItsConnectionToTheFirstExecution() {
    JdbcStatements.enterPrepare();
    Object connection = new Object();
    assertThat(JdbcStatements.prepared(new Object(), "SELECT 1", connection)).isFalse();
  }

  @Test
  void aPrepareThatThrowsStillUnwindsTheNesting() {
    Object driverConnection = new Object();
    JdbcConnectionInfo.remember(driverConnection, "jdbc:h2:mem:unwind");
    JdbcStatements.enterPrepare();
    JdbcStatements.enterPrepare();
    JdbcStatements.prepared(null, "SELECT 1", driverConnection); // the driver threw
    JdbcStatements.prepared(null, "SELECT 1", new Object()); // and so did the proxy

    Object statement = new Object();
    JdbcStatements.enterPrepare();
    JdbcStatements.prepared(statement, "SELECT 2", new Object());
    assertThat(JdbcStatements.state(statement).connection()).as("outermost again, nothing inherited").isNull();
  }

  @Test
  void closingAStatementTheAgentNeverSawChangesNothing() {
    int before = JdbcStatements.size();
    JdbcStatements.closed(new Object());
    JdbcStatements.closed(null);
    assertThat(JdbcStatements.size()).isEqualTo(before);
  }
}
