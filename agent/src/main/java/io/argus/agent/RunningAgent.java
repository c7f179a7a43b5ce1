package io.argus.agent;

import io.argus.agent.config.ArgusConfig;
import io.argus.agent.config.ConfigProblem;
import io.argus.agent.config.SecretText;
import io.argus.agent.endpoint.AgentEndpoint;
import io.argus.agent.endpoint.ControlEndpoint;
import io.argus.agent.endpoint.EndpointAuthenticator;
import io.argus.agent.endpoint.EndpointTls;
import io.argus.agent.export.ExportPipeline;
import io.argus.agent.export.ExporterChannel;
import io.argus.agent.export.JsonLinesSpanExporter;
import io.argus.agent.export.OtlpSpanExporterFactory;
import io.argus.agent.export.SpanQueue;
import io.argus.agent.install.InstrumentationInstaller;
import io.argus.agent.json.JsonWriter;
import io.argus.agent.log.AgentLog;
import io.argus.agent.metrics.AgentMetrics;
import io.argus.agent.metrics.JvmRuntimeMetrics;
import io.argus.agent.metrics.PrometheusMetricsBackend;
import io.argus.agent.metrics.PushgatewayPusher;
import io.argus.agent.protection.HeapAfterGc;
import io.argus.agent.protection.SpanRecordingBreaker;
import io.argus.agent.resource.ResourceDetector;
import io.argus.agent.ui.RecentTraces;
import io.argus.agent.ui.TraceViewer;
import io.prometheus.metrics.instrumentation.jvm.JvmNativeMemoryMetrics;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.FaultInjection;
import io.argus.bootstrap.TracerStats;
import io.argus.instrumentation.api.InstrumentationStatus;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The agent once started: owns the export pipeline, the endpoint and the agent's metrics, answers {@code /status}
 * and {@code /ready}, and flushes at JVM shutdown.
 */
final class RunningAgent implements AgentEndpoint.StatusSource {
  private static final AgentLog LOG = AgentLog.get("agent");
  /** Batches one backend may have outstanding before further batches for it are dropped (bounds memory). */
  private static final int MAX_IN_FLIGHT_BATCHES = 2;

  private final ArgusConfig config;
  private final String version;
  private final SpanQueue queue;
  private final InstrumentationInstaller installer;
  private final InstrumentationErrorLog instrumentationErrors;
  private final PrometheusRegistry registry;
  private final PrometheusMetricsBackend metricsBackend;
  private final PrintStream stdout;
  private final long startNanos;
  private final long startEpochMillis = System.currentTimeMillis();
  private final long startupMillis;

  private volatile Resource resource;
  private volatile ExportPipeline pipeline;
  private volatile AgentEndpoint endpoint;
  private volatile ControlEndpoint control;
  private volatile String endpointError;
  private volatile EndpointAuthenticator endpointAuthenticator;
  private volatile AgentMetrics metrics;
  private volatile RecentTraces recentTraces;
  private volatile PushgatewayPusher pusher;
  private volatile SpanRecordingBreaker breaker;
  private volatile boolean ready;
  /** Opened when background initialisation has finished, successfully or not. */
  private final CountDownLatch initialised = new CountDownLatch(1);
  private final List<String> exporterErrors = new ArrayList<String>();

  RunningAgent(
      ArgusConfig config,
      String version,
      SpanQueue queue,
      InstrumentationInstaller installer,
      InstrumentationErrorLog instrumentationErrors,
      PrometheusRegistry registry,
      PrometheusMetricsBackend metricsBackend,
      PrintStream stdout,
      long startNanos) {
    this.config = config;
    this.version = version;
    this.queue = queue;
    this.installer = installer;
    this.instrumentationErrors = instrumentationErrors;
    this.registry = registry;
    this.metricsBackend = metricsBackend;
    this.stdout = stdout;
    this.startNanos = startNanos;
    this.startupMillis = (System.nanoTime() - startNanos) / 1_000_000L;
  }

