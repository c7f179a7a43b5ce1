package io.argus.agent.metrics;

import io.argus.agent.export.ExportPipeline;
import io.argus.agent.export.ExporterChannel;
import io.argus.agent.export.SpanQueue;
import io.argus.agent.protection.SpanRecordingBreaker;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.TracerStats;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The agent's own metrics ({@code argus_*}) in the agent's private Prometheus registry. Counts live in the components
 * that produce them (the tracer's adders, the queue, each exporter channel); the metrics here read them through
 * callbacks at scrape time, so {@code /metrics} and {@code /status} always agree and the hot path never touches
 * Prometheus objects.
 */
public final class AgentMetrics implements ExporterChannel.ExportLatency {
  public static final String REASON_QUEUE_FULL = "queue_full";
  public static final String REASON_EXPORTER_BUSY = "exporter_busy";
  public static final String REASON_EXPORT_FAILED = "export_failed";
  public static final String REASON_SHUTDOWN = "shutdown";
  public static final String REASON_RECORDING_PAUSED = "recording_paused";

  private final PrometheusRegistry registry;
  private final Histogram exportDuration;
  private volatile SpanQueue queue;
  private volatile ExportPipeline pipeline;
  private volatile SpanRecordingBreaker breaker;

  public AgentMetrics(
      PrometheusRegistry registry,
      String version,
      String service,
      final Supplier<Map<String, Long>> instrumentationErrors) {
    this.registry = registry;
    GaugeWithCallback.builder()
        .name("argus_agent_info")
        .help("Argus agent version and the service it runs in; the value is always 1")
        .labelNames("version", "service")
        .callback(callback -> callback.call(1, version, service))
        .register(registry);
    counter("argus_spans_started", "Spans started, sampled or not", TracerStats.SPANS_STARTED);
    counter("argus_spans_sampled", "Spans started with a positive sampling decision", TracerStats.SPANS_SAMPLED);
    counter("argus_spans_ended", "Spans ended, sampled or not", TracerStats.SPANS_ENDED);
    CounterWithCallback.builder()
        .name("argus_spans_exported")
        .help("Spans accepted by a backend")
        .labelNames("exporter")
        .callback(
            callback -> {
              ExportPipeline current = pipeline;
              if (current != null) {
                for (ExporterChannel channel : current.channels()) {
                  callback.call(channel.exported(), channel.name());
                }
              }
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("argus_spans_dropped")
        .help("Spans lost, by exporter (all = before any exporter) and reason")
        .labelNames("exporter", "reason")
        .callback(
            callback -> {
              SpanQueue currentQueue = queue;
              if (currentQueue != null) {
                callback.call(currentQueue.droppedBecauseFull(), "all", REASON_QUEUE_FULL);
              }
              callback.call(TracerStats.SPANS_NOT_RECORDED_PAUSED.sum(), "all", REASON_RECORDING_PAUSED);
              ExportPipeline current = pipeline;
              if (current != null) {
                callback.call(current.droppedAtShutdown(), "all", REASON_SHUTDOWN);
                for (ExporterChannel channel : current.channels()) {
                  callback.call(channel.droppedBusy(), channel.name(), REASON_EXPORTER_BUSY);
                  callback.call(channel.droppedFailed(), channel.name(), REASON_EXPORT_FAILED);
                }
              }
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("argus_exporter_failures")
        .help("Export calls that failed after the exporter's own retries")
        .labelNames("exporter")
        .callback(
            callback -> {
              ExportPipeline current = pipeline;
              if (current != null) {
                for (ExporterChannel channel : current.channels()) {
                  callback.call(channel.failedExports(), channel.name());
                }
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("argus_exporter_up")
        .help("1 if the exporter's last export succeeded (or none was attempted yet), 0 if it failed")
        .labelNames("exporter")
        .callback(
            callback -> {
              ExportPipeline current = pipeline;
              if (current != null) {
                for (ExporterChannel channel : current.channels()) {
                  callback.call(channel.state() == ExporterChannel.State.FAILING ? 0 : 1, channel.name());
                }
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("argus_span_queue_depth")
        .help("Spans waiting in the export queue")
        .callback(
            callback -> {
              SpanQueue current = queue;
              callback.call(current == null ? 0 : current.depth());
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("argus_span_queue_capacity")
        .help("Capacity of the export queue; spans beyond it are dropped")
        .callback(
            callback -> {
              SpanQueue current = queue;
              callback.call(current == null ? 0 : current.capacity());
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("argus_span_recording_paused")
        .help("1 while span recording is paused by the circuit breaker (queue overflow or heap pressure), else 0")
        .callback(callback -> callback.call(ArgusTracer.isPaused() ? 1 : 0))
        .register(registry);
    CounterWithCallback.builder()
        .name("argus_span_recording_pauses")
        .help("Times the circuit breaker paused span recording, by reason (queue_overflow, heap_pressure)")
        .labelNames("reason")
        .callback(
            callback -> {
              SpanRecordingBreaker current = breaker;
              for (SpanRecordingBreaker.Reason reason : SpanRecordingBreaker.Reason.values()) {
                callback.call(current == null ? 0 : current.pauses(reason), reason.label);
              }
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("argus_instrumentation_errors")
        .help("Failures inside Argus instrumentation code, suppressed so the application was unaffected")
        .labelNames("instrumentation")
        .callback(
            callback -> {
              for (Map.Entry<String, Long> entry : instrumentationErrors.get().entrySet()) {
                callback.call(entry.getValue(), entry.getKey());
              }
            })
        .register(registry);
    this.exportDuration =
        Histogram.builder()
            .name("argus_export_duration_seconds")
            .help("Duration of one batch export call, retries included")
            .unit(Unit.SECONDS)
            .labelNames("exporter")
            .classicOnly()
            .classicUpperBounds(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60)
            .register(registry);
  }

  private void counter(String name, String help, final LongAdder adder) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .callback(callback -> callback.call(adder.sum()))
        .register(registry);
  }

  public void bind(SpanQueue spanQueue) {
    this.queue = spanQueue;
  }

  public void bind(SpanRecordingBreaker recordingBreaker) {
    this.breaker = recordingBreaker;
  }

  public void bind(ExportPipeline exportPipeline) {
    this.pipeline = exportPipeline;
  }

  @Override
  public void record(String exporter, double seconds) {
    exportDuration.labelValues(exporter).observe(seconds);
  }

  public PrometheusRegistry registry() {
    return registry;
  }
}
