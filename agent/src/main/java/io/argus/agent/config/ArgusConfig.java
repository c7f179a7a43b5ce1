package io.argus.agent.config;

import static io.argus.agent.config.Setting.*;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The agent's configuration, immutable, as produced by {@link ConfigLoader}. Settings that depend on each other
 * (exporters, OTLP endpoint, service name) are resolved here so that callers read final values.
 */
public final class ArgusConfig {

  public static final String CONSOLE = "console";
  public static final String OTLP = "otlp";

  /** Every setting's parsed value by canonical key, for settings read through {@link #value(String)}. */
  private final Map<String, Object> values;

  private final boolean enabled;
  private final boolean strict;
  private final String serviceName;
  private final Map<String, String> resourceAttributes;
  private final Set<String> tracesExporters;
  private final OtlpSettings otlp;
  private final String sampler;
  private final double samplerArg;
  private final Set<String> propagators;
  private final boolean instrumentationDefaultEnabled;
  private final Map<String, Boolean> instrumentationEnabled; // by Setting.instrumentationName
  private final boolean prometheusEnabled;
  private final String metricsHost;
  private final int metricsPort;
  private final int spanQueueCapacity;
  private final int exportBatchSize;
  private final long exportDelayMillis;
  private final long shutdownTimeoutMillis;
  private final long defaultTimeoutMillis;
  private final String spansTarget;
  private final String logLevel;
  private final String logTarget;
  private final String configFile;
  private final List<ConfigProblem> problems;
  private final Map<String, String> effectiveSettings;
  private final Map<String, String> settingSources;

