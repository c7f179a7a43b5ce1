package io.argus.instrumentation.capabilities;

import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.SpanSink;
import io.argus.bootstrap.capabilities.CapabilityMetrics;
import io.argus.bootstrap.metrics.ArgusMetrics;
import io.argus.bootstrap.metrics.MetricsBackend;
import io.argus.bootstrap.sampling.ConstantSampler;
import io.argus.bootstrap.sampling.Sampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tracer and the metrics as the agent installs them, with a sink that keeps ended spans and a metrics backend
 * that keeps counts and sums in memory (the Prometheus backend lives in the agent, tested there and end to end).
 */
final class RecordedTelemetry {
  static final String PREFIX = "dawsos_";
  static final String CALLS = PREFIX + "agent_capability_calls";
  static final String DURATION = PREFIX + "agent_capability_duration_seconds";

  private static final List<ArgusSpan> SPANS = new ArrayList<>();
  private static final Map<String, Double> VALUES = new ConcurrentHashMap<>();
  private static final SpanSink SINK = span -> {
    synchronized (SPANS) {
      SPANS.add(span);
    }
  };

  static {
    ArgusMetrics.install(new MetricsBackend() {
      @Override
      public Recorder histogram(String name, String help, double[] buckets, String[] labelNames) {
        return (value, labels) -> {
          VALUES.merge(key(name + "_count", labels), 1.0, Double::sum);
          VALUES.merge(key(name + "_sum", labels), value, Double::sum);
        };
      }

      @Override
      public Recorder upDownGauge(String name, String help, String[] labelNames) {
        return (value, labels) -> VALUES.merge(key(name, labels), value, Double::sum);
      }

      @Override
      public Recorder counter(String name, String help, String[] labelNames) {
        return (value, labels) -> VALUES.merge(key(name + "_total", labels), value, Double::sum);
      }
    });
    CapabilityMetrics.configure(PREFIX);
  }

  private RecordedTelemetry() {}

  /** Forgets everything recorded and samples every span (or none). */
  static void reset(boolean sampled) {
    Sampler sampler = sampled ? ConstantSampler.ALWAYS_ON : ConstantSampler.ALWAYS_OFF;
    ArgusTracer.install(sampler, SINK);
    synchronized (SPANS) {
      SPANS.clear();
    }
    VALUES.clear();
  }

  static List<ArgusSpan> spans() {
    synchronized (SPANS) {
      return new ArrayList<>(SPANS);
    }
  }

  static ArgusSpan onlySpan() {
    List<ArgusSpan> spans = spans();
    if (spans.size() != 1) {
      throw new AssertionError("expected one span, got " + spans);
    }
    return spans.get(0);
  }

  static ArgusSpan span(String name) {
    return spans().stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans()));
  }

  /** A metric value by name and label values, 0 when never recorded. */
  static double metric(String name, String... labels) {
    return VALUES.getOrDefault(key(name, labels), 0.0);
  }

  static Map<String, Double> metrics() {
    return Map.copyOf(VALUES);
  }

  private static String key(String name, String[] labels) {
    return name + Arrays.toString(labels);
  }
}
