package io.argus.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bootstrap.metrics.DurationHistogram;
import io.argus.bootstrap.metrics.MetricsBackend;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import org.junit.jupiter.api.Test;

class PrometheusMetricsBackendTest {
  private final PrometheusRegistry registry = new PrometheusRegistry();

  private HistogramSnapshot histogram(String name) {
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (snapshot.getMetadata().getPrometheusName().equals(name)) {
        return (HistogramSnapshot) snapshot;
      }
    }
    throw new AssertionError("no metric " + name);
  }

  @Test
  void durationsAreRecordedInSecondsPerLabelSet() {
    MetricsBackend.Recorder recorder =
        new PrometheusMetricsBackend(registry, 100)
            .histogram("test_duration_seconds", "test", DurationHistogram.HTTP_BUCKETS, new String[] {"route", "code"});

    recorder.record(0.2, new String[] {"/a", "200"});
    recorder.record(0.4, new String[] {"/a", "200"});
    recorder.record(1.0, new String[] {"/b", "500"});

    HistogramSnapshot snapshot = histogram("test_duration_seconds");
    assertThat(snapshot.getDataPoints()).hasSize(2);
    HistogramSnapshot.HistogramDataPointSnapshot a =
        snapshot.getDataPoints().stream().filter(p -> p.getLabels().get("route").equals("/a")).findFirst().get();
    assertThat(a.getCount()).isEqualTo(2);
    assertThat(a.getSum()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void labelSetsBeyondTheCapGoToOneOverflowSeriesAndCountsStayExact() {
    PrometheusMetricsBackend backend = new PrometheusMetricsBackend(registry, 10);
    MetricsBackend.Recorder recorder =
        backend.histogram("capped_duration_seconds", "test", DurationHistogram.HTTP_BUCKETS, new String[] {"path"});

    for (int i = 0; i < 10_000; i++) {
      recorder.record(0.01, new String[] {"/item/" + i});
    }

    HistogramSnapshot snapshot = histogram("capped_duration_seconds");
    assertThat(snapshot.getDataPoints()).hasSize(11); // 10 real series + the overflow one
    long total = snapshot.getDataPoints().stream().mapToLong(HistogramSnapshot.HistogramDataPointSnapshot::getCount).sum();
    assertThat(total).isEqualTo(10_000);
    assertThat(backend.overflows()).containsEntry("capped_duration_seconds", 9_990L);
  }

  @Test
  void recentLabelSetsAnswerAsTheTreeDoesWhateverTheStringInstancesAndSlots() {
    MetricsBackend.Recorder recorder =
        new PrometheusMetricsBackend(registry, 1000)
            .histogram("recent_duration_seconds", "test", DurationHistogram.HTTP_BUCKETS,
                new String[] {"method", "route"});

    // 300 label sets over the 64 recent slots, three passes: each set lands with its own series every time, whether
    // its slot still holds it, holds another set or is being overwritten, and whatever String instances carry it.
    for (int pass = 0; pass < 3; pass++) {
      for (int i = 0; i < 300; i++) {
        recorder.record(0.01, new String[] {new String("GET"), "/r/" + i});
      }
    }
    recorder.record(0.01, new String[] {"GET", null});
    recorder.record(0.01, new String[] {"GET", ""}); // null and "" are the same label value

    HistogramSnapshot snapshot = histogram("recent_duration_seconds");
    assertThat(snapshot.getDataPoints()).hasSize(301);
    assertThat(snapshot.getDataPoints())
        .allSatisfy(p -> assertThat(p.getCount()).isEqualTo(p.getLabels().get("route").isEmpty() ? 2 : 3));
  }

  @Test
  void anOverflowedLabelSetIsCountedEachTimeItRepeats() {
    PrometheusMetricsBackend backend = new PrometheusMetricsBackend(registry, 10);
    MetricsBackend.Recorder recorder =
        backend.histogram("repeat_duration_seconds", "test", DurationHistogram.HTTP_BUCKETS, new String[] {"path"});
    for (int i = 0; i < 10; i++) {
      recorder.record(0.01, new String[] {"/item/" + i});
    }

    for (int i = 0; i < 5; i++) {
      recorder.record(0.01, new String[] {"/beyond"});
    }

    assertThat(backend.overflows()).containsEntry("repeat_duration_seconds", 5L);
  }

  @Test
  void aCounterCountsPerLabelSetAndIsExposedWithTheTotalSuffix() {
    MetricsBackend.Recorder counter =
        new PrometheusMetricsBackend(registry, 100).counter("calls", "test", new String[] {"status"});

    counter.record(1, new String[] {"ok"});
    counter.record(1, new String[] {"ok"});
    counter.record(1, new String[] {"error"});

    io.prometheus.metrics.model.snapshots.CounterSnapshot snapshot =
        (io.prometheus.metrics.model.snapshots.CounterSnapshot)
            registry.scrape().stream().filter(s -> s.getMetadata().getName().equals("calls")).findFirst().get();
    assertThat(snapshot.getDataPoints())
        .anySatisfy(p -> assertThat(p.getLabels().get("status") + "=" + p.getValue()).isEqualTo("ok=2.0"))
        .anySatisfy(p -> assertThat(p.getLabels().get("status") + "=" + p.getValue()).isEqualTo("error=1.0"));
  }

  @Test
  void aGaugeMovesUpAndDown() {
    MetricsBackend.Recorder gauge =
        new PrometheusMetricsBackend(registry, 100).upDownGauge("active", "test", new String[] {"method"});

    gauge.record(1, new String[] {"GET"});
    gauge.record(1, new String[] {"GET"});
    gauge.record(-1, new String[] {"GET"});

    MetricSnapshot snapshot =
        registry.scrape().stream().filter(s -> s.getMetadata().getName().equals("active")).findFirst().get();
    assertThat(((io.prometheus.metrics.model.snapshots.GaugeSnapshot) snapshot).getDataPoints().get(0).getValue())
        .isEqualTo(1.0);
  }
}
