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

  /** A counter of events; {@code name} is without the {@code _total} suffix. Recorded values must not be negative. */
  Recorder counter(String name, String help, String[] labelNames);

  /**
   * A gauge whose values the callback reports at each scrape (e.g. a connection pool's connections by state). The
   * default shows nothing, for backends (test doubles) that are never scraped.
   */
  default void callbackGauge(String name, String help, String[] labelNames, CallbackGauge.Callback callback) {}

  /** Receives one observation for a label set. Implementations never block and never throw. */
  interface Recorder {
    void record(double value, String[] labelValues);

    /**
     * The series of one label set, looked up once: for call sites whose labels never change, so that each
     * observation skips the lookup. Counts against the metric's series cap like {@link #record}.
     */
    default Series series(final String[] labelValues) {
      final String[] labels = labelValues.clone();
      return new Series() {
        @Override
        public void record(double value) {
          Recorder.this.record(value, labels);
        }
      };
    }

    /**
     * Like {@link #record}, offering the span the observation belongs to as an exemplar (trace and span ids as
     * longs: the backend formats them only for the exemplars it keeps). Backends without exemplars just record.
     */
    default void recordWithExemplar(
        double value, String[] labelValues, long traceIdHigh, long traceIdLow, long spanId) {
      record(value, labelValues);
    }
  }

  /** One label set of a metric. Never blocks, never throws. */
  interface Series {
    void record(double value);
  }
}