  /** Runs on the argus-init daemon thread. Each part fails alone: a bad exporter never stops the endpoint. */
  void startBackground() {
    try {
      resource = ResourceDetector.detect(config.serviceName(), config.resourceAttributes(), version);
      metrics =
          new AgentMetrics(
              registry,
              version,
              resource.getAttribute(AttributeKey.stringKey("service.name")),
              instrumentationErrors::counts);
      if (config.<Boolean>value("argus.metrics.jvm.enabled") && metricsAreRead()) {
        registerJvmMetrics();
      }
      metrics.bind(queue);
      ExportPipeline exportPipeline =
          new ExportPipeline(
              queue, exporters(), resource, config.exportBatchSize(), config.exportDelayMillis());
      metrics.bind(exportPipeline);
      if (config.prometheusEnabled() && config.<Boolean>value("argus.ui.enabled")) {
        // Fed by the export thread, so the viewer costs the application's threads nothing.
        recentTraces =
            new RecentTraces(
                config.<Integer>value("argus.ui.max.traces"), config.<Integer>value("argus.ui.max.bytes"));
        exportPipeline.addListener(recentTraces);
      }
      pipeline = exportPipeline;
      exportPipeline.start();
      startBreaker();
      if (config.prometheusEnabled()) {
        startEndpoint();
      }
      startPushgateway();
      ready = true;
      LOG.info(
          "agent_ready",
          "service",
          resource.getAttribute(AttributeKey.stringKey("service.name")),
          "endpoint",
          endpoint == null ? null : endpoint.scheme() + "://" + endpoint.address(),
          "init_ms",
          (System.nanoTime() - startNanos) / 1_000_000L);
    } catch (Throwable t) {
      LOG.error("agent_init_failed", t, "consequence", "spans are not exported; the application is unaffected");
      ArgusTracer.uninstall();
    } finally {
      initialised.countDown();
    }
  }

  /** The circuit breaker that pauses span recording under queue overflow or heap pressure (argus.breaker.*). */
  private void startBreaker() {
    if (!config.<Boolean>value("argus.breaker.enabled")) {
      return;
    }
    SpanRecordingBreaker newBreaker =
        new SpanRecordingBreaker(
            new SpanRecordingBreaker.RecordingSwitch() {
              @Override
              public void pause() {
                ArgusTracer.pauseRecording();
              }

              @Override
              public void resume() {
                ArgusTracer.resumeRecording();
              }
            },
            queue::droppedBecauseFull,
            HeapAfterGc.listen(),
            config.<Integer>value("argus.breaker.queue.drops"),
            config.<Long>value("argus.breaker.window"),
            config.<Double>value("argus.breaker.heap.ratio"),
            config.<Double>value("argus.breaker.heap.resume.ratio"));
    metrics.bind(newBreaker);
    breaker = newBreaker;
    newBreaker.start();
  }

  /** Pushes to a Pushgateway when argus.prometheus.pushgateway.url is set, for JVMs too short-lived to scrape. */
  private void startPushgateway() {
    String url = config.value("argus.prometheus.pushgateway.url");
    if (url == null) {
      return;
    }
    String job = resource.getAttribute(AttributeKey.stringKey("service.name"));
    String instance = resource.getAttribute(AttributeKey.stringKey("host.name"));
    if (instance == null) {
      instance = resource.getAttribute(AttributeKey.stringKey("service.instance.id"));
    }
    PushgatewayPusher newPusher = new PushgatewayPusher(registry, url, job, instance, 2000);
    newPusher.start(config.<Long>value("argus.prometheus.pushgateway.interval"));
    pusher = newPusher;
  }

  /** The endpoint serves /metrics or a Pushgateway is pushed to; otherwise JVM metrics would be collected for nobody. */
  private boolean metricsAreRead() {
    return config.prometheusEnabled() || config.value("argus.prometheus.pushgateway.url") != null;
  }

  /**
   * Memory pools, GC, threads, classes, CPU, file descriptors: the families of prometheus-metrics-instrumentation-jvm,
   * read from the JDK's MXBeans at scrape time by one class of ours (the library's collectors cost 74 classes).
   * That library's native memory metrics only when the JVM tracks native memory (-XX:NativeMemoryTracking): finding out
   * through JMX starts the whole platform MBean server, some 250 classes and a megabyte of heap, for metrics that would
   * stay empty.
   */
  private void registerJvmMetrics() {
    try {
      JvmRuntimeMetrics.register(registry);
      if (nativeMemoryTracked()) {
        JvmNativeMemoryMetrics.builder().register(registry);
      }
    } catch (Throwable t) {
      LOG.error("jvm_metrics_failed", t, "consequence", "no jvm_* metrics; everything else works");
    }
  }

