package io.argus.bootstrap.hikaricp;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.argus.bootstrap.metrics.ArgusMetrics;
import io.argus.bootstrap.metrics.CallbackGauge;
import io.argus.bootstrap.metrics.MetricsBackend;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real HikariCP pool over an in-memory H2 database, read the way the scrape-time gauges read it. */
class HikariPoolMetricsTest {
  private static final Map<String, CallbackGauge.Callback> GAUGES = new ConcurrentHashMap<>();
  private static final List<String> WAITS = new ArrayList<>();

  @BeforeAll
  static void recordMetrics() {
    ArgusMetrics.install(new MetricsBackend() {
      @Override
      public Recorder histogram(String name, String help, double[] buckets, String[] labelNames) {
        return (value, labels) -> WAITS.add(name + "{" + String.join(",", labels) + "}");
      }

      @Override
      public Recorder upDownGauge(String name, String help, String[] labelNames) {
        return (value, labels) -> {};
      }

      @Override
      public Recorder counter(String name, String help, String[] labelNames) {
        return (value, labels) -> {};
      }

      @Override
      public void callbackGauge(String name, String help, String[] labelNames, CallbackGauge.Callback callback) {
        GAUGES.put(name, callback);
      }
    });
  }

  private static HikariDataSource pool(String name, int maxSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:" + name);
    config.setPoolName(name);
    config.setMaximumPoolSize(maxSize);
    config.setMinimumIdle(maxSize);
    return new HikariDataSource(config);
  }

  private static Map<String, Double> scrape(String gauge) {
    Map<String, Double> values = new TreeMap<>();
    GAUGES.get(gauge).observe((value, labels) -> values.put(String.join("/", labels), value));
    return values;
  }

  @Test
  void aRegisteredPoolReportsItsUsedIdlePendingAndMaximumConnectionsAtEachScrape() throws Exception {
    try (HikariDataSource dataSource = pool("orders-pool", 3)) {
      Object pool = dataSource.getHikariPoolMXBean();
      HikariPoolMetrics.register(pool, "orders-pool", dataSource);
      HikariPoolMetrics.register(pool, "orders-pool", dataSource); // seen again after a late attach: once

      try (Connection borrowed = dataSource.getConnection()) {
        assertThat(scrape("db_client_connection_count")).containsEntry("orders-pool/used", 1.0);
        assertThat(scrape("db_client_connection_max")).containsEntry("orders-pool", 3.0);
        assertThat(scrape("db_client_connection_pending_requests")).containsEntry("orders-pool", 0.0);
      }
      assertThat(scrape("db_client_connection_count")).containsEntry("orders-pool/used", 0.0);

      dataSource.setMaximumPoolSize(5); // changed at run time through HikariConfigMXBean: read live
      assertThat(scrape("db_client_connection_max")).containsEntry("orders-pool", 5.0);

      HikariPoolMetrics.unregister(pool);
      assertThat(scrape("db_client_connection_count")).doesNotContainKey("orders-pool/used");
    }
  }

  @Test
  void poolsSharingANameAreAddedUp() {
    try (HikariDataSource a = pool("shared-a", 2); HikariDataSource b = pool("shared-b", 3)) {
      HikariPoolMetrics.register(a.getHikariPoolMXBean(), "shared", a);
      HikariPoolMetrics.register(b.getHikariPoolMXBean(), "shared", b);

      assertThat(scrape("db_client_connection_max")).containsEntry("shared", 5.0);
      HikariPoolMetrics.unregister(a.getHikariPoolMXBean());
      HikariPoolMetrics.unregister(b.getHikariPoolMXBean());
    }
  }

  @Test
  void somethingThatIsNotAHikariPoolIsLeftOutAndReportedNotThrown() {
    Object notAPool = new Object();
    HikariPoolMetrics.register(notAPool, "bogus", new Object());

    assertThat(scrape("db_client_connection_count")).doesNotContainKey("bogus/idle");
    assertThat(HikariPoolMetrics.snapshot()).doesNotContainKey("bogus");
  }

  @Test
  void theWaitForAConnectionIsRecordedByPoolName() {
    HikariPoolMetrics.recordWait(null, "wait-pool", null, System.nanoTime() - 1_000_000);
    assertThat(WAITS).contains("db_client_connection_wait_time_seconds{wait-pool}");
  }
}
