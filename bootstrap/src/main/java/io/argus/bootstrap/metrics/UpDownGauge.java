package io.argus.bootstrap.metrics;

/** A gauge moved by instrumentations, such as requests in flight. Declare one per metric as a static constant. */
public final class UpDownGauge {
  private volatile MetricsBackend.Recorder recorder;

  private UpDownGauge(final String name, final String help, final String[] labels) {
    ArgusMetrics.declare(
        new ArgusMetrics.Binding() {
          @Override
          public void bind(MetricsBackend backend) {
            recorder = backend.upDownGauge(name, help, labels);
          }
        });
  }

  public static UpDownGauge create(String name, String help, String... labelNames) {
    return new UpDownGauge(name, help, labelNames.clone());
  }

  public void add(long delta, String... labelValues) {
    MetricsBackend.Recorder current = recorder;
    if (current != null) {
      current.record(delta, labelValues);
    }
  }
}