  private static boolean nativeMemoryTracked() {
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (argument.startsWith("-XX:NativeMemoryTracking=") && !argument.endsWith("=off")) {
        return true;
      }
    }
    return false;
  }

  private List<ExporterChannel> exporters() {
    List<ExporterChannel> channels = new ArrayList<ExporterChannel>();
    for (String name : config.tracesExporters()) {
      try {
        if ("console".equals(name)) {
          channels.add(new ExporterChannel("console", consoleExporter(), 1, metrics));
        } else if ("otlp".equals(name)) {
          channels.add(
              new ExporterChannel(
                  "otlp",
                  OtlpSpanExporterFactory.create(config.otlp(), version, MAX_IN_FLIGHT_BATCHES),
                  MAX_IN_FLIGHT_BATCHES,
                  metrics));
          LOG.info(
              "otlp_exporter_configured",
              "endpoint",
              SecretText.url(config.otlp().endpoint()),
              "protocol",
              config.otlp().protocol());
        }
      } catch (Throwable t) {
        String message = name + ": " + t;
        synchronized (exporterErrors) {
          exporterErrors.add(message);
        }
        LOG.error("exporter_init_failed", t, "exporter", name, "consequence", "this exporter is off; others work");
      }
    }
    return channels;
  }

  private JsonLinesSpanExporter consoleExporter() {
    String target = config.spansTarget();
    if ("stdout".equals(target)) {
      return new JsonLinesSpanExporter(stdout, false);
    }
    if ("stderr".equals(target)) {
      return new JsonLinesSpanExporter(System.err, false);
    }
    try {
      return new JsonLinesSpanExporter(new PrintStream(new FileOutputStream(target, true), false, "UTF-8"), true);
    } catch (Exception e) {
      LOG.error(
          "span_output_unwritable", e, "target", target, "fallback", "stdout", "setting", "argus.logs.target");
      return new JsonLinesSpanExporter(stdout, false);
    }
  }

  private void startEndpoint() {
    String host = config.metricsHost();
    int port = config.metricsPort();
    control =
        ControlEndpoint.create(
            config.<String>value("argus.control.token"), config.<Boolean>value("argus.control.allow.remote"));
    try {
      EndpointAuthenticator authenticator = endpointAuthenticator();
      SSLContext tls = endpointTls();
      endpoint =
          AgentEndpoint.start(
              host,
              port,
              metrics.registry(),
              this,
              recentTraces == null ? null : new TraceViewer(recentTraces, metrics.registry()),
              control,
              authenticator,
              tls);
      endpointAuthenticator = authenticator;
      String url = endpoint.scheme() + "://" + endpoint.address();
      LOG.info(
          "endpoint_started",
          "address",
          url,
          "paths",
          "/metrics /health /ready /status /control",
          "auth",
          authenticator == null ? "none" : authenticator.schemes(),
          "open_paths",
          authenticator == null ? null : authenticator.openPaths(),
          "control",
          !control.enabled() ? "disabled (no argus.control.token)" : control.allowsRemote() ? "any host" : "loopback");
      if (control.enabled() && control.allowsRemote()) {
        LOG.warn(
            "control_remote_allowed",
            "setting",
            "argus.control.allow.remote",
            "consequence",
            "any host that reaches the endpoint and holds the token can switch instrumentation off");
      }
      warnIfExposed(authenticator, tls);
      if (port == 0 && !"stderr".equals(config.logTarget())) {
        System.err.println("[argus] endpoint listening on " + url);
      }
    } catch (BindException e) {
      endpointError = "port " + port + " on " + host + " is already in use (" + e.getMessage() + ")";
      LOG.error(
          "endpoint_port_in_use",
          null,
          "address",
          host + ":" + port,
          "setting",
          "argus.metrics.port",
          "consequence",
          "no /metrics, /health, /ready, /status; tracing and export continue",
          "fix",
          "choose another port with ARGUS_METRICS_PORT (0 picks a free one)");
    } catch (EndpointTlsUnusable e) {
      endpointError = e.getMessage();
      LOG.error(
          "endpoint_tls_unusable",
          null,
          "keystore",
          config.value("argus.endpoint.tls.keystore.path"),
          "problem",
          e.getMessage(),
          "setting",
          "argus.endpoint.tls.keystore.path / .password / .type",
          "consequence",
          "the endpoint is not started (never served without the TLS that was asked for); tracing continues");
    } catch (Throwable t) {
      endpointError = String.valueOf(t);
      LOG.error("endpoint_failed", t, "address", host + ":" + port, "consequence", "no endpoint; tracing continues");
    }
  }

  /** Null when no credentials are configured (the default: the endpoint is open, and bound to loopback). */
  private EndpointAuthenticator endpointAuthenticator() {
    EndpointAuthenticator authenticator =
        EndpointAuthenticator.of(
            config.<String>value("argus.endpoint.auth.basic.username"),
            config.<String>value("argus.endpoint.auth.basic.password"),
            config.<String>value("argus.endpoint.auth.bearer.token"),
            config.<List<String>>value("argus.endpoint.auth.open.paths"));
    if (authenticator != null && authenticator.incomplete()) {
      LOG.error(
          "endpoint_auth_incomplete",
          null,
          "problem",
          "argus.endpoint.auth.basic.username and argus.endpoint.auth.basic.password must be set together",
          "consequence",
          "every path but the open ones answers 401 until both are set (fails closed, never open)");
    }
    return authenticator;
  }

  /** Null for plain HTTP (no key store configured). */
  private SSLContext endpointTls() throws EndpointTlsUnusable {
    String path = config.value("argus.endpoint.tls.keystore.path");
    if (path == null) {
      return null;
    }
    try {
      return EndpointTls.serverContext(
          path,
          config.<String>value("argus.endpoint.tls.keystore.password"),
          config.<String>value("argus.endpoint.tls.keystore.type"));
    } catch (Exception e) {
      throw new EndpointTlsUnusable("cannot use the key store " + path + ": " + e.getMessage());
    }
  }

  /** Anything but loopback can be reached from other machines: say so, once, at start. */
  private void warnIfExposed(EndpointAuthenticator authenticator, SSLContext tls) {
    java.net.InetAddress bound = endpoint.boundAddress();
    if (bound.isLoopbackAddress()) {
      return;
    }
    LOG.warn(
        "endpoint_exposed",
        "address",
        endpoint.address(),
        "all_interfaces",
        bound.isAnyLocalAddress(),
        "auth",
        authenticator == null ? "none" : authenticator.schemes(),
        "tls",
        tls != null,
        "risk",
        authenticator == null
            ? "anyone who can reach this port reads /metrics, /status and the traces of the viewer"
            : "reachable from other machines; only the open paths answer without credentials",
        "fix",
        "bind to 127.0.0.1 (argus.metrics.host, the default), or set argus.endpoint.auth.* and "
            + "argus.endpoint.tls.keystore.* (docs/security.md)");
  }

  /** The configured key store cannot be used. */
  private static final class EndpointTlsUnusable extends Exception {
    private static final long serialVersionUID = 1L;

    EndpointTlsUnusable(String message) {
      super(message, null, false, false);
    }
  }

  /** The shutdown hook: a last flush within argus.shutdown.timeout, never longer. */
  void shutdown() {
    long timeoutMillis = config.shutdownTimeoutMillis();
    long start = System.nanoTime();
    boolean pushAtExit = config.value("argus.prometheus.pushgateway.url") != null;
    if (initialised.getCount() > 0 && queue.depth() == 0 && !pushAtExit) {
      return; // nothing to flush and nothing started yet: a short-lived JVM must not wait for the agent's start
    }
    try {
      // A short-lived JVM can exit before the background start has built the pipeline; its spans are queued and
      // deserve the same flush, so wait for the start (within the same budget).
      initialised.await(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    SpanRecordingBreaker currentBreaker = breaker;
    if (currentBreaker != null) {
      currentBreaker.stop();
    }
    // Spans started from now on are not recorded: the queue then holds a finite amount (the spans already queued and
    // those in progress), which the flush can drain, instead of chasing an application that keeps making spans.
    ArgusTracer.pauseRecording();
    ExportPipeline current = pipeline;
    if (current != null) {
      long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      current.shutdown(Math.max(1, timeoutMillis - elapsed));
    }
    logShutdown(current, start);
    PushgatewayPusher currentPusher = pusher;
    if (currentPusher != null) {
      currentPusher.pushAtExit(); // bounded by its 2 s timeouts, after the flush so the counts are final
    }
    AgentEndpoint currentEndpoint = endpoint;
    if (currentEndpoint != null) {
      currentEndpoint.stop();
    }
  }

  /**
   * One line saying what became of the spans, so that nothing is lost silently even when nobody scrapes the last
   * counts: spans exported per exporter and dropped per reason over the JVM's life, including those still queued when
   * the budget ran out (or when the pipeline had not even started), and those still in flight, unconfirmed.
   */
  private void logShutdown(ExportPipeline current, long startNanos) {
    Map<String, Long> exported = new LinkedHashMap<String, Long>();
    Map<String, Long> dropped = new LinkedHashMap<String, Long>();
    dropped.put(AgentMetrics.REASON_QUEUE_FULL, queue.droppedBecauseFull());
    Map<String, Long> unconfirmed = new LinkedHashMap<String, Long>();
    long busy = 0;
    long failed = 0;
    if (current != null) {
      for (ExporterChannel channel : current.channels()) {
        exported.put(channel.name(), channel.exported());
        unconfirmed.put(channel.name(), channel.inFlightSpans());
        busy += channel.droppedBusy();
        failed += channel.droppedFailed();
      }
    }
    dropped.put(AgentMetrics.REASON_EXPORTER_BUSY, busy);
    dropped.put(AgentMetrics.REASON_EXPORT_FAILED, failed);
    dropped.put(AgentMetrics.REASON_SHUTDOWN, current == null ? queue.depth() : current.droppedAtShutdown());
    LOG.info(
        "shutdown_flushed",
        "elapsed_ms",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
        "budget_ms",
        config.shutdownTimeoutMillis(),
        "spans_exported",
        exported,
        "spans_dropped",
        dropped,
        // Sent, but the backend had not answered when the budget ran out: delivered or not, nobody will know.
        "spans_unconfirmed",
        unconfirmed);
  }

  @Override
  public boolean isReady() {
    return ready;
  }

  @Override
  public String statusJson() {
    JsonWriter json = new JsonWriter().beginObject();
    json.name("agent").beginObject();
    json.field("name", "argus");
    json.field("version", version);
    json.field("started_at_epoch_ms", startEpochMillis);
    json.field("uptime_seconds", (System.currentTimeMillis() - startEpochMillis) / 1000L);
    json.field("startup_ms", startupMillis);
    json.field("ready", ready);
    json.field("java_version", System.getProperty("java.version"));
    json.endObject();

    Resource currentResource = resource;
    json.name("service").beginObject();
    if (currentResource != null) {
      json.field("name", currentResource.getAttribute(AttributeKey.stringKey("service.name")));
      json.name("resource").beginObject();
      for (Map.Entry<AttributeKey<?>, Object> entry : currentResource.getAttributes().asMap().entrySet()) {
        json.field(entry.getKey().getKey(), entry.getValue());
      }
      json.endObject();
    }
    json.endObject();

    json.name("endpoint").beginObject();
    AgentEndpoint currentEndpoint = endpoint;
    json.field("address", currentEndpoint == null ? null : currentEndpoint.address());
    json.field("scheme", currentEndpoint == null ? null : currentEndpoint.scheme());
    EndpointAuthenticator authenticator = endpointAuthenticator;
    json.field("auth", authenticator == null ? "none" : authenticator.schemes());
    json.field("auth_refused", authenticator == null ? 0L : authenticator.refused());
    json.field("error", endpointError);
    ControlEndpoint currentControl = control;
    json.name("control").beginObject();
    json.field("enabled", currentControl != null && currentControl.enabled());
    json.field("allow_remote", currentControl != null && currentControl.allowsRemote());
    json.endObject();
    json.endObject();

    json.name("config").beginObject();
    json.field("file", config.configFile());
    json.field("settings", config.effectiveSettings());
    json.field("sources", config.settingSources());
    json.name("problems").beginArray();
    for (ConfigProblem problem : config.problems()) {
      json.value(problem.message());
    }
    json.endArray();
    json.endObject();

    json.name("instrumentations").beginObject();
    json.field("installed", installer.installed());
    json.field("disabled", installer.disabled());
    json.field(
        "switched_off",
        installer.switches() == null ? Collections.<String>emptyList() : installer.switches().switchedOff());
    json.field("transformed_types", installer.transformedTypes());
    json.field("skipped_types", installer.skippedTypes());
    json.field("transform_errors", installer.transformErrors());
    json.field("unresolvable_types", installer.unresolvableTypes());
    json.field("advice_errors", instrumentationErrors.counts());
    if (FaultInjection.ON) {
      json.field("fault_injection", FaultInjection.activeSites()); // test only, see FaultInjection
    }
    json.field("status", InstrumentationStatus.snapshot());
    json.endObject();

    json.name("metrics").beginObject();
    PushgatewayPusher currentPusher = pusher;
    if (currentPusher != null) {
      json.name("pushgateway").beginObject();
      json.field("url", SecretText.url(currentPusher.url()));
      json.field("pushes_succeeded", currentPusher.succeeded());
      json.field("pushes_failed", currentPusher.failed());
      json.field("last_error", currentPusher.lastError());
      json.endObject();
    }
    json.field("max_series_per_metric", config.metricsMaxSeries());
    json.field("series_overflow", metricsBackend.overflows());
    json.endObject();

    SpanRecordingBreaker currentBreaker = breaker;
    json.name("span_recording").beginObject();
    json.field("paused", ArgusTracer.isPaused());
    if (currentBreaker != null) {
      SpanRecordingBreaker.Reason reason = currentBreaker.pausedFor();
      json.field("breaker", "on");
      json.field("reason", reason == null ? null : reason.label);
      json.field("detail", currentBreaker.pauseDetail());
      json.name("pauses").beginObject();
      for (SpanRecordingBreaker.Reason each : SpanRecordingBreaker.Reason.values()) {
        json.field(each.label, currentBreaker.pauses(each));
      }
      json.endObject();
      double heap = currentBreaker.heapAfterGcRatio();
      json.field("heap_after_gc_ratio", Double.isNaN(heap) ? null : Math.round(heap * 1000) / 1000.0);
      json.field("queue_drops_threshold", currentBreaker.queueDropsThreshold());
      json.field("window_ms", currentBreaker.windowMillis());
      json.field("heap_ratio", currentBreaker.heapRatio());
      json.field("heap_resume_ratio", currentBreaker.heapResumeRatio());
    } else {
      json.field("breaker", "off");
    }
    json.endObject();

    json.name("queue").beginObject();
    json.field("depth", queue.depth());
    json.field("capacity", queue.capacity());
    json.endObject();

    ExportPipeline currentPipeline = pipeline;
    long dropped = queue.droppedBecauseFull();
    json.name("exporters").beginArray();
    if (currentPipeline != null) {
      for (ExporterChannel channel : currentPipeline.channels()) {
        json.beginObject();
        json.field("name", channel.name());
        json.field("state", channel.state().name());
        json.field("exported", channel.exported());
        json.field("dropped_exporter_busy", channel.droppedBusy());
        json.field("dropped_export_failed", channel.droppedFailed());
        json.field("failed_exports", channel.failedExports());
        json.field("in_flight_batches", channel.inFlight());
        json.field("last_error", channel.lastError());
        json.field("last_error_epoch_ms", channel.lastErrorEpochMillis());
        json.field("last_success_epoch_ms", channel.lastSuccessEpochMillis());
        json.endObject();
      }
    }
    synchronized (exporterErrors) {
      for (String error : exporterErrors) {
        json.beginObject().field("name", error.substring(0, error.indexOf(':'))).field("state", "INIT_FAILED");
        json.field("last_error", error).endObject();
      }
    }
    json.endArray();

    json.name("spans").beginObject();
    json.field("started", TracerStats.SPANS_STARTED.sum());
    json.field("sampled", TracerStats.SPANS_SAMPLED.sum());
    json.field("ended", TracerStats.SPANS_ENDED.sum());
    json.name("exported").beginObject();
    if (currentPipeline != null) {
      for (ExporterChannel channel : currentPipeline.channels()) {
        json.field(channel.name(), channel.exported());
      }
    }
    json.endObject();
    json.name("dropped").beginObject();
    json.field(AgentMetrics.REASON_QUEUE_FULL, dropped);
    json.field(AgentMetrics.REASON_RECORDING_PAUSED, TracerStats.SPANS_NOT_RECORDED_PAUSED.sum());
    if (currentPipeline != null) {
      long busy = 0;
      long failed = 0;
      for (ExporterChannel channel : currentPipeline.channels()) {
        busy += channel.droppedBusy();
        failed += channel.droppedFailed();
      }
      json.field(AgentMetrics.REASON_EXPORTER_BUSY, busy);
      json.field(AgentMetrics.REASON_EXPORT_FAILED, failed);
      json.field(AgentMetrics.REASON_SHUTDOWN, currentPipeline.droppedAtShutdown());
    }
    json.endObject();
    json.endObject();
    return json.endObject().toString();
  }
}
