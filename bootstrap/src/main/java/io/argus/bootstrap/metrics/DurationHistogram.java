package io.argus.bootstrap.metrics;

import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.SpanContext;

/**
 * A histogram of operation durations, recorded in nanoseconds and exposed in seconds (OpenTelemetry semantic
 * conventions). Declare one per metric as a static constant; recording is exact, independent of span sampling.
 */
public final class DurationHistogram {
  /** OpenTelemetry's recommended buckets for {@code http.server.request.duration} and friends, in seconds. */
  public static final double[] HTTP_BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10
  };

  /** OpenTelemetry's recommended buckets for {@code db.client.operation.duration}, in seconds. */
  public static final double[] DB_BUCKETS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10};

  private volatile MetricsBackend.Recorder recorder;

  private DurationHistogram(final String name, final String help, final double[] buckets, final String[] labels) {
    ArgusMetrics.declare(
        new ArgusMetrics.Binding() {
          @Override
          public void bind(MetricsBackend backend) {
            recorder = backend.histogram(name, help, buckets, labels);
          }
        });
  }

  /** @param name the Prometheus name, ending in {@code _seconds} */
  public static DurationHistogram create(String name, String help, double[] bucketsSeconds, String... labelNames) {
    return new DurationHistogram(name, help, bucketsSeconds.clone(), labelNames.clone());
  }

  /**
   * Records a duration and offers {@code span} as its exemplar, so a latency outlier on a dashboard links to the
   * trace that caused it (OpenMetrics exemplars). Only sampled spans are offered: the others are never exported.
   */
  public void recordWithExemplar(long durationNanos, ArgusSpan span, String... labelValues) {
    MetricsBackend.Recorder current = recorder;
    if (current == null) {
      return;
    }
    SpanContext ids = span == null ? null : span.spanContext();
    if (ids != null && ids.isSampled()) {
      current.recordWithExemplar(durationNanos / 1e9, labelValues, ids.traceIdHigh(), ids.traceIdLow(), ids.spanId());
    } else {
      current.record(durationNanos / 1e9, labelValues);
    }
  }

  /** @param labelValues one value per label name, in order; never raw, unbounded input such as a URL path */
  public void record(long durationNanos, String... labelValues) {
    MetricsBackend.Recorder current = recorder;
    if (current != null) {
      current.record(durationNanos / 1e9, labelValues);
    }
  }

  /**
   * One label set, looked up once, for a call site that records it again and again (values in seconds); null until
   * the metrics backend is installed.
   */
  public MetricsBackend.Series series(String... labelValues) {
    MetricsBackend.Recorder current = recorder;
    return current == null ? null : current.series(labelValues);
  }
}
