package io.argus.bootstrap.metrics;

/**
 * A monotonic count of events, such as calls by outcome. Declare one per metric as a static constant (or create it
 * once when its name is only known from configuration); counting is exact, independent of span sampling.
 */
public final class EventCounter {
  private volatile MetricsBackend.Recorder recorder;

  private EventCounter(final String name, final String help, final String[] labels) {
    ArgusMetrics.declare(
        new ArgusMetrics.Binding() {
          @Override
          public void bind(MetricsBackend backend) {
            recorder = backend.counter(name, help, labels);
          }
        });
  }

  /** @param name the Prometheus name without the {@code _total} suffix, which the exposition adds */
  public static EventCounter create(String name, String help, String... labelNames) {
    return new EventCounter(name, help, labelNames.clone());
  }

  /** @param labelValues one value per label name, in order; low-cardinality values only */
  public void increment(String... labelValues) {
    MetricsBackend.Recorder current = recorder;
    if (current != null) {
      current.record(1, labelValues);
    }
  }

  /**
   * One label set, looked up once, for a call site that counts it again and again; null until the metrics backend
   * is installed.
   */
  public MetricsBackend.Series series(String... labelValues) {
    MetricsBackend.Recorder current = recorder;
    return current == null ? null : current.series(labelValues);
  }
}
