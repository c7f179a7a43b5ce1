package io.argus.bootstrap.metrics;

/**
 * A gauge read when {@code /metrics} is scraped, from a callback: for state that lives in a library and changes where
 * no instrumented call sees it (a connection pool's idle, used and pending connections). Declare one per metric as a
 * static constant. The callback runs on the scrape thread: it must be quick, must not block, and reports each label
 * set at most once per scrape.
 */
public final class CallbackGauge {
  /** Reports the current values, once per scrape. */
  public interface Callback {
    void observe(Observer observer);
  }

  /** Takes one value per label set. */
  public interface Observer {
    /** @param labelValues one value per label name, in order; low-cardinality values only */
    void value(double value, String... labelValues);
  }

  private CallbackGauge(final String name, final String help, final Callback callback, final String[] labels) {
    ArgusMetrics.declare(
        new ArgusMetrics.Binding() {
          @Override
          public void bind(MetricsBackend backend) {
            backend.callbackGauge(name, help, labels, callback);
          }
        });
  }

  public static CallbackGauge create(String name, String help, Callback callback, String... labelNames) {
    return new CallbackGauge(name, help, callback, labelNames.clone());
  }
}
