package io.argus.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Callback gauges: read at each scrape, capped, duplicates and failures never break the scrape. */
class PrometheusCallbackGaugeTest {
  private final PrometheusRegistry registry = new PrometheusRegistry();

  private Map<String, Double> scrape(String name) {
    Map<String, Double> values = new TreeMap<>();
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (snapshot.getMetadata().getPrometheusName().equals(name)) {
        for (GaugeSnapshot.GaugeDataPointSnapshot point : ((GaugeSnapshot) snapshot).getDataPoints()) {
          values.put(point.getLabels().toString(), point.getValue());
        }
      }
    }
    return values;
  }

  @Test
  void theCallbackIsReadAtEveryScrape() {
    AtomicInteger used = new AtomicInteger(1);
    new PrometheusMetricsBackend(registry, 100).callbackGauge("pool_connections", "test",
        new String[] {"pool", "state"},
        observer -> {
          observer.value(used.get(), "main", "used");
          observer.value(3, "main", "idle");
        });

    assertThat(scrape("pool_connections")).containsValues(1.0, 3.0);
    used.set(4);
    assertThat(scrape("pool_connections")).containsValues(4.0, 3.0).hasSize(2);
  }

  @Test
  void aLabelSetReportedTwiceIsKeptOnceAndTheSeriesAreCapped() {
    new PrometheusMetricsBackend(registry, 10).callbackGauge("pools", "test", new String[] {"pool"},
        observer -> {
          observer.value(1, "a");
          observer.value(2, "a");
          for (int i = 0; i < 50; i++) {
            observer.value(i, "p" + i);
          }
        });

    Map<String, Double> values = scrape("pools");
    assertThat(values).hasSize(10);
    assertThat(values.get("{pool=\"a\"}")).isEqualTo(1.0);
  }

  @Test
  void aFailingCallbackLeavesTheOtherMetricsScrapeable() {
    PrometheusMetricsBackend backend = new PrometheusMetricsBackend(registry, 100);
    backend.callbackGauge("broken", "test", new String[] {"pool"}, observer -> {
      observer.value(7, "before");
      throw new IllegalStateException("pool closed under us");
    });
    backend.callbackGauge("healthy", "test", new String[] {"pool"}, observer -> observer.value(2, "main"));
    backend.callbackGauge("wrong_labels", "test", new String[] {"pool"}, observer -> observer.value(1, "a", "b"));

    assertThat(scrape("healthy")).containsValue(2.0);
    assertThat(scrape("broken")).containsValue(7.0);
    assertThat(scrape("wrong_labels")).isEmpty();
  }
}
