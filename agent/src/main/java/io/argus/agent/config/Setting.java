package io.argus.agent.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One configuration setting: canonical key (= system property name), env var, YAML path, how values are parsed and
 * checked, and the default. {@link #ALL} is the table that drives the lookup in every source and the validation.
 */
final class Setting {

  static final String INSTRUMENTATION_PREFIX = "otel.instrumentation.";
  static final String INSTRUMENTATION_SUFFIX = ".enabled";

  private static final List<String> NONE = Collections.emptyList();
  private static final Map<String, String> NO_ALIASES = Collections.emptyMap();

  static final Setting SDK_DISABLED =
      new Setting("otel.sdk.disabled", "global.enabled", ValueType.BOOLEAN, false).invertedInYaml();
  static final Setting ENABLED = new Setting("argus.enabled", null, ValueType.BOOLEAN, true);
  static final Setting STRICT = new Setting("argus.strict", "global.strict_mode", ValueType.BOOLEAN, false);
  /**
   * Decided by the launcher (io.argus.agent.launcher.DormantMains) before the file is read, hence no YAML path; they
   * are in this table so that they are validated, documented and shown on /status like every other setting.
   */
  static final Setting DORMANT_MAINS = new Setting("argus.dormant.mains", null, ValueType.stringList(
      Setting::mainPatternProblem), Collections.singletonList("jdk-tools"));
  static final Setting ACTIVE_MAINS = new Setting("argus.active.mains", null, ValueType.stringList(
      Setting::mainPatternProblem), Collections.<String>emptyList());

  static final Setting SERVICE_NAME = new Setting("otel.service.name", "global.service_name", ValueType.TEXT, null)
      .describedAs("service.name from otel.resource.attributes, else derived by the agent");
  static final Setting RESOURCE_ATTRIBUTES = new Setting("otel.resource.attributes", "global.resource_attributes",
      ValueType.KEY_VALUES, Collections.<String, String>emptyMap());

  static final Setting TRACES_EXPORTER = new Setting("otel.traces.exporter", null,
      ValueType.listOf(Arrays.asList("console", "otlp"), Collections.singletonMap("logging", "console"), NONE), null)
      .describedAs("console, plus otlp when an OTLP endpoint is set or argus.otlp.enabled=true");
  static final Setting LOGS_ENABLED = new Setting("argus.logs.enabled", "logs.enabled", ValueType.BOOLEAN, null)
      .describedAs("true unless otel.traces.exporter is set");
  static final Setting LOGS_TARGET = new Setting("argus.logs.target", "logs.target", ValueType.OUTPUT_TARGET, "stdout");
  static final Setting OTLP_ENABLED = new Setting("argus.otlp.enabled", "otlp.enabled", ValueType.BOOLEAN, null)
      .describedAs("true when an OTLP endpoint is set");

  private static final ValueType PROTOCOL =
      ValueType.oneOf(Arrays.asList("http/protobuf", "grpc"), Collections.singletonList("http/json"));
  private static final ValueType COMPRESSION = ValueType.oneOf(Arrays.asList("gzip", "none"), NONE);
  private static final ValueType TIMEOUT_MILLIS = ValueType.duration(0, Long.MAX_VALUE);

  static final Setting OTLP_ENDPOINT = new Setting("otel.exporter.otlp.endpoint", "otlp.endpoint",
      ValueType.HTTP_URL, null).describedAs("http://localhost:4318 (http/protobuf) or http://localhost:4317 (grpc)");
  static final Setting OTLP_TRACES_ENDPOINT = new Setting("otel.exporter.otlp.traces.endpoint", null,
      ValueType.HTTP_URL, null).describedAs("otel.exporter.otlp.endpoint (+ /v1/traces for http/protobuf)");
  static final Setting OTLP_PROTOCOL =
      new Setting("otel.exporter.otlp.protocol", "otlp.protocol", PROTOCOL, "http/protobuf");
  static final Setting OTLP_TRACES_PROTOCOL = new Setting("otel.exporter.otlp.traces.protocol", null, PROTOCOL, null)
      .describedAs("otel.exporter.otlp.protocol");
  static final Setting OTLP_HEADERS = new Setting("otel.exporter.otlp.headers", "otlp.headers",
      ValueType.KEY_VALUES, Collections.<String, String>emptyMap()).secret();
  static final Setting OTLP_TRACES_HEADERS = new Setting("otel.exporter.otlp.traces.headers", null,
      ValueType.KEY_VALUES, null).secret().describedAs("otel.exporter.otlp.headers");
  static final Setting OTLP_TIMEOUT = new Setting("otel.exporter.otlp.timeout", "otlp.timeout", TIMEOUT_MILLIS, null)
      .describedAs("argus.timeout");
  static final Setting OTLP_TRACES_TIMEOUT = new Setting("otel.exporter.otlp.traces.timeout", null,
      TIMEOUT_MILLIS, null).describedAs("otel.exporter.otlp.timeout");
  static final Setting OTLP_COMPRESSION =
      new Setting("otel.exporter.otlp.compression", "otlp.compression", COMPRESSION, "none");
  static final Setting OTLP_TRACES_COMPRESSION = new Setting("otel.exporter.otlp.traces.compression", null,
      COMPRESSION, null).describedAs("otel.exporter.otlp.compression");

  static final Setting SAMPLER = new Setting("otel.traces.sampler", "global.sampler", ValueType.oneOf(
      Arrays.asList("always_on", "always_off", "traceidratio", "parentbased_always_on", "parentbased_always_off",
          "parentbased_traceidratio"),
      Arrays.asList("jaeger_remote", "parentbased_jaeger_remote", "xray")), "parentbased_always_on");
  static final Setting SAMPLER_ARG = new Setting("otel.traces.sampler.arg", "global.sampler_arg", ValueType.RATIO, 1.0);
  static final Setting PROPAGATORS = new Setting("otel.propagators", "global.propagators",
      ValueType.listOf(Arrays.asList("tracecontext", "baggage"), NO_ALIASES,
          Arrays.asList("b3", "b3multi", "jaeger", "xray", "xray-lambda", "ottrace")),
      Collections.unmodifiableSet(new java.util.LinkedHashSet<String>(Arrays.asList("tracecontext", "baggage"))));

  static final Setting INSTRUMENTATION_DEFAULT_ENABLED = new Setting("otel.instrumentation.common.default-enabled",
      "instrumentation.default_enabled", ValueType.BOOLEAN, true);

  static final Setting TIMEOUT = new Setting("argus.timeout", "global.timeout", TIMEOUT_MILLIS, 10000L);
  static final Setting SHUTDOWN_TIMEOUT =
      new Setting("argus.shutdown.timeout", "global.shutdown_timeout", TIMEOUT_MILLIS, 5000L);
  static final Setting PROMETHEUS_ENABLED =
      new Setting("argus.prometheus.enabled", "prometheus.enabled", ValueType.BOOLEAN, true);
  static final Setting METRICS_HOST = new Setting("argus.metrics.host", "prometheus.host", ValueType.HOST, "127.0.0.1");
  static final Setting METRICS_PORT =
      new Setting("argus.metrics.port", "prometheus.port", ValueType.integer(0, 65535), 9464);
  static final Setting METRICS_MAX_SERIES =
      new Setting("argus.metrics.max.series", "prometheus.max_series", ValueType.integer(10, 100000), 1000);
  // Endpoint protection, off by default: credentials for every path but the open ones, and TLS from a key store.
  static final Setting ENDPOINT_AUTH_BASIC_USERNAME = new Setting("argus.endpoint.auth.basic.username",
      "endpoint.basic_auth_username", ValueType.TEXT, null).describedAs("off");
  static final Setting ENDPOINT_AUTH_BASIC_PASSWORD = new Setting("argus.endpoint.auth.basic.password",
      "endpoint.basic_auth_password", ValueType.TEXT, null).secret().describedAs("off");
  static final Setting ENDPOINT_AUTH_BEARER_TOKEN = new Setting("argus.endpoint.auth.bearer.token",
      "endpoint.bearer_token", ValueType.TEXT, null).secret().describedAs("off");
  static final Setting ENDPOINT_AUTH_OPEN_PATHS = new Setting("argus.endpoint.auth.open.paths",
      "endpoint.open_paths", ValueType.stringList(new ValueType.ItemCheck() {
        @Override
        public String problem(String path) {
          return path.startsWith("/") ? null : "expected a path such as /health";
        }
      }), Collections.unmodifiableList(Arrays.asList("/health", "/ready")));
  static final Setting ENDPOINT_TLS_KEYSTORE_PATH = new Setting("argus.endpoint.tls.keystore.path",
      "endpoint.tls_keystore_path", ValueType.TEXT, null).describedAs("off (plain HTTP)");
  static final Setting ENDPOINT_TLS_KEYSTORE_PASSWORD = new Setting("argus.endpoint.tls.keystore.password",
      "endpoint.tls_keystore_password", ValueType.TEXT, null).secret().describedAs("none");
  static final Setting ENDPOINT_TLS_KEYSTORE_TYPE = new Setting("argus.endpoint.tls.keystore.type",
      "endpoint.tls_keystore_type", ValueType.oneOf(Arrays.asList("pkcs12", "jks"), NONE), "pkcs12");
  static final Setting SPAN_QUEUE_CAPACITY =
      new Setting("argus.span.queue.capacity", "global.queue_capacity", ValueType.integer(16, 1048576), 2048);
  static final Setting EXPORT_BATCH_SIZE =
      new Setting("argus.export.batch.size", "global.batch_size", ValueType.integer(1, 8192), 512);
  static final Setting EXPORT_DELAY =
      new Setting("argus.export.delay", "global.export_delay", ValueType.duration(1, 60000), 1000L);
  static final Setting BREAKER_ENABLED =
      new Setting("argus.breaker.enabled", "breaker.enabled", ValueType.BOOLEAN, true);
  static final Setting BREAKER_QUEUE_DROPS = new Setting("argus.breaker.queue.drops", "breaker.queue_drops",
      ValueType.integer(0, Integer.MAX_VALUE), 1000);
  static final Setting BREAKER_WINDOW =
      new Setting("argus.breaker.window", "breaker.window", ValueType.duration(100, 3600000), 10000L);
  static final Setting BREAKER_HEAP_RATIO =
      new Setting("argus.breaker.heap.ratio", "breaker.heap_ratio", ValueType.RATIO, 0.9);
  static final Setting BREAKER_HEAP_RESUME_RATIO =
      new Setting("argus.breaker.heap.resume.ratio", "breaker.heap_resume_ratio", ValueType.RATIO, 0.75);
  static final Setting LOG_LEVEL = new Setting("argus.log.level", "global.log_level",
      ValueType.oneOf(Arrays.asList("debug", "info", "warn", "error"), NONE), "info");
  static final Setting LOG_TARGET =
      new Setting("argus.log.target", "global.log_target", ValueType.OUTPUT_TARGET, "stderr");

  static final Setting CONTROL_TOKEN =
      new Setting("argus.control.token", "control.token", ValueType.token(16), null).secret()
          .describedAs("unset (runtime control disabled)");
  static final Setting CONTROL_ALLOW_REMOTE =
      new Setting("argus.control.allow.remote", "control.allow_remote", ValueType.BOOLEAN, false);

  static final Setting HTTP_EXCLUDED_PATHS = new Setting("argus.http.excluded.paths", "http.excluded_paths",
      ValueType.stringList(null), Collections.unmodifiableList(Arrays.asList("/favicon.ico", "*.js", "*.css",
          "*.map", "*.png", "*.jpg", "*.jpeg", "*.gif", "*.svg", "*.ico", "*.woff", "*.woff2")));
  static final Setting HTTP_EXCLUDED_PATHS_IN_METRICS = new Setting("argus.http.excluded.paths.in.metrics",
      "http.excluded_paths_in_metrics", ValueType.BOOLEAN, true);
  static final Setting HTTP_ROUTE_RULES = new Setting("argus.http.route.rules", "http.route_rules",
      ValueType.stringList(new ValueType.ItemCheck() {
        @Override
        public String problem(String rule) {
          int equals = rule.indexOf('=');
          String pattern = equals < 0 ? rule : rule.substring(0, equals).trim();
          String template = equals < 0 ? "/" : rule.substring(equals + 1).trim();
          return pattern.startsWith("/") && !pattern.contains("//") && template.startsWith("/") ? null
              : "expected a path pattern such as /owners/*/pets/* or /pattern=/template";
        }
      }), Collections.<String>emptyList());
  static final Setting HTTP_REDACTION = new Setting("argus.http.redaction.enabled", "http.redaction",
      ValueType.BOOLEAN, true);
  static final Setting HTTP_REDACTED_QUERY_PARAMETERS = new Setting("argus.http.redaction.query.parameters",
      "http.redacted_query_parameters", ValueType.stringList(null), Collections.unmodifiableList(Arrays.asList(
          "token", "password", "passwd", "pwd", "secret", "key", "auth", "signature", "sig", "session",
          "credential")));
  static final Setting HTTP_REQUEST_ID_HEADER = new Setting("argus.http.request.id.header",
      "http.request_id_header", ValueType.HEADER_NAME, "X-Request-ID");
  static final Setting HTTP_TRACE_ID_RESPONSE_HEADER = new Setting("argus.http.trace.id.response.header",
      "http.trace_id_response_header", ValueType.HEADER_NAME, null);

  static final Setting CAPABILITIES = new Setting("argus.capabilities", "capabilities.rules",
      CapabilitySettingTypes.RULES, Collections.<String>emptyList());
  static final Setting CAPABILITIES_VALUE_MAX_LENGTH = new Setting("argus.capabilities.value.max.length",
      "capabilities.value_max_length", ValueType.integer(16, 65536), 256);
  static final Setting METRICS_PREFIX = new Setting("argus.metrics.prefix", "prometheus.metric_prefix",
      CapabilitySettingTypes.METRIC_PREFIX_TYPE, "");

  static final Setting JDBC_SQL_MAX_LENGTH = new Setting("argus.jdbc.sql.max.length", "jdbc.sql_max_length",
      ValueType.integer(64, 1048576), 4096);
  static final Setting JDBC_SQL_CACHE_SIZE = new Setting("argus.jdbc.sql.cache.size", "jdbc.sql_cache_size",
      ValueType.integer(0, 100000), 1000);

  static final Setting PUSHGATEWAY_URL =
      new Setting("argus.prometheus.pushgateway.url", "prometheus.pushgateway_url", ValueType.HTTP_URL, null);
  static final Setting PUSHGATEWAY_INTERVAL = new Setting("argus.prometheus.pushgateway.interval",
      "prometheus.pushgateway_interval", ValueType.duration(1000, 3600000), 15000L);
  static final Setting METRICS_JVM_ENABLED =
      new Setting("argus.metrics.jvm.enabled", "prometheus.jvm_metrics", ValueType.BOOLEAN, true);
  static final Setting LOGGING_TRACE_ID_KEY = new Setting("otel.instrumentation.common.logging.trace-id",
      "logging.trace_id_key", ValueType.TEXT, "trace_id");
  static final Setting LOGGING_SPAN_ID_KEY = new Setting("otel.instrumentation.common.logging.span-id",
      "logging.span_id_key", ValueType.TEXT, "span_id");
  static final Setting LOGGING_TRACE_FLAGS_KEY = new Setting("otel.instrumentation.common.logging.trace-flags",
      "logging.trace_flags_key", ValueType.TEXT, "trace_flags");
  static final Setting LOGGING_REQUEST_ID_KEY = new Setting("argus.logging.request.id.key",
      "logging.request_id_key", ValueType.TEXT, "request_id").notSecret(); // the name of a log field

  static final Setting UI_ENABLED = new Setting("argus.ui.enabled", "ui.enabled", ValueType.BOOLEAN, true);
  static final Setting UI_MAX_TRACES =
      new Setting("argus.ui.max.traces", "ui.max_traces", ValueType.integer(1, 100000), 200);
  static final Setting UI_MAX_BYTES =
      new Setting("argus.ui.max.bytes", "ui.max_bytes", ValueType.integer(65536, 1073741824), 8388608);

  /** Resolved apart from the others: it decides which file is read (see ConfigLoader). */
  static final Setting CONFIG_FILE = new Setting("argus.config.file", null, ValueType.TEXT, null);

  /** Every setting with a fixed key, in documentation order (CONFIG_FILE is not resolved like these). */
  static final List<Setting> ALL = Collections.unmodifiableList(Arrays.asList(
      SDK_DISABLED, ENABLED, STRICT, DORMANT_MAINS, ACTIVE_MAINS, SERVICE_NAME, RESOURCE_ATTRIBUTES,
      TRACES_EXPORTER, LOGS_ENABLED, LOGS_TARGET, OTLP_ENABLED,
      OTLP_ENDPOINT, OTLP_TRACES_ENDPOINT, OTLP_PROTOCOL, OTLP_TRACES_PROTOCOL, OTLP_HEADERS, OTLP_TRACES_HEADERS,
      OTLP_TIMEOUT, OTLP_TRACES_TIMEOUT, OTLP_COMPRESSION, OTLP_TRACES_COMPRESSION,
      SAMPLER, SAMPLER_ARG, PROPAGATORS, INSTRUMENTATION_DEFAULT_ENABLED,
      TIMEOUT, SHUTDOWN_TIMEOUT, PROMETHEUS_ENABLED, METRICS_HOST, METRICS_PORT, METRICS_MAX_SERIES,
      ENDPOINT_AUTH_BASIC_USERNAME, ENDPOINT_AUTH_BASIC_PASSWORD, ENDPOINT_AUTH_BEARER_TOKEN, ENDPOINT_AUTH_OPEN_PATHS,
      ENDPOINT_TLS_KEYSTORE_PATH, ENDPOINT_TLS_KEYSTORE_PASSWORD, ENDPOINT_TLS_KEYSTORE_TYPE,
      SPAN_QUEUE_CAPACITY, EXPORT_BATCH_SIZE, EXPORT_DELAY,
      BREAKER_ENABLED, BREAKER_QUEUE_DROPS, BREAKER_WINDOW, BREAKER_HEAP_RATIO, BREAKER_HEAP_RESUME_RATIO,
      LOG_LEVEL, LOG_TARGET,
      CONTROL_TOKEN, CONTROL_ALLOW_REMOTE,
      HTTP_EXCLUDED_PATHS, HTTP_EXCLUDED_PATHS_IN_METRICS, HTTP_ROUTE_RULES, HTTP_REDACTION,
      HTTP_REDACTED_QUERY_PARAMETERS, HTTP_REQUEST_ID_HEADER, HTTP_TRACE_ID_RESPONSE_HEADER,
      METRICS_JVM_ENABLED, PUSHGATEWAY_URL, PUSHGATEWAY_INTERVAL, UI_ENABLED, UI_MAX_TRACES, UI_MAX_BYTES,
      JDBC_SQL_MAX_LENGTH, JDBC_SQL_CACHE_SIZE,
      CAPABILITIES, CAPABILITIES_VALUE_MAX_LENGTH, METRICS_PREFIX,
      LOGGING_TRACE_ID_KEY, LOGGING_SPAN_ID_KEY, LOGGING_TRACE_FLAGS_KEY, LOGGING_REQUEST_ID_KEY));

  private static final Map<String, Setting> BY_KEY = index(false);
  private static final Map<String, Setting> BY_YAML_PATH = index(true);

  final String key;
  final String envName;
  final String yamlPath;          // null: cannot be set in the file
  final ValueType type;
  final Object defaultValue;      // null: unset; the effective value is derived (see ArgusConfig)
  final String defaultText;       // how a null default is explained in messages
  /**
   * Masked wherever values are printed: marked so, or named like a secret ({@code *headers*}, {@code *token*},
   * {@code *password*}, {@code *secret*}, {@code *key*}, see {@link SecretText}), so that a new setting is safe even
   * if its author forgets to mark it. {@link #notSecret()} is the one, visible, way out.
   */
  final boolean secret;
  final boolean invertedInYaml;   // global.enabled is the negation of otel.sdk.disabled

  private Setting(String key, String yamlPath, ValueType type, Object defaultValue) {
    this(key, yamlPath, type, defaultValue, null, SecretText.looksSecret(key), false);
  }

  private Setting(String key, String yamlPath, ValueType type, Object defaultValue, String defaultText,
                  boolean secret, boolean invertedInYaml) {
    this.key = key;
    this.envName = envName(key);
    this.yamlPath = yamlPath;
    this.type = type;
    this.defaultValue = defaultValue;
    this.defaultText = defaultText;
    this.secret = secret;
    this.invertedInYaml = invertedInYaml;
  }

  private Setting secret() {
    return new Setting(key, yamlPath, type, defaultValue, defaultText, true, invertedInYaml);
  }

  /** For a name that only looks secret, e.g. a log field's key. */
  private Setting notSecret() {
    return new Setting(key, yamlPath, type, defaultValue, defaultText, false, invertedInYaml);
  }

  private Setting invertedInYaml() {
    return new Setting(key, yamlPath, type, defaultValue, defaultText, secret, true);
  }

  private Setting describedAs(String text) {
    return new Setting(key, yamlPath, type, defaultValue, text, secret, invertedInYaml);
  }

  /** {@code otel.instrumentation.<name>.enabled}; no default of its own, common.default-enabled applies. */
  static Setting instrumentation(String name) {
    return new Setting(instrumentationKey(name), "instrumentation." + name + ".enabled", ValueType.BOOLEAN, null,
        INSTRUMENTATION_DEFAULT_ENABLED.key, false, false);
  }

  /** An entry of argus.dormant.mains / argus.active.mains: a main class, module/class or jar pattern; no blanks. */
  static String mainPatternProblem(String entry) {
    for (int i = 0; i < entry.length(); i++) {
      if (Character.isWhitespace(entry.charAt(i))) {
        return "expected jdk-tools, a main class, module/class or jar path, '*' for any characters; no blanks";
      }
    }
    return null;
  }

  /** Env form: upper case, '.' and '-' become '_'. */
  static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Instrumentation names match case-insensitively with '-' and '_' equal (env vars cannot spell '-'). */
  static String instrumentationName(String name) {
    return name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static String instrumentationKey(String name) {
    return INSTRUMENTATION_PREFIX + instrumentationName(name) + INSTRUMENTATION_SUFFIX;
  }

  /** The instrumentation name in a key such as otel.instrumentation.jdbc.enabled, or null for any other key. */
  static String instrumentationNameOf(String key) {
    if (!key.startsWith(INSTRUMENTATION_PREFIX) || !key.endsWith(INSTRUMENTATION_SUFFIX)
        || BY_KEY.containsKey(key)) {
      return null;
    }
    String name = key.substring(INSTRUMENTATION_PREFIX.length(), key.length() - INSTRUMENTATION_SUFFIX.length());
    return name.trim().isEmpty() ? null : name;
  }

  /** The instrumentation name in an env var such as OTEL_INSTRUMENTATION_JDBC_ENABLED, or null. */
  static String instrumentationNameOfEnv(String envName) {
    String prefix = envName(INSTRUMENTATION_PREFIX);
    String suffix = envName(INSTRUMENTATION_SUFFIX);
    if (!envName.startsWith(prefix) || !envName.endsWith(suffix) || envName.equals(INSTRUMENTATION_DEFAULT_ENABLED.envName)
        || envName.length() <= prefix.length() + suffix.length()) {
      return null;
    }
    return envName.substring(prefix.length(), envName.length() - suffix.length());
  }

  static Setting byKey(String key) {
    return BY_KEY.get(key);
  }

  static Setting byYamlPath(String path) {
    return BY_YAML_PATH.get(path);
  }

  /** YAML section name -> its keys, in table order. */
  static Map<String, List<String>> yamlSections() {
    Map<String, List<String>> sections = new LinkedHashMap<String, List<String>>();
    for (Setting setting : ALL) {
      if (setting.yamlPath != null) {
        String[] parts = setting.yamlPath.split("\\.", 2);
        if (!sections.containsKey(parts[0])) {
          sections.put(parts[0], new ArrayList<String>());
        }
        sections.get(parts[0]).add(parts[1]);
      }
    }
    return sections;
  }

  /** The value as printed in messages and in the effective view; secrets never appear. */
  String show(Object value) {
    if (value instanceof Collection && ((Collection<?>) value).isEmpty()) {
      return "none"; // e.g. OTEL_PROPAGATORS=none
    }
    String text = format(value);
    if (secret && !text.isEmpty()) {
      return SecretText.MASK;
    }
    return type == ValueType.HTTP_URL ? SecretText.url(text) : text; // an endpoint may carry user:password@
  }

  /** What a problem message says happens when no valid value is set anywhere. */
  String fallbackText() {
    if (defaultValue != null) {
      String shown = show(defaultValue);
      return "using default " + (shown.isEmpty() ? "(empty)" : shown);
    }
    return defaultText == null ? "ignored" : "using default: " + defaultText;
  }

  static String format(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Map) {
      StringBuilder text = new StringBuilder();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        text.append(text.length() == 0 ? "" : ",").append(entry.getKey()).append('=').append(entry.getValue());
      }
      return text.toString();
    }
    if (value instanceof Collection) {
      return ValueType.join((Collection<?>) value, ",");
    }
    return String.valueOf(value);
  }

  private static Map<String, Setting> index(boolean byYamlPath) {
    Map<String, Setting> index = new LinkedHashMap<String, Setting>();
    for (Setting setting : ALL) {
      String name = byYamlPath ? setting.yamlPath : setting.key;
      if (name != null) {
        index.put(name, setting);
      }
    }
    if (!byYamlPath) {
      index.put(CONFIG_FILE.key, CONFIG_FILE);
    }
    return Collections.unmodifiableMap(index);
  }

  @Override
  public String toString() {
    return key;
  }
}
