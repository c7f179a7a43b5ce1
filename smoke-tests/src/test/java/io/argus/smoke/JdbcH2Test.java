package io.argus.smoke;

import org.junit.jupiter.api.Test;

/** JDBC with no code in the app, on embedded H2: through the driver directly and through a HikariCP pool. */
class JdbcH2Test {
  private static final JdbcAppScenario.Database H2 =
      new JdbcAppScenario.Database("h2", "shop", null, -1, "42S02", false);

  @Test
  void everyStatementBatchFailureCommitAndRollbackThroughPlainJdbcIsTracedAndMeasured() {
    JdbcAppScenario.runAndVerify("plain", "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1", "sa", "", H2);
  }

  @Test
  void throughHikariCpEachCallIsStillOneSpanAndThePoolIsMeasured() {
    JdbcAppScenario.runAndVerify("hikari", "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1", "sa", "", H2);
  }
}
