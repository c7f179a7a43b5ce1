package io.argus.agent;

import io.argus.agent.config.ArgusConfig;
import io.argus.agent.config.ConfigLoader;
import io.argus.agent.config.ConfigProblem;
import io.argus.agent.export.SpanQueue;
import io.argus.agent.install.InstrumentationInstaller;
import io.argus.agent.log.AgentLog;
import io.argus.instrumentation.api.InstrumentationSettings;
import io.argus.agent.metrics.PrometheusMetricsBackend;
import io.argus.agent.metrics.PrometheusSchedulerThread;
import io.argus.bootstrap.metrics.ArgusMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.argus.bootstrap.AgentThread;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.FaultInjection;
import io.argus.bootstrap.InstrumentationErrors;
import io.argus.bootstrap.propagation.ContextPropagator;
import io.argus.bootstrap.sampling.ConstantSampler;
import io.argus.bootstrap.sampling.ParentBasedSampler;
import io.argus.bootstrap.sampling.Sampler;
import io.argus.bootstrap.sampling.TraceIdRatioSampler;
import java.io.File;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;

/**
 * Starts the agent, in two parts. On the premain thread, only what must precede the application's first class
 * loads: configuration, the span queue and sampler behind the bootstrap API, and the Byte Buddy transformer. On a
 * background daemon thread, everything slow that the application need not wait for: resource detection, exporters,
 * the export thread and the HTTP endpoint. Spans ended in between wait in the (bounded) queue.
 */
public final class AgentStarter {
  private static final AgentLog LOG = AgentLog.get("agent");

  private AgentStarter() {}

  /** Called reflectively by {@code io.argus.agent.launcher.ArgusAgent}. */
  public static void start(String agentArgs, Instrumentation instrumentation, File agentJar, boolean atStartup) {
    long startNanos = System.nanoTime();
    // Captured before the application can replace System.out with, say, a logging bridge.
    PrintStream stdout = System.out;
    final ArgusConfig config = ConfigLoader.load(agentArgs, System.getenv(), System.getProperties());
    AgentLog.configure(config.logLevel(), config.logTarget());
    for (ConfigProblem problem : config.problems()) {
      LOG.error("config_invalid", null, "problem", problem.message());
    }
    if (config.strict() && !config.problems().isEmpty()) {
      throw new StrictModeAbort(config.problems().get(0).message());
    }
    if (!config.enabled()) {
      LOG.info("agent_disabled", "reason", "disabled by configuration (otel.sdk.disabled / argus.enabled)");
      return;
    }
    String version = version(agentJar);

    SpanQueue queue = new SpanQueue(config.spanQueueCapacity(), config.exportBatchSize());
    ContextPropagator.configure(
        config.propagators().contains("tracecontext"), config.propagators().contains("baggage"));
    ArgusTracer.install(sampler(config.sampler(), config.samplerArg()), queue);
    InstrumentationErrorLog instrumentationErrors = new InstrumentationErrorLog();
    InstrumentationErrors.setListener(instrumentationErrors);
    warnIfFaultInjectionIsOn();
    // Before any instrumentation: metric handles bind to it as soon as they are declared.
    PrometheusRegistry registry = new PrometheusRegistry();
    PrometheusMetricsBackend metricsBackend = new PrometheusMetricsBackend(registry, config.metricsMaxSeries());
    // Here, not lazily on an application thread whose class loader it would keep: see the class.
    PrometheusSchedulerThread.start();
    ArgusMetrics.install(metricsBackend);

    InstrumentationInstaller installer = new InstrumentationInstaller();
    try {
      installer.install(
          instrumentation,
          AgentStarter.class.getClassLoader(),
          config::isInstrumentationEnabled,
          new InstrumentationSettings() {
            @Override
            public <T> T value(String key) {
              return config.value(key);
            }
          });
    } catch (Throwable t) {
      if (config.strict()) {
        throw new StrictModeAbort("instrumentation could not be installed: " + t);
      }
      LOG.error("instrumentation_install_failed", t, "consequence", "no automatic instrumentation; tracing API works");
    }

    final RunningAgent agent =
        new RunningAgent(
            config, version, queue, installer, instrumentationErrors, registry, metricsBackend, stdout, startNanos);
    Runtime.getRuntime().addShutdownHook(new AgentThread(agent::shutdown, "argus-shutdown"));
    // Daemon, and the threads it creates (the endpoint's dispatcher among them) inherit that.
    new AgentThread(agent::startBackground, "argus-init").start();
    LOG.info(
        "agent_started",
        "version",
        version,
        "mode",
        atStartup ? "premain" : "attach",
        "startup_ms",
        (System.nanoTime() - startNanos) / 1_000_000L,
        "sampler",
        ArgusTracer.sampler().description(),
        "exporters",
        config.tracesExporters());
  }

  /**
   * Reads the test-only fault-injection property now, once, before any instrumented call, and says loudly when it is
   * set: it makes instrumentation fail on purpose and must never reach production.
   */
  private static void warnIfFaultInjectionIsOn() {
    if (FaultInjection.ON || !FaultInjection.unknownSites().isEmpty()) {
      LOG.warn(
          "fault_injection_on",
          "setting",
          FaultInjection.PROPERTY,
          "sites",
          FaultInjection.activeSites(),
          "unknown_sites",
          FaultInjection.unknownSites(),
          "valid_sites",
          FaultInjection.SITES,
          "consequence",
          "TEST ONLY: instrumentation fails on purpose at these sites; remove the system property in production");
    }
  }

  static Sampler sampler(String name, double ratio) {
    if ("always_on".equals(name)) {
      return ConstantSampler.ALWAYS_ON;
    }
    if ("always_off".equals(name)) {
      return ConstantSampler.ALWAYS_OFF;
    }
    if ("traceidratio".equals(name)) {
      return new TraceIdRatioSampler(ratio);
    }
    if ("parentbased_always_off".equals(name)) {
      return new ParentBasedSampler(ConstantSampler.ALWAYS_OFF);
    }
    if ("parentbased_traceidratio".equals(name)) {
      return new ParentBasedSampler(new TraceIdRatioSampler(ratio));
    }
    return new ParentBasedSampler(ConstantSampler.ALWAYS_ON);
  }

  private static String version(File agentJar) {
    try {
      JarFile jar = new JarFile(agentJar, false);
      try {
        String version = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        return version == null ? "unknown" : version;
      } finally {
        jar.close();
      }
    } catch (Exception e) {
      return "unknown";
    }
  }
}
