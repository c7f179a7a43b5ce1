package io.argus.smoke;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JDBC with no code in the app, on a real PostgreSQL server (the Debian {@code postgresql} package, a throw-away
 * cluster on 127.0.0.1 started here and stopped at the end): through the driver directly and through HikariCP.
 *
 * <p>Without the package the tests are skipped on a developer machine and fail in CI ({@code CI} set), where
 * {@code .ci/run} installs it.
 */
class JdbcPostgresTest {
  private static PostgresCluster cluster;

  @BeforeAll
  static void startPostgres() {
    Optional<Path> bin = PostgresCluster.installedBin();
    if (bin.isEmpty()) {
      if (System.getenv("CI") != null) {
        fail("PostgreSQL is not installed under /usr/lib/postgresql; .ci/run installs it (apt-get install postgresql)");
      }
      Assumptions.abort("PostgreSQL is not installed (sudo apt-get install -y postgresql)");
    }
    cluster = PostgresCluster.start(bin.get());
  }

  @AfterAll
  static void stopPostgres() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static JdbcAppScenario.Database database(String name) {
    return new JdbcAppScenario.Database("postgresql", name, "127.0.0.1", cluster.port(), "42P01", true);
  }

  @Test
  void everyStatementBatchFailureTransactionAndProcedureCallThroughPlainJdbcIsTracedAndMeasured() {
    cluster.createDatabase("shop_plain");
    JdbcAppScenario.runAndVerify("plain", cluster.jdbcUrl("shop_plain"), PostgresCluster.USER, "",
        database("shop_plain"));
  }

  @Test
  void throughHikariCpEachCallIsStillOneSpanAndThePoolIsMeasured() {
    cluster.createDatabase("shop_hikari");
    JdbcAppScenario.runAndVerify("hikari", cluster.jdbcUrl("shop_hikari"), PostgresCluster.USER, "",
        database("shop_hikari"));
  }
}
