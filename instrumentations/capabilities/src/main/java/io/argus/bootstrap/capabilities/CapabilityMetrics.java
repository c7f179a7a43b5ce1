package io.argus.bootstrap.capabilities;

import io.argus.bootstrap.metrics.DurationHistogram;
import io.argus.bootstrap.metrics.EventCounter;
import io.argus.bootstrap.metrics.MetricsBackend;

/**
 * {@code agent_capability_calls_total{agent_name, capability, status}} and
 * {@code agent_capability_duration_seconds{agent_name, capability}}, recorded for every call whether its span is
 * sampled or not. Their names take the configured prefix ({@code argus.metrics.prefix}), so they are created by
 * {@link #configure}, not as constants.
 */
public final class CapabilityMetrics {
  /** Capabilities range from a cache hit to a minutes-long research run. */
  static final double[] BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300
  };

  static final String OK = "ok";
  static final String ERROR = "error";

  private static volatile EventCounter calls;
  private static volatile DurationHistogram duration;
  private static String prefix;

  private CapabilityMetrics() {}

  /**
   * Creates the metrics with their names' prefix. The first call wins: the rule and annotation instrumentations
   * both configure it, from the same setting.
   */
  public static synchronized void configure(String metricPrefix) {
    if (calls != null) {
      return;
    }
    prefix = metricPrefix == null ? "" : metricPrefix;
    duration =
        DurationHistogram.create(
            prefix + "agent_capability_duration_seconds",
            "Duration of agent capability calls; asynchronous ones until their result completes",
            BUCKETS,
            "agent_name",
            "capability");
    calls =
        EventCounter.create(
            prefix + "agent_capability_calls",
            "Agent capability calls by outcome (ok, or error when the call threw or its result failed)",
            "agent_name",
            "capability",
            "status");
  }

  /** The prefix in effect, for /status; null until configured. */
  public static synchronized String prefix() {
    return prefix;
  }

  static void record(String agent, String capability, boolean failed, long durationNanos) {
    EventCounter currentCalls = calls;
    DurationHistogram currentDuration = duration;
    if (currentCalls == null || currentDuration == null) {
      return;
    }
    currentCalls.increment(agent, capability, failed ? ERROR : OK);
    currentDuration.record(durationNanos, agent, capability);
  }

  /** The calls counter's series for one capability and outcome; null until configured and bound. */
  static MetricsBackend.Series callSeries(String agent, String capability, boolean failed) {
    EventCounter currentCalls = calls;
    return currentCalls == null ? null : currentCalls.series(agent, capability, failed ? ERROR : OK);
  }

  /** The duration histogram's series for one capability, in seconds; null until configured and bound. */
  static MetricsBackend.Series durationSeries(String agent, String capability) {
    DurationHistogram currentDuration = duration;
    return currentDuration == null ? null : currentDuration.series(agent, capability);
  }
}
