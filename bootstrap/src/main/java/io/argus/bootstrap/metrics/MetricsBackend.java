package io.argus.bootstrap.metrics;

/**
 * What the agent provides behind the metric handles: Prometheus metrics with bounded label cardinality. Installed once,
 * in premain, before any instrumented code can run.
 */
public interface MetricsBackend {
  /** A histogram of durations in seconds with the given bucket upper bounds. */
  Recorder histogram(String name, String help, double[] bucketsSeconds, String[] labelNames);

  /** A gauge that instrumentations move up and down (e.g. requests in flight). */
  Recorder upDownGauge(String name, String help, String[] labelNames);

  /** Receives one observation for a label set. Implementations never block and never throw. */
  interface Recorder {
    void record(double value, String[] labelValues);
  }
}
