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

  @Test
  void closingAStatementTheAgentNeverSawChangesNothing() {
    int before = JdbcStatements.size();
    JdbcStatements.closed(new Object());
    JdbcStatements.closed(null);
    assertThat(JdbcStatements.size()).isEqualTo(before);
  }
}