  /**
   * @param values  canonical key -> parsed value (or its default, possibly null), for every setting
   * @param sources canonical key -> label of the source the value came from
   */
  ArgusConfig(Map<String, Object> values, Map<String, String> sources, List<ConfigProblem> problems) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<String, Object>(values));
    Map<String, String> effective = new TreeMap<String, String>();
    Map<String, String> from = new TreeMap<String, String>(sources);

    enabled = !this.<Boolean>get(values, SDK_DISABLED) && this.<Boolean>get(values, ENABLED);
    strict = get(values, STRICT);
    resourceAttributes = get(values, RESOURCE_ATTRIBUTES);

    // OTel: otel.service.name wins over service.name in otel.resource.attributes.
    Setting serviceNameFrom = values.get(SERVICE_NAME.key) == null && resourceAttributes.containsKey("service.name")
        ? RESOURCE_ATTRIBUTES : SERVICE_NAME;
    serviceName = serviceNameFrom == SERVICE_NAME ? this.<String>get(values, SERVICE_NAME)
        : resourceAttributes.get("service.name");

    // Traces-specific OTLP settings override the generic ones, which override the defaults.
    Setting protocolFrom = firstSet(values, OTLP_TRACES_PROTOCOL, OTLP_PROTOCOL);
    String protocol = get(values, protocolFrom);
    Setting endpointFrom = firstSet(values, OTLP_TRACES_ENDPOINT, OTLP_ENDPOINT);
    String endpoint = otlpEndpoint(endpointFrom, this.<String>get(values, endpointFrom), protocol);
    Setting headersFrom = firstSet(values, OTLP_TRACES_HEADERS, OTLP_HEADERS);
    Setting timeoutFrom = firstSet(values, OTLP_TRACES_TIMEOUT, OTLP_TIMEOUT, TIMEOUT);
    Setting compressionFrom = firstSet(values, OTLP_TRACES_COMPRESSION, OTLP_COMPRESSION);
    otlp = new OtlpSettings(endpoint, protocol, this.<Map<String, String>>get(values, headersFrom),
        this.<Long>get(values, timeoutFrom), this.<String>get(values, compressionFrom));

    // Which setting decided whether console/otlp are on, for settingSources().
    Setting consoleFrom = TRACES_EXPORTER;
    Setting otlpFrom = TRACES_EXPORTER;
    Set<String> exporters = get(values, TRACES_EXPORTER);
    if (exporters == null) { // not set anywhere: derived from logs.enabled / otlp.enabled / endpoints
      Boolean logsEnabled = get(values, LOGS_ENABLED);
      Boolean otlpEnabled = get(values, OTLP_ENABLED);
      boolean endpointSet = values.get(OTLP_ENDPOINT.key) != null || values.get(OTLP_TRACES_ENDPOINT.key) != null;
      Set<String> derived = new LinkedHashSet<String>();
      if (!Boolean.FALSE.equals(logsEnabled)) {
        derived.add(CONSOLE);
      }
      if (otlpEnabled == null ? endpointSet : otlpEnabled) {
        derived.add(OTLP);
      }
      exporters = Collections.unmodifiableSet(derived);
      consoleFrom = LOGS_ENABLED;
      otlpFrom = otlpEnabled == null && endpointSet ? endpointFrom : OTLP_ENABLED;
    }
    tracesExporters = exporters;

    sampler = get(values, SAMPLER);
    samplerArg = this.<Double>get(values, SAMPLER_ARG);
    propagators = get(values, PROPAGATORS);
    instrumentationDefaultEnabled = get(values, INSTRUMENTATION_DEFAULT_ENABLED);
    Map<String, Boolean> instrumentation = new LinkedHashMap<String, Boolean>();
    for (Map.Entry<String, Object> entry : values.entrySet()) {
      String name = instrumentationNameOf(entry.getKey());
      if (name != null && entry.getValue() != null) {
        instrumentation.put(instrumentationName(name), (Boolean) entry.getValue());
      }
    }
    instrumentationEnabled = Collections.unmodifiableMap(instrumentation);
    prometheusEnabled = get(values, PROMETHEUS_ENABLED);
    metricsHost = get(values, METRICS_HOST);
    metricsPort = this.<Integer>get(values, METRICS_PORT);
    spanQueueCapacity = this.<Integer>get(values, SPAN_QUEUE_CAPACITY);
    exportBatchSize = this.<Integer>get(values, EXPORT_BATCH_SIZE);
    exportDelayMillis = this.<Long>get(values, EXPORT_DELAY);
    shutdownTimeoutMillis = this.<Long>get(values, SHUTDOWN_TIMEOUT);
    defaultTimeoutMillis = this.<Long>get(values, TIMEOUT);
    spansTarget = get(values, LOGS_TARGET);
    logLevel = get(values, LOG_LEVEL);
    logTarget = get(values, LOG_TARGET);
    configFile = get(values, CONFIG_FILE);
    this.problems = Collections.unmodifiableList(problems);

    // The effective view shows what is in effect, so derived keys show their resolved value and its origin.
    for (Map.Entry<String, Object> entry : values.entrySet()) {
      Setting setting = byKey(entry.getKey());
      effective.put(entry.getKey(), setting == null ? format(entry.getValue()) : setting.show(entry.getValue()));
    }
    resolved(effective, from, sources, SERVICE_NAME, serviceNameFrom, serviceName);
    resolved(effective, from, sources, TRACES_EXPORTER, TRACES_EXPORTER, exporters.isEmpty() ? "none" : format(exporters));
    resolved(effective, from, sources, LOGS_ENABLED, consoleFrom, exporters.contains(CONSOLE));
    resolved(effective, from, sources, OTLP_ENABLED, otlpFrom, exporters.contains(OTLP));
    resolved(effective, from, sources, OTLP_TRACES_ENDPOINT, endpointFrom, OTLP_TRACES_ENDPOINT.show(endpoint));
    resolved(effective, from, sources, OTLP_TRACES_PROTOCOL, protocolFrom, protocol);
    resolved(effective, from, sources, OTLP_TRACES_HEADERS, headersFrom, OTLP_HEADERS.show(otlp.headers()));
    resolved(effective, from, sources, OTLP_TRACES_TIMEOUT, timeoutFrom, otlp.timeoutMillis());
    resolved(effective, from, sources, OTLP_TRACES_COMPRESSION, compressionFrom, otlp.compression());
    effectiveSettings = Collections.unmodifiableMap(effective);
    settingSources = Collections.unmodifiableMap(from);
  }

  /** The configuration with nothing set: defaults only. */
  /**
   * The parsed value of any setting by its canonical key (Integer, Long, Boolean, String, List, Set or Map, as its
   * type says), for the settings of one component that need no derivation here, e.g. an instrumentation's.
   * Throws IllegalArgumentException for a key that is not a setting, so a typo fails fast in tests.
   */
  @SuppressWarnings("unchecked")
  public <T> T value(String key) {
    if (!values.containsKey(key)) {
      throw new IllegalArgumentException("not a setting: " + key);
    }
    return (T) values.get(key);
  }

  public int metricsMaxSeries() {
    return this.<Integer>value(METRICS_MAX_SERIES.key);
  }

  public static ArgusConfig defaults() {
    return ConfigLoader.load(null, Collections.<String, String>emptyMap(), new Properties());
  }

  /** False when otel.sdk.disabled=true or argus.enabled=false: the agent should do nothing. */
  public boolean enabled() {
    return enabled;
  }

  /** With argus.strict=true any {@link #problems()} entry must abort the agent's start-up. */
  public boolean strict() {
    return strict;
  }

  /** otel.service.name, else service.name of the resource attributes; null when neither is set. */
  public String serviceName() {
    return serviceName;
  }

  /** Unmodifiable, in the order written. */
  public Map<String, String> resourceAttributes() {
    return resourceAttributes;
  }

  /** A subset of {{@link #CONSOLE}, {@link #OTLP}}; empty means spans are not exported. Unmodifiable. */
  public Set<String> tracesExporters() {
    return tracesExporters;
  }

  public OtlpSettings otlp() {
    return otlp;
  }

  /** One of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio. */
  public String sampler() {
    return sampler;
  }

  /** The ratio in [0, 1] for the traceidratio samplers. */
  public double samplerArg() {
    return samplerArg;
  }

  /** A subset of {tracecontext, baggage}; empty means no propagation. Unmodifiable. */
  public Set<String> propagators() {
    return propagators;
  }

  /**
   * otel.instrumentation.&lt;name&gt;.enabled if set, else otel.instrumentation.common.default-enabled. Names match
   * case-insensitively and with '-' equal to '_' (so OTEL_INSTRUMENTATION_SPRING_WEBMVC_ENABLED sets spring-webmvc).
   */
  public boolean isInstrumentationEnabled(String name) {
    Boolean enabled = name == null ? null : instrumentationEnabled.get(instrumentationName(name));
    return enabled == null ? instrumentationDefaultEnabled : enabled;
  }

  /** Whether the agent's HTTP endpoint (/metrics, /health, /ready, /status) runs. */
  public boolean prometheusEnabled() {
    return prometheusEnabled;
  }

  public String metricsHost() {
    return metricsHost;
  }

  /** 0 means: pick a free port. */
  public int metricsPort() {
    return metricsPort;
  }

  public int spanQueueCapacity() {
    return spanQueueCapacity;
  }

  public int exportBatchSize() {
    return exportBatchSize;
  }

  public long exportDelayMillis() {
    return exportDelayMillis;
  }

  /** How long flushing spans may take at JVM exit. */
  public long shutdownTimeoutMillis() {
    return shutdownTimeoutMillis;
  }

  /** argus.timeout: the export timeout of backends that have no timeout of their own. */
  public long defaultTimeoutMillis() {
    return defaultTimeoutMillis;
  }

  /** Where the JSON lines of finished spans go: "stdout", "stderr" or a file path. */
  public String spansTarget() {
    return spansTarget;
  }

  /** debug, info, warn or error: the agent's own diagnostic log. */
  public String logLevel() {
    return logLevel;
  }

  /** "stderr", "stdout" or a file path: the agent's own diagnostic log. */
  public String logTarget() {
    return logTarget;
  }

  /** The YAML file named by the agent argument, argus.config.file or ARGUS_CONFIG_FILE; null if none. */
  public String configFile() {
    return configFile;
  }

  /** Everything that was wrong, in the order found; each setting concerned uses a fallback. Unmodifiable. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  /** Every canonical key -> value in effect (secrets as "****", unset as ""), sorted by key. For /status. */
  public Map<String, String> effectiveSettings() {
    return effectiveSettings;
  }

  /** Canonical key -> "default", "file", "env", "system property" or "agent argument". Sorted by key. */
  public Map<String, String> settingSources() {
    return settingSources;
  }

  @Override
  public String toString() {
    return "ArgusConfig" + effectiveSettings;
  }

  @SuppressWarnings("unchecked")
  private <T> T get(Map<String, Object> values, Setting setting) {
    return (T) values.get(setting.key);
  }

  /** The first setting that has a value; the last one is the fallback (it has a default). */
  private static Setting firstSet(Map<String, Object> values, Setting... settings) {
    for (Setting setting : settings) {
      if (values.get(setting.key) != null) {
        return setting;
      }
    }
    return settings[settings.length - 1];
  }

  /**
   * As in the OTel spec: a traces-specific endpoint is used as-is; a generic one gets /v1/traces appended for
   * http/protobuf (gRPC has no path); with none set, the default of the protocol.
   */
  private static String otlpEndpoint(Setting from, String endpoint, String protocol) {
    boolean grpc = OtlpSettings.GRPC.equals(protocol);
    if (endpoint == null) {
      return grpc ? "http://localhost:4317" : "http://localhost:4318/v1/traces";
    }
    if (from == OTLP_TRACES_ENDPOINT || grpc) {
      return endpoint;
    }
    return endpoint + (endpoint.endsWith("/") ? "v1/traces" : "/v1/traces");
  }

  private static void resolved(Map<String, String> effective, Map<String, String> from, Map<String, String> sources,
                               Setting key, Setting decidedBy, Object value) {
    effective.put(key.key, String.valueOf(value == null ? "" : value));
    String source = sources.get(decidedBy.key);
    from.put(key.key, source == null ? RawValue.Source.DEFAULT.label : source);
  }
}
