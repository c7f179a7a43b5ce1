package io.argus.agent.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.argus.agent.metrics.PrometheusMetricsBackend;
import io.argus.bootstrap.metrics.DurationHistogram;
import io.argus.bootstrap.metrics.MetricsBackend;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteStatisticsTest {
  @Test
  void ratesErrorsAndPercentilesComeFromTheHistogramsPerRouteAcrossStatusCodes() {
    PrometheusRegistry registry = new PrometheusRegistry();
    MetricsBackend.Recorder recorder =
        new PrometheusMetricsBackend(registry, 100)
            .histogram(
                "http_server_request_duration_seconds",
                "test",
                DurationHistogram.HTTP_BUCKETS,
                new String[] {"http_route", "http_response_status_code"});
    for (int i = 0; i < 90; i++) {
      recorder.record(0.020, new String[] {"/owners/{id}", "200"}); // bucket (0.01, 0.025]
    }
    for (int i = 0; i < 10; i++) {
      recorder.record(0.400, new String[] {"/owners/{id}", "500"}); // bucket (0.25, 0.5]
    }

    List<RouteStatistics.Row> rows = RouteStatistics.compute(registry, 50);

    assertThat(rows).hasSize(1);
    RouteStatistics.Row row = rows.get(0);
    assertThat(row.name).isEqualTo("http_route=/owners/{id}");
    assertThat(row.count).isEqualTo(100);
    assertThat(row.errors).isEqualTo(10);
    assertThat(row.ratePerSecond).isEqualTo(2.0);
    assertThat(row.quantile(0.5)).isBetween(0.01, 0.025);
    assertThat(row.quantile(0.95)).isBetween(0.25, 0.5);
    // histogram_quantile's interpolation: rank 50 of 90 in (0.01, 0.025]
    assertThat(row.quantile(0.5)).isCloseTo(0.01 + 0.015 * 50 / 90, within(1e-9));
  }
}
